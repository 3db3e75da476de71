#include "PostureAudit.h"

#include "logging/Redaction.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace {
using S = ControlStatus;

QString env(const PostureInput& in, const char* key, const char* fallback)
{
    const QString v = in.env.value(QString::fromLatin1(key));
    return v.isEmpty() ? QString::fromLatin1(fallback) : v;
}

ControlResult result(const char* id, S status, const QString& detail, const char* policy)
{
    return {QString::fromLatin1(id), status, detail, QString::fromUtf8(policy)};
}

QString capName(QString c)
{
    c = c.toUpper();
    return c.startsWith(QLatin1String("CAP_")) ? c.mid(4) : c;
}

QSet<QString> capSet(const QJsonValue& v)
{
    QSet<QString> out;
    for (const QJsonValue& c : v.toArray())
        out.insert(capName(c.toString()));
    return out;
}

QString joinSorted(const QSet<QString>& s)
{
    QStringList l(s.begin(), s.end());
    l.sort();
    return l.join(QLatin1String(", "));
}

QJsonObject ulimit(const QJsonObject& host, const QString& name)
{
    for (const QJsonValue& u : host.value(QLatin1String("Ulimits")).toArray()) {
        if (u.toObject().value(QLatin1String("Name")).toString() == name)
            return u.toObject();
    }
    return {};
}

ControlResult readOnlyRoot(const QJsonObject& host)
{
    const char* policy = "Read-only root filesystem with targeted tmpfs mounts for runtime-writable paths.";
    if (!host.value(QLatin1String("ReadonlyRootfs")).toBool())
        return result("read_only_root", S::Fail, QStringLiteral("expected a read-only root filesystem; found it writable"), policy);
    const QJsonObject tmpfs = host.value(QLatin1String("Tmpfs")).toObject();
    const QString tmp = tmpfs.value(QLatin1String("/tmp")).toString();
    if (tmpfs.isEmpty())
        return result("read_only_root", S::Warn, QStringLiteral("root is read-only but no tmpfs mounts are set"), policy);
    if (!tmp.contains(QLatin1String("noexec")))
        return result("read_only_root", S::Warn,
                      QStringLiteral("root is read-only, but /tmp is not mounted noexec (%1)").arg(tmp.isEmpty() ? QStringLiteral("absent") : tmp),
                      policy);
    return result("read_only_root", S::Pass,
                  QStringLiteral("read-only root; %1 tmpfs mounts, /tmp %2").arg(tmpfs.size()).arg(tmp), policy);
}

ControlResult capabilities(const QJsonObject& host)
{
    const char* policy = "Capability dropping — all capabilities dropped, only CHOWN, DAC_OVERRIDE, FOWNER, KILL, "
                         "SETGID, and SETUID re-added for the constrained sudo wrappers.";
    const QSet<QString> expected{QStringLiteral("CHOWN"), QStringLiteral("DAC_OVERRIDE"), QStringLiteral("FOWNER"),
                                 QStringLiteral("KILL"), QStringLiteral("SETGID"), QStringLiteral("SETUID")};
    const QSet<QString> dropped = capSet(host.value(QLatin1String("CapDrop")));
    const QSet<QString> added = capSet(host.value(QLatin1String("CapAdd")));
    if (!dropped.contains(QStringLiteral("ALL")))
        return result("capabilities", S::Fail,
                      QStringLiteral("expected cap_drop ALL; found %1").arg(dropped.isEmpty() ? QStringLiteral("nothing dropped") : joinSorted(dropped)),
                      policy);
    const QSet<QString> extra = added - expected;
    if (!extra.isEmpty())
        return result("capabilities", S::Fail, QStringLiteral("extra capabilities added: %1").arg(joinSorted(extra)), policy);
    const QSet<QString> missing = expected - added;
    if (!missing.isEmpty())
        return result("capabilities", S::Warn,
                      QStringLiteral("ALL dropped, but %1 not added back (the sudo wrappers may fail)").arg(joinSorted(missing)),
                      policy);
    return result("capabilities", S::Pass, QStringLiteral("ALL dropped; added back exactly %1").arg(joinSorted(added)), policy);
}

