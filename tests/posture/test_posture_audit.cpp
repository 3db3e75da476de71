#include "posture/PostureAudit.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

namespace {
QJsonObject load(const QString& name)
{
    QFile f(QStringLiteral(POSTURE_FIXTURES "/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

/// The recorded demo workspace, moved to the internal network, with .env values it was started with.
PostureInput hardenedInput()
{
    PostureInput in;
    in.container = load(QStringLiteral("workspace-inspect.json"));
    QJsonObject ns = in.container.value(QLatin1String("NetworkSettings")).toObject();
    ns.insert(QStringLiteral("Networks"), QJsonObject{{QStringLiteral("demo1_agent_network_restricted"), QJsonObject{}}});
    in.container.insert(QStringLiteral("NetworkSettings"), ns);
    in.networks.insert(QStringLiteral("demo1_agent_network"), load(QStringLiteral("network-demo1_agent_network.json")));
    in.networks.insert(QStringLiteral("demo1_agent_network_restricted"),
                       load(QStringLiteral("network-demo1_agent_network_restricted.json")));
    for (const QJsonValue& v : in.container.value(QLatin1String("Config")).toObject().value(QLatin1String("Env")).toArray()) {
        const QString e = v.toString();
        in.env.insert(e.section(QLatin1Char('='), 0, 0), e.section(QLatin1Char('='), 1));
    }
    in.env.insert(QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("256m"));
    in.env.insert(QStringLiteral("WORKSPACE_CPUS"), QStringLiteral("1"));
    in.env.insert(QStringLiteral("ULIMIT_NOFILE"), QStringLiteral("4096"));
    in.env.insert(QStringLiteral("ULIMIT_NPROC"), QStringLiteral("256"));
    in.env.insert(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("config/seccomp-workspace.json"));
    QFile profile(QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox/config/seccomp-workspace.json"));
    profile.open(QIODevice::ReadOnly);
    in.seccompProfileJson = QString::fromUtf8(profile.readAll());
    return in;
}

QJsonObject host(const PostureInput& in)
{
    return in.container.value(QLatin1String("HostConfig")).toObject();
}
void setHost(PostureInput& in, const QString& key, const QJsonValue& v)
{
    QJsonObject h = host(in);
    h.insert(key, v);
    in.container.insert(QStringLiteral("HostConfig"), h);
}

QStringList failing(const QList<ControlResult>& results)
{
    QStringList out;
    for (const ControlResult& r : results)
        if (r.status == ControlStatus::Fail)
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
} // namespace

class TestPostureAudit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void hardenedDemoPassesEveryControl()
    {
        const auto results = PostureAudit::evaluate(hardenedInput());
        QCOMPARE(results.size(), PostureAudit::controlIds().size());
        for (int i = 0; i < results.size(); ++i) {
            QCOMPARE(results[i].id, PostureAudit::controlIds()[i]);
            QVERIFY2(results[i].status == ControlStatus::Pass, qPrintable(results[i].id + QLatin1String(": ") + results[i].detail));
            QVERIFY(!results[i].policy.isEmpty());
        }
    }

    void eachBreakageFailsExactlyItsControl_data()
    {
        QTest::addColumn<QString>("control");
        QTest::newRow("read_only_root") << "read_only_root";
        QTest::newRow("capabilities") << "capabilities";
        QTest::newRow("pids_limit") << "pids_limit";
        QTest::newRow("memory_limit") << "memory_limit";
        QTest::newRow("cpu_limit") << "cpu_limit";
        QTest::newRow("ulimits") << "ulimits";
        QTest::newRow("core_dumps") << "core_dumps";
        QTest::newRow("log_rotation") << "log_rotation";
        QTest::newRow("ports_loopback") << "ports_loopback";
        QTest::newRow("non_root_user") << "non_root_user";
        QTest::newRow("healthcheck") << "healthcheck";
        QTest::newRow("egress") << "egress";
        QTest::newRow("no_engine_socket") << "no_engine_socket";
        QTest::newRow("shared_readonly") << "shared_readonly";
        QTest::newRow("seccomp") << "seccomp";
    }
    void eachBreakageFailsExactlyItsControl()
    {
        QFETCH(QString, control);
        PostureInput in = hardenedInput();
        if (control == QLatin1String("read_only_root")) {
            setHost(in, QStringLiteral("ReadonlyRootfs"), false);
        } else if (control == QLatin1String("capabilities")) {
            QJsonArray add = host(in).value(QLatin1String("CapAdd")).toArray();
            add.append(QStringLiteral("CAP_NET_RAW"));
            setHost(in, QStringLiteral("CapAdd"), add);
        } else if (control == QLatin1String("pids_limit")) {
            setHost(in, QStringLiteral("PidsLimit"), QJsonValue::Null);
        } else if (control == QLatin1String("memory_limit")) {
            setHost(in, QStringLiteral("Memory"), 0);
        } else if (control == QLatin1String("cpu_limit")) {
            setHost(in, QStringLiteral("NanoCpus"), 0);
        } else if (control == QLatin1String("ulimits") || control == QLatin1String("core_dumps")) {
            QJsonArray kept;
            const QString drop = control == QLatin1String("ulimits") ? QStringLiteral("nofile") : QStringLiteral("core");
            for (const QJsonValue& u : host(in).value(QLatin1String("Ulimits")).toArray())
                if (u.toObject().value(QLatin1String("Name")).toString() != drop)
                    kept.append(u);
            setHost(in, QStringLiteral("Ulimits"), kept);
        } else if (control == QLatin1String("log_rotation")) {
            setHost(in, QStringLiteral("LogConfig"), QJsonObject{{QStringLiteral("Type"), QStringLiteral("json-file")},
                                                                 {QStringLiteral("Config"), QJsonObject{}}});
        } else if (control == QLatin1String("ports_loopback")) {
            QJsonObject bindings = host(in).value(QLatin1String("PortBindings")).toObject();
            bindings.insert(QStringLiteral("9999/tcp"), QJsonArray{QJsonObject{{QStringLiteral("HostIp"), QString()},
                                                                              {QStringLiteral("HostPort"), QStringLiteral("9999")}}});
            setHost(in, QStringLiteral("PortBindings"), bindings);
        } else if (control == QLatin1String("non_root_user")) {
            QJsonObject cfg = in.container.value(QLatin1String("Config")).toObject();
            cfg.insert(QStringLiteral("User"), QStringLiteral("0:0"));
            in.container.insert(QStringLiteral("Config"), cfg);
        } else if (control == QLatin1String("healthcheck")) {
            QJsonObject cfg = in.container.value(QLatin1String("Config")).toObject();
            cfg.remove(QStringLiteral("Healthcheck"));
            in.container.insert(QStringLiteral("Config"), cfg);
        } else if (control == QLatin1String("egress")) {
            QJsonObject ns = in.container.value(QLatin1String("NetworkSettings")).toObject();
            ns.insert(QStringLiteral("Networks"), QJsonObject{{QStringLiteral("demo1_agent_network"), QJsonObject{}}});
            in.container.insert(QStringLiteral("NetworkSettings"), ns);
        } else if (control == QLatin1String("no_engine_socket")) {
            QJsonArray mounts = in.container.value(QLatin1String("Mounts")).toArray();
            mounts.append(QJsonObject{{QStringLiteral("Source"), QStringLiteral("/var/run/docker.sock")},
                                      {QStringLiteral("Destination"), QStringLiteral("/var/run/docker.sock")},
                                      {QStringLiteral("RW"), true}});
            in.container.insert(QStringLiteral("Mounts"), mounts);
        } else if (control == QLatin1String("shared_readonly")) {
            QJsonArray mounts;
            for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
                QJsonObject o = m.toObject();
                if (o.value(QLatin1String("Destination")).toString() == QLatin1String("/home/agent/shared"))
                    o.insert(QStringLiteral("RW"), true);
                mounts.append(o);
            }
            in.container.insert(QStringLiteral("Mounts"), mounts);
        } else if (control == QLatin1String("seccomp")) {
            setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("seccomp=unconfined")});
        }
        const auto results = PostureAudit::evaluate(in);
        QCOMPARE(failing(results), QStringList{control});
        QVERIFY(!find(results, control).detail.isEmpty());
    }

    void privilegedFailsOnlyItsControl()
    {
        PostureInput in = hardenedInput();
        setHost(in, QStringLiteral("Privileged"), true);
        QCOMPARE(failing(PostureAudit::evaluate(in)), QStringList{QStringLiteral("not_privileged")});
    }

    void deliberateChoicesWarnInsteadOfFailing()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined"));
        setHost(in, QStringLiteral("SecurityOpt"), QJsonArray{QStringLiteral("seccomp=unconfined")});
        in.env.insert(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        const auto results = PostureAudit::evaluate(in);
        QCOMPARE(find(results, QStringLiteral("seccomp")).status, ControlStatus::Warn);
        QCOMPARE(find(results, QStringLiteral("egress")).status, ControlStatus::Warn);
        QVERIFY(failing(results).isEmpty());
    }

    void driftListsKeysAndMasksSecrets()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        in.env.insert(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_newsecretvalue1234567890abcdef"));
        in.envModified = QDateTime::currentDateTimeUtc();
        const ControlResult drift = find(PostureAudit::evaluate(in), QStringLiteral("env_drift"));
        QCOMPARE(drift.status, ControlStatus::Warn);
        QVERIFY(drift.detail.contains(QLatin1String("OPERATION_MODE: running interactive, .env conductor")));
        QVERIFY(drift.detail.contains(QLatin1String("GITHUB_TOKEN (secret changed)")));
        QVERIFY(!drift.detail.contains(QLatin1String("ghp_")));
        QVERIFY(drift.detail.contains(QLatin1String("changed after the container was created: .env")));
    }

    void limitsThatDifferFromEnvAreReported()
    {
        PostureInput in = hardenedInput();
        in.env.insert(QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("1g"));
        const ControlResult mem = find(PostureAudit::evaluate(in), QStringLiteral("memory_limit"));
        QCOMPARE(mem.status, ControlStatus::Warn);
        QVERIFY(mem.detail.contains(QLatin1String("256 MiB")));
    }

    void parsesComposeSizes()
    {
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("8g")), 8LL * 1024 * 1024 * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("256m")), 256LL * 1024 * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("512kb")), 512LL * 1024);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("1024")), 1024LL);
        QCOMPARE(PostureAudit::parseBytes(QStringLiteral("lots")), -1LL);
    }

    void emptyInspectIsNotAPass()
    {
        const auto results = PostureAudit::evaluate(PostureInput{});
        QVERIFY(PostureAudit::anyFailed(results));
        QVERIFY(PostureAudit::passed(results) < results.size());
    }
};

QTEST_GUILESS_MAIN(TestPostureAudit)
#include "test_posture_audit.moc"
