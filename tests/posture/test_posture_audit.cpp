// The audit on recorded `docker inspect` output of the demo stack (tests/posture/fixtures,
// recorded from the real engine): the hardened demo passes every control, and each breakage
// fails (or warns about) exactly its own control.
#include "PostureFixtures.h"

#include "core/posture/RunningPosture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

namespace {
using namespace posturefixtures;

QJsonObject section(const PostureInput& in, const char* key)
{
    return in.container.value(QLatin1String(key)).toObject();
}
void setIn(PostureInput& in, const char* sectionKey, const QString& key, const QJsonValue& v)
{
    QJsonObject s = section(in, sectionKey);
    s.insert(key, v);
    in.container.insert(QLatin1String(sectionKey), s);
}
void setHost(PostureInput& in, const QString& key, const QJsonValue& v)
{
    setIn(in, "HostConfig", key, v);
}
void addMount(PostureInput& in, const QString& source, const QString& destination)
{
    QJsonArray mounts = in.container.value(QLatin1String("Mounts")).toArray();
    mounts.append(QJsonObject{{QStringLiteral("Type"), QStringLiteral("bind")},
                              {QStringLiteral("Source"), source},
                              {QStringLiteral("Destination"), destination},
                              {QStringLiteral("RW"), true}});
    in.container.insert(QStringLiteral("Mounts"), mounts);
}

QStringList withStatus(const QList<ControlResult>& results, ControlStatus s)
{
    QStringList out;
    for (const ControlResult& r : results)
        if (r.status == s)
            out << r.id;
    return out;
}

ControlResult find(const QList<ControlResult>& results, const QString& id)
{
    for (const ControlResult& r : results)
        if (r.id == id)
            return r;
    return {};
}

QString dump(const QList<ControlResult>& results)
{
    QStringList lines;
    for (const ControlResult& r : results)
        lines << PostureAudit::statusName(r.status) + QLatin1Char(' ') + r.id + QLatin1Char(' ') + r.detail;
    return lines.join(QLatin1Char('\n'));
}
} // namespace