ControlResult seccomp(const PostureInput& in, const QJsonObject& host)
{
    const char* policy = "Custom seccomp profile (config/seccomp-workspace.json) blocking dangerous syscalls such as "
                         "ptrace, mount, reboot, kernel module loading, and swap management.";
    const bool chosenUnconfined = in.env.value(QStringLiteral("SECCOMP_PROFILE")) == QLatin1String("unconfined");
    if (host.value(QLatin1String("Privileged")).toBool())
        return result("seccomp", S::Warn, QStringLiteral("the container is privileged, so no seccomp filtering applies (see not_privileged)"), policy);
    for (const QJsonValue& v : host.value(QLatin1String("SecurityOpt")).toArray()) {
        const QString opt = v.toString();
        if (!opt.startsWith(QLatin1String("seccomp=")) && !opt.startsWith(QLatin1String("seccomp:")))
            continue;
        const QString value = opt.mid(8);
        if (value == QLatin1String("unconfined")) {
            if (chosenUnconfined)
                return result("seccomp", S::Warn, QStringLiteral("unconfined, as chosen in .env (SECCOMP_PROFILE=unconfined)"), policy);
            return result("seccomp", S::Fail, QStringLiteral("expected the custom profile; found seccomp=unconfined"), policy);
        }
        const QJsonDocument applied = QJsonDocument::fromJson(value.toUtf8());
        if (applied.isNull())
            return result("seccomp", S::Pass, QStringLiteral("custom profile applied (%1)").arg(value.left(60)), policy);
        const QJsonDocument configured = QJsonDocument::fromJson(in.seccompProfileJson.toUtf8());
        const int rules = applied.object().value(QLatin1String("syscalls")).toArray().size();
        if (!configured.isNull() && configured != applied)
            return result("seccomp", S::Warn,
                          QStringLiteral("a custom profile is applied, but it differs from the checkout's profile file (changed since start?)"),
                          policy);
        return result("seccomp", S::Pass,
                      QStringLiteral("custom profile applied: default %1, %2 rule groups")
                          .arg(applied.object().value(QLatin1String("defaultAction")).toString())
                          .arg(rules),
                      policy);
    }
    if (chosenUnconfined)
        return result("seccomp", S::Warn, QStringLiteral("no seccomp option; .env chose unconfined"), policy);
    return result("seccomp", S::Warn,
                  QStringLiteral("expected the custom profile; only Docker's default profile is in force"), policy);
}

ControlResult pidsLimit(const QJsonObject& host)
{
    const char* policy = "Resource limits — CPU, memory, PID, file descriptor, and process count limits.";
    const qint64 pids = host.value(QLatin1String("PidsLimit")).toInteger(0);
    if (pids <= 0)
        return result("pids_limit", S::Fail, QStringLiteral("expected a pids limit of 512; found none"), policy);
    if (pids > 512)
        return result("pids_limit", S::Fail, QStringLiteral("expected at most 512 processes; found %1").arg(pids), policy);
    return result("pids_limit", S::Pass, QStringLiteral("pids limited to %1").arg(pids), policy);
}

ControlResult memoryLimit(const PostureInput& in, const QJsonObject& host)
{
    const char* policy = "Resource limits — CPU, memory, PID, file descriptor, and process count limits.";
    const qint64 mem = host.value(QLatin1String("Memory")).toInteger(0);
    const QString want = env(in, "WORKSPACE_MEMORY_LIMIT", "8g");
    const qint64 wantBytes = PostureAudit::parseBytes(want);
    if (mem <= 0)
        return result("memory_limit", S::Fail, QStringLiteral("expected a memory limit of %1; found none").arg(want), policy);
    const QString found = QStringLiteral("%1 MiB").arg(mem / (1024 * 1024));
    if (wantBytes > 0 && wantBytes != mem)
        return result("memory_limit", S::Warn,
                      QStringLiteral("limit is %1, .env says %2 (restart to apply)").arg(found, want), policy);
    return result("memory_limit", S::Pass, QStringLiteral("memory limited to %1 (WORKSPACE_MEMORY_LIMIT=%2)").arg(found, want), policy);
}

