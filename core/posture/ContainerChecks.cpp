// Controls read from the container's own configuration: root filesystem, capabilities,
// seccomp, logging, user, health check, privileged mode.
#include "core/posture/PostureChecks.h"

#include <QJsonDocument>
#include <QSet>

namespace PostureChecks {
namespace {
using S = ControlStatus;

QString capName(QString c)
{
    c = c.trimmed().toUpper();
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

/// The syscalls SECURITY.md names, each with the names that count as blocking it.
const QList<QPair<QString, QStringList>>& namedSyscalls()
{
    static const QList<QPair<QString, QStringList>> list{
        {QStringLiteral("ptrace"), {QStringLiteral("ptrace")}},
        {QStringLiteral("mount"), {QStringLiteral("mount")}},
        {QStringLiteral("reboot"), {QStringLiteral("reboot")}},
        {QStringLiteral("module loading"), {QStringLiteral("init_module"), QStringLiteral("finit_module")}},
        {QStringLiteral("swap"), {QStringLiteral("swapon"), QStringLiteral("swapoff")}},
    };
    return list;
}

/// Names of the syscalls \a profile blocks (for a default-allow profile: those with a non-allow
/// action; for a default-deny profile: the policy's named ones that are not allowed).
QSet<QString> blockedSyscalls(const QJsonObject& profile, bool* defaultDeny)
{
    const bool deny = profile.value(QLatin1String("defaultAction")).toString() != QLatin1String("SCMP_ACT_ALLOW");
    *defaultDeny = deny;
    QSet<QString> listedAllow, listedBlock;
    for (const QJsonValue& rule : profile.value(QLatin1String("syscalls")).toArray()) {
        const QJsonObject r = rule.toObject();
        const bool allow = r.value(QLatin1String("action")).toString() == QLatin1String("SCMP_ACT_ALLOW");
        QJsonArray names = r.value(QLatin1String("names")).toArray();
        if (r.contains(QLatin1String("name")))
            names.append(r.value(QLatin1String("name")));
        for (const QJsonValue& n : names)
            (allow ? listedAllow : listedBlock).insert(n.toString());
    }
    if (!deny)
        return listedBlock;
    QSet<QString> out;
    for (const auto& named : namedSyscalls())
        for (const QString& n : named.second)
            if (!listedAllow.contains(n))
                out.insert(n);
    return out;
}
} // namespace

ControlResult readOnlyRoot(const PostureInput& in)
{
    const char* policy = "Read-only root filesystem with targeted tmpfs mounts for runtime-writable paths.";
    const QJsonObject host = hostConfig(in);
    if (!host.value(QLatin1String("ReadonlyRootfs")).toBool())
        return make("read_only_root", S::Fail, QStringLiteral("expected a read-only root filesystem; found it writable"), policy);
    const QJsonObject tmpfs = host.value(QLatin1String("Tmpfs")).toObject();
    const QString tmp = tmpfs.value(QLatin1String("/tmp")).toString();
    if (tmpfs.isEmpty())
        return make("read_only_root", S::Warn, QStringLiteral("root is read-only, but no tmpfs mounts are set (expected /tmp noexec)"), policy);
    if (!tmpfs.contains(QLatin1String("/tmp")) || !tmp.contains(QLatin1String("noexec")))
        return make("read_only_root", S::Warn,
                    QStringLiteral("root is read-only, but /tmp is not a noexec tmpfs (found %1)")
                        .arg(tmpfs.contains(QLatin1String("/tmp")) ? tmp : QStringLiteral("no /tmp tmpfs")),
                    policy);
    return make("read_only_root", S::Pass, QStringLiteral("read-only root; %1 tmpfs mounts, /tmp %2").arg(tmpfs.size()).arg(tmp), policy);
}

ControlResult capabilities(const PostureInput& in)
{
    const char* policy = "Capability dropping — all capabilities dropped, only CHOWN, DAC_OVERRIDE, FOWNER, KILL, "
                         "SETGID, and SETUID re-added for the constrained sudo wrappers.";
    const QSet<QString> expected{QStringLiteral("CHOWN"), QStringLiteral("DAC_OVERRIDE"), QStringLiteral("FOWNER"),
                                 QStringLiteral("KILL"),  QStringLiteral("SETGID"),       QStringLiteral("SETUID")};
    const QJsonObject host = hostConfig(in);
    const QSet<QString> dropped = capSet(host.value(QLatin1String("CapDrop")));
    const QSet<QString> added = capSet(host.value(QLatin1String("CapAdd")));
    if (!dropped.contains(QStringLiteral("ALL")))
        return make("capabilities", S::Fail,
                    QStringLiteral("expected cap_drop ALL; found %1").arg(dropped.isEmpty() ? QStringLiteral("nothing dropped") : joinSorted(dropped)), policy);
    const QSet<QString> extra = added - expected;
    if (!extra.isEmpty())
        return make("capabilities", S::Fail, QStringLiteral("expected only %1 added back; found extra %2").arg(joinSorted(expected), joinSorted(extra)),
                    policy);
    const QSet<QString> missing = expected - added;
    if (!missing.isEmpty()) // stricter than the policy: safe, but the sudo wrappers may break
        return make("capabilities", S::Warn, QStringLiteral("ALL dropped, but %1 not added back (the sudo wrappers may fail)").arg(joinSorted(missing)),
                    policy);
    return make("capabilities", S::Pass, QStringLiteral("ALL dropped; added back exactly %1").arg(joinSorted(added)), policy);
}

ControlResult seccomp(const PostureInput& in)
{
    const char* policy = "Custom seccomp profile (config/seccomp-workspace.json) blocking dangerous syscalls such as "
                         "ptrace, mount, reboot, kernel module loading, and swap management.";
    const QJsonObject host = hostConfig(in);
    const bool chosenUnconfined = in.env.value(QStringLiteral("SECCOMP_PROFILE")).trimmed() == QLatin1String("unconfined");
    if (host.value(QLatin1String("Privileged")).toBool())
        return make("seccomp", S::Warn, QStringLiteral("privileged container: no seccomp filtering applies (see not_privileged)"), policy);
    QString value;
    bool found = false;
    for (const QJsonValue& v : host.value(QLatin1String("SecurityOpt")).toArray()) {
        const QString opt = v.toString();
        if (opt.startsWith(QLatin1String("seccomp=")) || opt.startsWith(QLatin1String("seccomp:"))) {
            value = opt.mid(8);
            found = true;
        }
    }
    if (value == QLatin1String("unconfined")) {
        if (chosenUnconfined)
            return make("seccomp", S::Warn, QStringLiteral("unconfined, a deliberate choice in .env (SECCOMP_PROFILE=unconfined)"), policy);
        if (envEditedSinceStart(in)) // a .env edit alone never fails a control: what runs is a warning
            return make("seccomp", S::Warn,
                        QStringLiteral("unconfined: no syscall filtering in the running workspace — after restart: %1")
                            .arg(expected(in, "SECCOMP_PROFILE", "config/seccomp-workspace.json")),
                        policy);
        return make("seccomp", S::Fail, QStringLiteral("expected the custom profile; found seccomp=unconfined (no syscall filtering)"), policy);
    }
    if (!found || value == QLatin1String("builtin")) {
        // No custom profile: the engine's default applies. It still filters (mount, reboot, module
        // loading, swap) but allows ptrace on kernels >= 4.8, and dockerd may run another default:
        // weaker than promised, not unfiltered -> warn.
        return make("seccomp", S::Warn,
                    QStringLiteral("expected the custom profile (%1); found none, so only the engine's default profile applies")
                        .arg(expected(in, "SECCOMP_PROFILE", "config/seccomp-workspace.json")),
                    policy);
    }
    QJsonParseError perr{};
    const QJsonDocument applied = QJsonDocument::fromJson(value.toUtf8(), &perr);
    if (!applied.isObject())
        return make("seccomp", S::Unknown, QStringLiteral("a seccomp profile is set, but it is not readable JSON (%1)").arg(value.left(40)), policy);
    bool defaultDeny = false;
    const QSet<QString> blocked = blockedSyscalls(applied.object(), &defaultDeny);
    QStringList notBlocked;
    for (const auto& named : namedSyscalls()) {
        bool any = false;
        for (const QString& n : named.second)
            any = any || blocked.contains(n);
        if (!any)
            notBlocked << named.first;
    }
    if (!notBlocked.isEmpty())
        return make("seccomp", S::Warn, QStringLiteral("custom profile applied, but it does not block %1").arg(notBlocked.join(QLatin1String(", "))), policy);
    const QJsonDocument configured = QJsonDocument::fromJson(in.seccompProfileJson.toUtf8());
    if (configured.isObject() && configured != applied)
        return make("seccomp", S::Warn,
                    QStringLiteral("custom profile applied, but it differs from the checkout's profile file (recreate the container to apply)"), policy);
    return make("seccomp", S::Pass,
                defaultDeny ? QStringLiteral("custom allowlist profile; ptrace, mount, reboot, module loading and swap are not allowed")
                            : QStringLiteral("custom profile blocks %1 syscalls incl. ptrace, mount, reboot, module loading, swap").arg(blocked.size()),
                policy);
}

ControlResult logRotation(const PostureInput& in)
{
    const char* policy = "Log rotation — Docker json-file driver with configurable size and count limits to prevent disk exhaustion.";
    const QJsonObject log = hostConfig(in).value(QLatin1String("LogConfig")).toObject();
    const QString type = log.value(QLatin1String("Type")).toString();
    const QJsonObject cfg = log.value(QLatin1String("Config")).toObject();
    const QString size = cfg.value(QLatin1String("max-size")).toString();
    const QString files = cfg.value(QLatin1String("max-file")).toString();
    if (type != QLatin1String("json-file"))
        return make("log_rotation", type == QLatin1String("local") ? S::Warn : S::Fail,
                    QStringLiteral("expected the json-file driver; found %1").arg(type.isEmpty() ? QStringLiteral("none") : type), policy);
    if (size.isEmpty() || files.isEmpty())
        return make("log_rotation", S::Fail,
                    QStringLiteral("expected json-file with max-size and max-file; found max-size %1, max-file %2 (logs grow without bound)")
                        .arg(size.isEmpty() ? QStringLiteral("unset") : size, files.isEmpty() ? QStringLiteral("unset") : files),
                    policy);
    const QString wantSize = expected(in, "LOG_MAX_SIZE", "");
    const QString wantFiles = expected(in, "LOG_MAX_FILE", "");
    if ((!wantSize.isEmpty() && wantSize != size) || (!wantFiles.isEmpty() && wantFiles != files))
        return make("log_rotation", S::Warn,
                    QStringLiteral("json-file, max-size %1, max-file %2; .env says %3 and %4 (recreate to apply)").arg(size, files, wantSize, wantFiles),
                    policy);
    return make("log_rotation", S::Pass, QStringLiteral("json-file, max-size %1, max-file %2").arg(size, files), policy);
}

ControlResult nonRootUser(const PostureInput& in)
{
    const char* policy = "The workspace container starts as a non-root user, but it intentionally includes constrained sudo "
                         "wrappers for allowlisted apt installs and port cleanup.";
    const QString user = config(in).value(QLatin1String("User")).toString().trimmed();
    const QString name = user.section(QLatin1Char(':'), 0, 0);
    if (name.isEmpty() || name == QLatin1String("0") || name == QLatin1String("root"))
        return make("non_root_user", S::Fail,
                    QStringLiteral("expected a non-root user (HOST_UID:HOST_GID); found %1")
                        .arg(user.isEmpty() ? QStringLiteral("none set, so the image default (root)") : user),
                    policy);
    return make("non_root_user", S::Pass, QStringLiteral("runs as %1").arg(user), policy);
}

ControlResult healthcheck(const PostureInput& in)
{
    const char* policy = "Healthchecks — both workspace and LLM backend services are monitored for responsiveness.";
    const QJsonArray test = config(in).value(QLatin1String("Healthcheck")).toObject().value(QLatin1String("Test")).toArray();
    if (test.isEmpty() || test.first().toString() == QLatin1String("NONE"))
        return make("healthcheck", S::Fail, QStringLiteral("expected a healthcheck; none is configured"), policy);
    const QString status
        = in.container.value(QLatin1String("State")).toObject().value(QLatin1String("Health")).toObject().value(QLatin1String("Status")).toString();
    if (status == QLatin1String("unhealthy"))
        return make("healthcheck", S::Warn, QStringLiteral("healthcheck present, but the container reports unhealthy"), policy);
    return make("healthcheck", S::Pass, QStringLiteral("healthcheck present, status %1").arg(status.isEmpty() ? QStringLiteral("not reported yet") : status),
                policy);
}

ControlResult notPrivileged(const PostureInput& in)
{
    const char* policy = "Implied: \"The container's security controls (read-only root, capability dropping, seccomp, "
                         "resource limits) remain active and are the primary defense layer\"; privileged mode switches them off.";
    if (hostConfig(in).value(QLatin1String("Privileged")).toBool())
        return make("not_privileged", S::Fail, QStringLiteral("expected an unprivileged container; found privileged: true"), policy);
    if (in.container.isEmpty())
        return make("not_privileged", S::Unknown, QStringLiteral("no inspect data"), policy);
    return make("not_privileged", S::Pass, QStringLiteral("not privileged"), policy);
}

} // namespace PostureChecks