class TestPostureAudit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void recordedDemoPassesEveryControl()
    {
        const auto results = PostureAudit::evaluate(hardenedInput());
        QCOMPARE(results.size(), 18);
        QCOMPARE(withStatus(results, ControlStatus::Pass).size(), 18);
        for (int i = 0; i < results.size(); ++i) {
            QCOMPARE(results[i].id, PostureAudit::controlIds()[i]);
            QVERIFY2(!results[i].policy.isEmpty() && !results[i].detail.isEmpty(), qPrintable(results[i].id));
        }
        QVERIFY(find(results, QStringLiteral("seccomp")).detail.contains(QLatin1String("ptrace")));
        QVERIFY(find(results, QStringLiteral("egress")).detail.contains(QLatin1String("posturedemo_agent_network_restricted")));
    }

    void eachBreakageFailsExactlyItsControl_data()
    {
        QTest::addColumn<QString>("control");
        for (const char* id : {"read_only_root", "capabilities", "seccomp", "pids_limit", "memory_limit", "cpu_limit", "ulimits", "core_dumps", "log_rotation",
                               "ports_loopback", "non_root_user", "healthcheck", "egress", "not_privileged", "no_engine_socket", "shared_readonly"})
            QTest::newRow(id) << QString::fromLatin1(id);
    }
    void eachBreakageFailsExactlyItsControl()
    {
        QFETCH(QString, control);
        PostureInput in = hardenedInput();
        const QJsonObject host = section(in, "HostConfig");
        if (control == QLatin1String("read_only_root")) {
            setHost(in, QStringLiteral("ReadonlyRootfs"), false);
        } else if (control == QLatin1String("capabilities")) {
            QJsonArray add = host.value(QLatin1String("CapAdd")).toArray();
            add.append(QStringLiteral("CAP_NET_RAW"));
            setHost(in, QStringLiteral("CapAdd"), add);
        } else if (control == QLatin1String("seccomp")) {
            setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("seccomp=unconfined")});
        } else if (control == QLatin1String("pids_limit")) {
            setHost(in, QStringLiteral("PidsLimit"), QJsonValue::Null);
        } else if (control == QLatin1String("memory_limit")) {
            setHost(in, QStringLiteral("Memory"), 0);
        } else if (control == QLatin1String("cpu_limit")) {
            setHost(in, QStringLiteral("NanoCpus"), 0);
        } else if (control == QLatin1String("ulimits") || control == QLatin1String("core_dumps")) {
            QJsonArray kept;
            const QString drop = control == QLatin1String("ulimits") ? QStringLiteral("nproc") : QStringLiteral("core");
            for (const QJsonValue& u : host.value(QLatin1String("Ulimits")).toArray())
                if (u.toObject().value(QLatin1String("Name")).toString() != drop)
                    kept.append(u);
            setHost(in, QStringLiteral("Ulimits"), kept);
        } else if (control == QLatin1String("log_rotation")) {
            setHost(in, QStringLiteral("LogConfig"),
                    QJsonObject{{QStringLiteral("Type"), QStringLiteral("json-file")}, {QStringLiteral("Config"), QJsonObject{}}});
        } else if (control == QLatin1String("ports_loopback")) {
            QJsonObject ports = section(in, "NetworkSettings").value(QLatin1String("Ports")).toObject();
            ports.insert(QStringLiteral("9999/tcp"),
                         QJsonArray{QJsonObject{{QStringLiteral("HostIp"), QStringLiteral("0.0.0.0")}, {QStringLiteral("HostPort"), QStringLiteral("9999")}}});
            setIn(in, "NetworkSettings", QStringLiteral("Ports"), ports);
        } else if (control == QLatin1String("non_root_user")) {
            setIn(in, "Config", QStringLiteral("User"), QStringLiteral("root"));
        } else if (control == QLatin1String("healthcheck")) {
            setIn(in, "Config", QStringLiteral("Healthcheck"), QJsonObject{{QStringLiteral("Test"), QJsonArray{QStringLiteral("NONE")}}});
        } else if (control == QLatin1String("egress")) {
            QJsonObject nets = section(in, "NetworkSettings").value(QLatin1String("Networks")).toObject();
            nets.insert(QStringLiteral("posturedemo_agent_network"), QJsonObject{});
            setIn(in, "NetworkSettings", QStringLiteral("Networks"), nets);
        } else if (control == QLatin1String("not_privileged")) {
            setHost(in, QStringLiteral("Privileged"), true); // seccomp then warns (not filtered), it does not fail
        } else if (control == QLatin1String("no_engine_socket")) {
            addMount(in, QStringLiteral("/run/docker.sock"), QStringLiteral("/var/run/docker.sock"));
        } else if (control == QLatin1String("shared_readonly")) {
            QJsonArray mounts;
            for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
                QJsonObject o = m.toObject();
                if (o.value(QLatin1String("Source")).toString() == QLatin1String("/tmp/posture-demo/shared"))
                    o.insert(QStringLiteral("RW"), true);
                mounts.append(o);
            }
            in.container.insert(QStringLiteral("Mounts"), mounts);
        }
        const auto results = PostureAudit::evaluate(in);
        QVERIFY2(withStatus(results, ControlStatus::Fail) == QStringList{control}, qPrintable(dump(results)));
        QVERIFY(!find(results, control).detail.isEmpty());
    }

    void referenceDriftFailsEgress()
    {
        // Recorded: the demo brought up by plain compose, NETWORK_EGRESS=restricted, workspace on
        // the non-internal agent_network (the reference checkout's drift).
        PostureInput in;
        in.container = fixture(QStringLiteral("workspace-inspect.json"));
        in.networks.insert(QStringLiteral("demo1_agent_network"), fixture(QStringLiteral("network-demo1_agent_network.json")));
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        const ControlResult egress = find(PostureAudit::evaluate(in), QStringLiteral("egress"));
        QCOMPARE(egress.status, ControlStatus::Fail);
        QVERIFY2(egress.detail.contains(QLatin1String("non-internal demo1_agent_network")), qPrintable(egress.detail));
        in.networks.clear(); // the network could not be inspected: unknown, not pass
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("egress")).status, ControlStatus::Unknown);
    }

    void deliberateChoices()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined"));
        setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("seccomp=unconfined")});
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        QJsonObject nets{{QStringLiteral("posturedemo_agent_network"), QJsonObject{}}};
        setIn(in, "NetworkSettings", QStringLiteral("Networks"), nets);
        const auto results = PostureAudit::evaluate(in);
        QCOMPARE(find(results, QStringLiteral("seccomp")).status, ControlStatus::Warn);
        // SECURITY.md's default, but a loosened running posture: a warning, never a pass.
        QCOMPARE(find(results, QStringLiteral("egress")).status, ControlStatus::Warn);
        QVERIFY(find(results, QStringLiteral("egress")).detail.startsWith(QLatin1String("full: the agent can reach the internet")));
        QVERIFY(withStatus(results, ControlStatus::Fail).isEmpty());
    }

    void fullEgressWithPortScanOffIsAWarning()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        setIn(in, "NetworkSettings", QStringLiteral("Networks"), QJsonObject{{QStringLiteral("posturedemo_agent_network"), QJsonObject{}}});
        QJsonArray env = section(in, "Config").value(QLatin1String("Env")).toArray();
        for (QJsonValueRef v : env)
            if (v.toString() == QLatin1String("PORTSCAN_ENABLED=true"))
                v = QStringLiteral("PORTSCAN_ENABLED=false");
        setIn(in, "Config", QStringLiteral("Env"), env);
        const auto results = PostureAudit::evaluate(in);
        const ControlResult egress = find(results, QStringLiteral("egress"));
        QCOMPARE(egress.status, ControlStatus::Warn);
        QVERIFY2(egress.detail.contains(QLatin1String("port scan off")), qPrintable(egress.detail));
        QVERIFY(PostureAudit::passed(results) < int(results.size()));
        const RunningPosture running = RunningPosture::of(in);
        QCOMPARE(running.loosened(), (QStringList{QStringLiteral("egress full"), QStringLiteral("port scan off")}));
    }

    // A monitor off or autonomous mode in the RUNNING container is a warning of its own (oversight),
    // whatever the egress; the same edit only in .env is pending and warns nothing yet.
    void runningMonitorOffOrAutonomousWarns()
    {
        PostureInput in = hardenedInput();
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("oversight")).status, ControlStatus::Pass);
        in.env.insert(QStringLiteral("AUTOLOG_ENABLED"), QStringLiteral("false")); // edited, not applied
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("oversight")).status, ControlStatus::Pass);
        QJsonArray env = section(in, "Config").value(QLatin1String("Env")).toArray();
        for (QJsonValueRef v : env)
            if (v.toString() == QLatin1String("RESOURCE_MONITOR_ENABLED=true"))
                v = QStringLiteral("RESOURCE_MONITOR_ENABLED=false");
        env.append(QStringLiteral("OPERATION_MODE=autonomous"));
        setIn(in, "Config", QStringLiteral("Env"), env);
        const ControlResult c = find(PostureAudit::evaluate(in), QStringLiteral("oversight"));
        QCOMPARE(c.status, ControlStatus::Warn);
        QVERIFY2(c.detail.contains(QLatin1String("mode autonomous")) && c.detail.contains(QLatin1String("resource monitor off")), qPrintable(c.detail));
    }

    void envEditWhileRunningIsPendingAndFailsNothing()
    {
        // The hardened demo runs restricted; .env is then switched to full egress (not applied).
        PostureInput in = hardenedInput();
        const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
        in.envModified = created.addSecs(120);
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        in.env.insert(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined"));
        auto results = PostureAudit::evaluate(in);
        QVERIFY2(withStatus(results, ControlStatus::Fail).isEmpty(), qPrintable(dump(results)));
        const ControlResult egress = find(results, QStringLiteral("egress"));
        QCOMPARE(egress.status, ControlStatus::Pass); // what runs is restricted
        QVERIFY2(egress.detail.contains(QLatin1String("after restart: egress full")), qPrintable(egress.detail));
        EnvValues values;
        for (auto it = in.env.cbegin(); it != in.env.cend(); ++it)
            values.insert(it.key(), it.value());
        const RunningPosture running = RunningPosture::of(in);
        QCOMPARE(running.egress, std::optional<Egress>(Egress::Restricted));
        QCOMPARE(running.pending(values), (QStringList{QStringLiteral("egress full"), QStringLiteral("seccomp unconfined")}));
        QVERIFY(running.loosened().isEmpty());
    }

    void switchedBackToRestrictedBeforeRestart()
    {
        // Runs with full egress (non-internal network); .env switched back to restricted since:
        // a warning about what runs, with the pending change, not a failed control.
        PostureInput in;
        in.container = fixture(QStringLiteral("workspace-inspect.json"));
        in.networks.insert(QStringLiteral("demo1_agent_network"), fixture(QStringLiteral("network-demo1_agent_network.json")));
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
        in.envModified = created.addMSecs(1);
        const ControlResult egress = find(PostureAudit::evaluate(in), QStringLiteral("egress"));
        QCOMPARE(egress.status, ControlStatus::Warn);
        QVERIFY2(egress.detail.contains(QLatin1String("after restart: egress restricted")), qPrintable(egress.detail));
        // Unedited since the start, the same mismatch is the real failure it was.
        in.envModified = created.addSecs(-1);
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("egress")).status, ControlStatus::Fail);
    }

    void runningSeccompUnconfinedAfterEditWarns()
    {
        PostureInput in = hardenedInput();
        setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("seccomp=unconfined")});
        in.env.remove(QStringLiteral("SECCOMP_PROFILE"));
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("seccomp")).status, ControlStatus::Fail);
        const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
        in.envModified = created.addSecs(5); // .env moved away from unconfined after the start
        const ControlResult r = find(PostureAudit::evaluate(in), QStringLiteral("seccomp"));
        QCOMPARE(r.status, ControlStatus::Warn);
        QVERIFY2(r.detail.contains(QLatin1String("after restart")), qPrintable(r.detail));
    }

    void seccompWeakerThanPromisedWarns()
    {
        PostureInput in = hardenedInput();
        setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{});
        ControlResult r = find(PostureAudit::evaluate(in), QStringLiteral("seccomp"));
        QCOMPARE(r.status, ControlStatus::Warn); // engine default profile: filtered, but not the custom one
        QVERIFY(r.detail.contains(QLatin1String("engine's default profile")));

        const QJsonObject weak{
            {QStringLiteral("defaultAction"), QStringLiteral("SCMP_ACT_ALLOW")},
            {QStringLiteral("syscalls"), QJsonArray{QJsonObject{{QStringLiteral("names"), QJsonArray{QStringLiteral("mount"), QStringLiteral("reboot"),
                                                                                                     QStringLiteral("init_module"), QStringLiteral("swapon")}},
                                                                {QStringLiteral("action"), QStringLiteral("SCMP_ACT_ERRNO")}}}}};
        setHost(in, QStringLiteral("SecurityOpt"),
                QJsonArray{QStringLiteral("seccomp=") + QString::fromUtf8(QJsonDocument(weak).toJson(QJsonDocument::Compact))});
        r = find(PostureAudit::evaluate(in), QStringLiteral("seccomp"));
        QCOMPARE(r.status, ControlStatus::Warn);
        QCOMPARE(r.detail, QStringLiteral("custom profile applied, but it does not block ptrace"));

        in = hardenedInput();
        in.seccompProfileJson = QStringLiteral("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}");
        r = find(PostureAudit::evaluate(in), QStringLiteral("seccomp"));
        QCOMPARE(r.status, ControlStatus::Warn);
        QVERIFY(r.detail.contains(QLatin1String("differs from the checkout's profile file")));
    }

    void capabilityNamesMayCarryPrefix()
    {
        PostureInput in = hardenedInput();
        setHost(in, QStringLiteral("CapAdd"),
                QJsonArray{QStringLiteral("CAP_CHOWN"), QStringLiteral("cap_dac_override"), QStringLiteral("FOWNER"), QStringLiteral("KILL"),
                           QStringLiteral("CAP_SETGID"), QStringLiteral("SETUID")});
        setHost(in, QStringLiteral("CapDrop"), QJsonArray{QStringLiteral("CAP_ALL")});
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("capabilities")).status, ControlStatus::Pass);
        setHost(in, QStringLiteral("CapAdd"), QJsonArray{QStringLiteral("CHOWN")});
        const ControlResult r = find(PostureAudit::evaluate(in), QStringLiteral("capabilities"));
        QCOMPARE(r.status, ControlStatus::Warn); // stricter than the policy
        QVERIFY(r.detail.contains(QLatin1String("DAC_OVERRIDE")));
        setHost(in, QStringLiteral("CapDrop"), QJsonArray{QStringLiteral("NET_RAW")});
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("capabilities")).status, ControlStatus::Fail);
    }

    void driftListsKeysAndMasksSecrets()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        in.env.insert(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_newsecretvalue1234567890abcdef"));
        in.env.insert(QStringLiteral("NOT_PASSED_THROUGH"), QStringLiteral("x")); // not in the container: not compared
        const ControlResult drift = find(PostureAudit::evaluate(in), QStringLiteral("env_drift"));
        QCOMPARE(drift.status, ControlStatus::Warn);
        // Settings by their labels, not their raw .env keys.
        QVERIFY2(drift.detail.contains(QLatin1String("Mode (running \"interactive\", .env \"conductor\")")), qPrintable(drift.detail));
        QVERIFY2(drift.detail.contains(QLatin1String("GitHub token (running (empty), .env ********)")), qPrintable(drift.detail));
        QVERIFY(!drift.detail.contains(QLatin1String("OPERATION_MODE")));
        QVERIFY(!drift.detail.contains(QLatin1String("ghp_")));
        QVERIFY(!drift.detail.contains(QLatin1String("NOT_PASSED_THROUGH")));
        QVERIFY(!drift.detail.contains(QLatin1String("changed after")));
    }

    void filesChangedAfterCreationAreFlagged()
    {
        PostureInput in = hardenedInput();
        in.portAllowlistModified = QDateTime::currentDateTimeUtc();
        ControlResult drift = find(PostureAudit::evaluate(in), QStringLiteral("env_drift"));
        QCOMPARE(drift.status, ControlStatus::Warn);
        QVERIFY2(drift.detail.contains(QLatin1String("changed after the container was created")), qPrintable(drift.detail));
        // The port list needs a restart (as the allowlist review says), the apt list a rebuild.
        QVERIFY2(drift.detail.contains(QLatin1String("config/port-allowlist.txt (restart needed)")), qPrintable(drift.detail));
        in.aptAllowlistModified = in.portAllowlistModified;
        QVERIFY(
            find(PostureAudit::evaluate(in), QStringLiteral("env_drift")).detail.contains(QLatin1String("config/apt-package-allowlist.txt (rebuild needed)")));
        QVERIFY(!drift.detail.contains(QLatin1String(".env,")));
        in = hardenedInput();
        in.envModified = QDateTime::currentDateTimeUtc();
        in.env.insert(QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous"));
        drift = find(PostureAudit::evaluate(in), QStringLiteral("env_drift"));
        QVERIFY(drift.detail.contains(QLatin1String(": .env")));
        QVERIFY2(drift.detail.contains(QStringLiteral("\") \u2014 changed after")), qPrintable(drift.detail)); // both parts, UTF-8 intact
    }

    void expectedValuesComeFromEnvThenComposeDefaults()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("1g"));
        ControlResult mem = find(PostureAudit::evaluate(in), QStringLiteral("memory_limit"));
        QCOMPARE(mem.status, ControlStatus::Warn);
        QCOMPARE(mem.detail, QStringLiteral("expected WORKSPACE_MEMORY_LIMIT=1g; found 256 MiB (recreate the container to apply)"));
        in.env.remove(QStringLiteral("WORKSPACE_MEMORY_LIMIT")); // the compose file's ${WORKSPACE_MEMORY_LIMIT:-256m}
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("memory_limit")).status, ControlStatus::Pass);
        in.composeDefaults.insert(QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("8g"));
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("memory_limit")).status, ControlStatus::Warn);

        in = hardenedInput();
        in.env.insert(QStringLiteral("WORKSPACE_CPUS"), QStringLiteral("2.5"));
        in.env.insert(QStringLiteral("ULIMIT_NOFILE"), QStringLiteral("1024"));
        const auto results = PostureAudit::evaluate(in);
        QCOMPARE(find(results, QStringLiteral("cpu_limit")).status, ControlStatus::Warn);
        QCOMPARE(find(results, QStringLiteral("ulimits")).status, ControlStatus::Warn);
        QVERIFY(find(results, QStringLiteral("ulimits")).detail.contains(QLatin1String("nofile 4096/4096")));
    }

    void exposureEdgeCases()
    {
        // A folder holding the engine socket is as bad as the socket.
        PostureInput in = hardenedInput();
        addMount(in, QStringLiteral("/var/run"), QStringLiteral("/host-run"));
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("no_engine_socket")).status, ControlStatus::Fail);
        // The engine of DOCKER_HOST may live elsewhere.
        in = hardenedInput();
        in.engineSocketPath = QStringLiteral("/srv/engine/engine.sock");
        addMount(in, QStringLiteral("/srv/engine/engine.sock"), QStringLiteral("/engine.sock"));
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("no_engine_socket")).status, ControlStatus::Fail);
        // An IPv6 wildcard binding is not loopback.
        in = hardenedInput();
        QJsonObject bindings = section(in, "HostConfig").value(QLatin1String("PortBindings")).toObject();
        bindings.insert(QStringLiteral("1/tcp"),
                        QJsonArray{QJsonObject{{QStringLiteral("HostIp"), QStringLiteral("::")}, {QStringLiteral("HostPort"), QStringLiteral("1")}}});
        setHost(in, QStringLiteral("PortBindings"), bindings);
        QVERIFY(find(PostureAudit::evaluate(in), QStringLiteral("ports_loopback")).detail.contains(QLatin1String("::")));
        // The shared folder is found by SHARED_SYSTEM_PATH, wherever it is mounted.
        in = hardenedInput();
        addMount(in, QStringLiteral("/tmp/posture-demo/other"), QStringLiteral("/home/agent/shared2"));
        in.env.insert(QStringLiteral("SHARED_SYSTEM_PATH"), QStringLiteral("other")); // relative to the checkout
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("shared_readonly")).status, ControlStatus::Fail);
        in.env.insert(QStringLiteral("SHARED_SYSTEM_PATH"), QStringLiteral("/nowhere"));
        QCOMPARE(find(PostureAudit::evaluate(in), QStringLiteral("shared_readonly")).status, ControlStatus::Warn);
    }

    void healthAndUser()
    {
        PostureInput in = hardenedInput();
        QJsonObject state = section(in, "State");
        state.insert(QStringLiteral("Health"), QJsonObject{{QStringLiteral("Status"), QStringLiteral("unhealthy")}});
        in.container.insert(QStringLiteral("State"), state);
        setIn(in, "Config", QStringLiteral("User"), QString());
        const auto results = PostureAudit::evaluate(in);
        QCOMPARE(find(results, QStringLiteral("healthcheck")).status, ControlStatus::Warn);
        QCOMPARE(find(results, QStringLiteral("non_root_user")).status, ControlStatus::Fail);
        QVERIFY(find(results, QStringLiteral("non_root_user")).detail.contains(QLatin1String("image default (root)")));
    }

    void emptyInspectPassesNothingButExplainsEverything()
    {
        const auto results = PostureAudit::evaluate(PostureInput{});
        QCOMPARE(results.size(), 18);
        QCOMPARE(PostureAudit::passed(results), 0);
        for (const ControlResult& r : results)
            QVERIFY(!r.detail.isEmpty() && !r.policy.isEmpty());
        const auto unknown = PostureAudit::allUnknown(QStringLiteral("not running"));
        QCOMPARE(withStatus(unknown, ControlStatus::Unknown).size(), 18);
        QVERIFY(!PostureAudit::anyFailed(unknown));
    }

    void parsesSizesAndComposeDefaults()
    {
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("8g")), 8LL * 1024 * 1024 * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("256m")), 256LL * 1024 * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("512kb")), 512LL * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("1.5G")), 1536LL * 1024 * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("1024")), 1024LL);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("lots")), -1LL);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("99999999999999999999g")), -1LL);
        const auto d = PostureAudit::composeDefaults("a: ${X:-1}\nb: ${X:-2}\nc: ${Y-x y}\nd: ${Z}\ne: ${E:-}\n");
        QCOMPARE(d.value(QStringLiteral("X")), QStringLiteral("1"));
        QCOMPARE(d.value(QStringLiteral("Y")), QStringLiteral("x y"));
        QVERIFY(!d.contains(QStringLiteral("Z")));
        QVERIFY(d.contains(QStringLiteral("E")));
    }
};

QTEST_GUILESS_MAIN(TestPostureAudit)
#include "test_posture_audit.moc"