ControlResult cpuLimit(const PostureInput& in, const QJsonObject& host)
{
    const char* policy = "Resource limits — CPU, memory, PID, file descriptor, and process count limits.";
    const qint64 nano = host.value(QLatin1String("NanoCpus")).toInteger(0);
    const qint64 quota = host.value(QLatin1String("CpuQuota")).toInteger(0);
    const QString want = env(in, "WORKSPACE_CPUS", "4");
    if (nano <= 0 && quota <= 0)
        return result("cpu_limit", S::Fail, QStringLiteral("expected a CPU limit of %1; found none").arg(want), policy);
    const double cpus = nano > 0 ? nano / 1e9 : quota / double(qMax<qint64>(1, host.value(QLatin1String("CpuPeriod")).toInteger(100000)));
    bool ok = false;
    const double wanted = want.toDouble(&ok);
    if (ok && std::abs(wanted - cpus) > 0.001)
        return result("cpu_limit", S::Warn, QStringLiteral("limit is %1 CPUs, .env says %2 (restart to apply)").arg(cpus).arg(want), policy);
    return result("cpu_limit", S::Pass, QStringLiteral("limited to %1 CPUs").arg(cpus), policy);
}

ControlResult ulimits(const PostureInput& in, const QJsonObject& host)
{
    const char* policy = "Resource limits — CPU, memory, PID, file descriptor, and process count limits.";
    const QJsonObject nofile = ulimit(host, QStringLiteral("nofile"));
    const QJsonObject nproc = ulimit(host, QStringLiteral("nproc"));
    QStringList missing;
    if (nofile.isEmpty())
        missing << QStringLiteral("nofile");
    if (nproc.isEmpty())
        missing << QStringLiteral("nproc");
    if (!missing.isEmpty())
        return result("ulimits", S::Fail, QStringLiteral("expected nofile and nproc limits; missing %1").arg(missing.join(QLatin1String(", "))), policy);
    const qint64 wantNofile = env(in, "ULIMIT_NOFILE", "4096").toLongLong();
    const qint64 wantNproc = env(in, "ULIMIT_NPROC", "256").toLongLong();
    const qint64 gotNofile = nofile.value(QLatin1String("Soft")).toInteger();
    const qint64 gotNproc = nproc.value(QLatin1String("Soft")).toInteger();
    const QString found = QStringLiteral("nofile %1/%2, nproc %3/%4")
                              .arg(gotNofile)
                              .arg(nofile.value(QLatin1String("Hard")).toInteger())
                              .arg(gotNproc)
                              .arg(nproc.value(QLatin1String("Hard")).toInteger());
    if (gotNofile != wantNofile || gotNproc != wantNproc)
        return result("ulimits", S::Warn,
                      QStringLiteral("%1; .env expects soft nofile %2, nproc %3").arg(found).arg(wantNofile).arg(wantNproc), policy);
    return result("ulimits", S::Pass, found, policy);
}

ControlResult coreDumps(const QJsonObject& host)
{
    const char* policy = "Core dumps are disabled.";
    const QJsonObject core = ulimit(host, QStringLiteral("core"));
    if (core.isEmpty())
        return result("core_dumps", S::Fail, QStringLiteral("expected core 0/0; no core ulimit set"), policy);
    const qint64 soft = core.value(QLatin1String("Soft")).toInteger(-1);
    const qint64 hard = core.value(QLatin1String("Hard")).toInteger(-1);
    if (soft != 0 || hard != 0)
        return result("core_dumps", S::Fail, QStringLiteral("expected core 0/0; found %1/%2").arg(soft).arg(hard), policy);
    return result("core_dumps", S::Pass, QStringLiteral("core dumps disabled (0/0)"), policy);
}

ControlResult logRotation(const QJsonObject& host)
{
    const char* policy = "Log rotation — Docker json-file driver with configurable size and count limits to prevent disk exhaustion.";
    const QJsonObject log = host.value(QLatin1String("LogConfig")).toObject();
    const QString type = log.value(QLatin1String("Type")).toString();
    const QJsonObject cfg = log.value(QLatin1String("Config")).toObject();
    const QString size = cfg.value(QLatin1String("max-size")).toString();
    const QString files = cfg.value(QLatin1String("max-file")).toString();
    if (type != QLatin1String("json-file"))
        return result("log_rotation", type == QLatin1String("local") ? S::Warn : S::Fail,
                      QStringLiteral("expected the json-file driver; found %1").arg(type.isEmpty() ? QStringLiteral("none") : type), policy);
    if (size.isEmpty() || files.isEmpty())
        return result("log_rotation", S::Fail,
                      QStringLiteral("json-file without rotation: max-size %1, max-file %2")
                          .arg(size.isEmpty() ? QStringLiteral("unset") : size, files.isEmpty() ? QStringLiteral("unset") : files),
                      policy);
    return result("log_rotation", S::Pass, QStringLiteral("json-file, max-size %1, max-file %2").arg(size, files), policy);
}

ControlResult portsLoopback(const QJsonObject& c)
{
    const char* policy = "Bind published ports to 127.0.0.1.";
    QStringList bad, good;
    auto scan = [&](const QJsonObject& ports) {
        for (auto it = ports.begin(); it != ports.end(); ++it) {
            for (const QJsonValue& b : it.value().toArray()) {
                const QString ip = b.toObject().value(QLatin1String("HostIp")).toString();
                const QString entry = QStringLiteral("%1:%2->%3")
                                          .arg(ip.isEmpty() ? QStringLiteral("0.0.0.0") : ip,
                                               b.toObject().value(QLatin1String("HostPort")).toString(), it.key());
                if (ip == QLatin1String("127.0.0.1") || ip == QLatin1String("::1"))
                    good << entry;
                else if (!bad.contains(entry))
                    bad << entry;
            }
        }
    };
    scan(c.value(QLatin1String("HostConfig")).toObject().value(QLatin1String("PortBindings")).toObject());
    scan(c.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Ports")).toObject());
    if (!bad.isEmpty())
        return result("ports_loopback", S::Fail, QStringLiteral("published beyond loopback: %1").arg(bad.join(QLatin1String(", "))), policy);
    good.removeDuplicates();
    return result("ports_loopback", S::Pass,
                  good.isEmpty() ? QStringLiteral("no published ports")
                                 : QStringLiteral("%1 published port(s), all on 127.0.0.1").arg(good.size()),
                  policy);
}

ControlResult nonRootUser(const QJsonObject& config)
{
    const char* policy = "The workspace container starts as a non-root user.";
    const QString user = config.value(QLatin1String("User")).toString();
    const QString name = user.section(QLatin1Char(':'), 0, 0);
    if (name.isEmpty() || name == QLatin1String("0") || name == QLatin1String("root"))
        return result("non_root_user", S::Fail,
                      QStringLiteral("expected a non-root user; found %1").arg(user.isEmpty() ? QStringLiteral("the image default (root)") : user),
                      policy);
    return result("non_root_user", S::Pass, QStringLiteral("runs as %1").arg(user), policy);
}

ControlResult healthcheck(const QJsonObject& c)
{
    const char* policy = "Healthchecks — both workspace and LLM backend services are monitored for responsiveness.";
    const QJsonArray test = c.value(QLatin1String("Config")).toObject().value(QLatin1String("Healthcheck")).toObject().value(QLatin1String("Test")).toArray();
    if (test.isEmpty() || test.first().toString() == QLatin1String("NONE"))
        return result("healthcheck", S::Fail, QStringLiteral("expected a healthcheck; none is configured"), policy);
    const QString status = c.value(QLatin1String("State")).toObject().value(QLatin1String("Health")).toObject().value(QLatin1String("Status")).toString();
    if (status == QLatin1String("unhealthy"))
        return result("healthcheck", S::Warn, QStringLiteral("healthcheck present, but the container is unhealthy"), policy);
    return result("healthcheck", S::Pass, QStringLiteral("healthcheck present (%1)").arg(status.isEmpty() ? QStringLiteral("no status yet") : status), policy);
}

ControlResult egress(const PostureInput& in)
{
    const char* policy = "For hardened deployments where the agent should only reach the local LLM endpoint, use an "
                         "internal-only Docker network.";
    const QString wanted = env(in, "NETWORK_EGRESS", "restricted");
    const QJsonObject attached = in.container.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Networks")).toObject();
    QStringList open, internal, unknown;
    for (auto it = attached.begin(); it != attached.end(); ++it) {
        if (!in.networks.contains(it.key()))
            unknown << it.key();
        else if (in.networks.value(it.key()).value(QLatin1String("Internal")).toBool())
            internal << it.key();
        else
            open << it.key();
    }
    if (wanted != QLatin1String("restricted"))
        return result("egress", S::Warn,
                      QStringLiteral("full egress chosen in .env (NETWORK_EGRESS=%1); networks: %2")
                          .arg(wanted, QStringList(attached.keys()).join(QLatin1String(", "))),
                      policy);
    if (!open.isEmpty())
        return result("egress", S::Fail,
                      QStringLiteral("NETWORK_EGRESS=restricted, but attached to non-internal network(s): %1").arg(open.join(QLatin1String(", "))),
                      policy);
    if (!unknown.isEmpty())
        return result("egress", S::Unknown, QStringLiteral("could not inspect network(s): %1").arg(unknown.join(QLatin1String(", "))), policy);
    if (internal.isEmpty())
        return result("egress", S::Pass, QStringLiteral("attached to no network"), policy);
    return result("egress", S::Pass, QStringLiteral("only internal networks: %1").arg(internal.join(QLatin1String(", "))), policy);
}

ControlResult notPrivileged(const QJsonObject& host)
{
    const char* policy = "The sandbox reduces host exposure: the workspace is never privileged.";
    if (host.value(QLatin1String("Privileged")).toBool())
        return result("not_privileged", S::Fail, QStringLiteral("the container runs privileged"), policy);
    return result("not_privileged", S::Pass, QStringLiteral("not privileged"), policy);
}

ControlResult noEngineSocket(const PostureInput& in)
{
    const char* policy = "The sandbox reduces host exposure: the Docker engine socket is never mounted into it.";
    for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
        const QString src = m.toObject().value(QLatin1String("Source")).toString();
        if (src.endsWith(QLatin1String("docker.sock")) || (!in.engineSocketPath.isEmpty() && src == in.engineSocketPath))
            return result("no_engine_socket", S::Fail,
                          QStringLiteral("the engine socket %1 is mounted at %2").arg(src, m.toObject().value(QLatin1String("Destination")).toString()),
                          policy);
    }
    return result("no_engine_socket", S::Pass, QStringLiteral("no engine socket mounted"), policy);
}

ControlResult sharedReadonly(const PostureInput& in)
{
    const char* policy = "The shared system folder is mounted read-only.";
    for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
        const QJsonObject o = m.toObject();
        if (o.value(QLatin1String("Destination")).toString() != QLatin1String("/home/agent/shared"))
            continue;
        if (o.value(QLatin1String("RW")).toBool())
            return result("shared_readonly", S::Fail, QStringLiteral("%1 is mounted read-write").arg(o.value(QLatin1String("Source")).toString()), policy);
        return result("shared_readonly", S::Pass, QStringLiteral("%1 mounted read-only").arg(o.value(QLatin1String("Source")).toString()), policy);
    }
    return result("shared_readonly", S::Unknown, QStringLiteral("no mount at /home/agent/shared"), policy);
}

ControlResult envDrift(const PostureInput& in)
{
    const char* policy = "Explicit environment pass-through — only variables needed by the container are injected.";
    QHash<QString, QString> running;
    for (const QJsonValue& v : in.container.value(QLatin1String("Config")).toObject().value(QLatin1String("Env")).toArray()) {
        const QString e = v.toString();
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        if (eq > 0)
            running.insert(e.left(eq), e.mid(eq + 1));
    }
    QStringList drift;
    QStringList keys = in.env.keys();
    keys.sort();
    for (const QString& key : keys) {
        if (!running.contains(key) || running.value(key) == in.env.value(key))
            continue;
        if (Redaction::isSecretKey(key))
            drift << QStringLiteral("%1 (secret changed)").arg(key);
        else
            drift << QStringLiteral("%1: running %2, .env %3").arg(key, running.value(key), in.env.value(key));
    }
    const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
    QStringList later;
    if (created.isValid()) {
        if (in.envModified.isValid() && in.envModified > created)
            later << QStringLiteral(".env");
        if (in.aptAllowlistModified.isValid() && in.aptAllowlistModified > created)
            later << QStringLiteral("apt allowlist");
        if (in.portAllowlistModified.isValid() && in.portAllowlistModified > created)
            later << QStringLiteral("port allowlist");
    }
    if (drift.isEmpty() && later.isEmpty())
        return result("env_drift", S::Pass, QStringLiteral("running environment matches .env"), policy);
    QStringList parts;
    if (!drift.isEmpty())
        parts << QStringLiteral("not applied: %1").arg(drift.join(QLatin1String("; ")));
    if (!later.isEmpty())
        parts << QStringLiteral("changed after the container was created: %1").arg(later.join(QLatin1String(", ")));
    return result("env_drift", S::Warn, parts.join(QLatin1String(" — ")), policy);
}
} // namespace

namespace PostureAudit {

QStringList controlIds()
{
    return {QStringLiteral("read_only_root"), QStringLiteral("capabilities"), QStringLiteral("seccomp"),
            QStringLiteral("pids_limit"), QStringLiteral("memory_limit"), QStringLiteral("cpu_limit"),
            QStringLiteral("ulimits"), QStringLiteral("core_dumps"), QStringLiteral("log_rotation"),
            QStringLiteral("ports_loopback"), QStringLiteral("non_root_user"), QStringLiteral("healthcheck"),
            QStringLiteral("egress"), QStringLiteral("not_privileged"), QStringLiteral("no_engine_socket"),
            QStringLiteral("shared_readonly"), QStringLiteral("env_drift")};
}

QList<ControlResult> evaluate(const PostureInput& in)
{
    const QJsonObject host = in.container.value(QLatin1String("HostConfig")).toObject();
    const QJsonObject config = in.container.value(QLatin1String("Config")).toObject();
    return {readOnlyRoot(host), capabilities(host), seccomp(in, host), pidsLimit(host), memoryLimit(in, host),
            cpuLimit(in, host), ulimits(in, host), coreDumps(host), logRotation(host), portsLoopback(in.container),
            nonRootUser(config), healthcheck(in.container), egress(in), notPrivileged(host), noEngineSocket(in),
            sharedReadonly(in), envDrift(in)};
}

QString statusName(ControlStatus s)
{
    switch (s) {
    case ControlStatus::Pass:
        return QStringLiteral("pass");
    case ControlStatus::Fail:
        return QStringLiteral("fail");
    case ControlStatus::Warn:
        return QStringLiteral("warn");
    case ControlStatus::Unknown:
        break;
    }
    return QStringLiteral("unknown");
}

qint64 parseBytes(const QString& text)
{
    QString t = text.trimmed().toLower();
    if (t.endsWith(QLatin1Char('b')))
        t.chop(1);
    if (t.isEmpty())
        return -1;
    qint64 factor = 1;
    const QChar unit = t.back();
    if (unit == QLatin1Char('k'))
        factor = 1024;
    else if (unit == QLatin1Char('m'))
        factor = 1024 * 1024;
    else if (unit == QLatin1Char('g'))
        factor = 1024LL * 1024 * 1024;
    if (factor > 1)
        t.chop(1);
    bool ok = false;
    const double v = t.toDouble(&ok);
    if (!ok || v < 0)
        return -1;
    return qint64(v * double(factor));
}

int passed(const QList<ControlResult>& results)
{
    return int(std::count_if(results.begin(), results.end(), [](const ControlResult& r) { return r.status == ControlStatus::Pass; }));
}

bool anyFailed(const QList<ControlResult>& results)
{
    return std::any_of(results.begin(), results.end(), [](const ControlResult& r) { return r.status == ControlStatus::Fail; });
}

} // namespace PostureAudit
