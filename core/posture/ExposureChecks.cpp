// Controls about what the workspace can reach and what reaches it: published ports, egress
// networks, the engine socket, the shared folder.
#include "core/posture/PostureChecks.h"
#include "core/posture/RunningPosture.h"
#include "core/settings/SettingsTypes.h"

#include <QDir>
#include <QFileInfo>

namespace PostureChecks {
namespace {
using S = ControlStatus;

QString cleanPath(const QString& p)
{
    return p.isEmpty() ? p : QDir::cleanPath(p);
}

QString canonical(const QString& p)
{
    const QString c = QFileInfo(p).canonicalFilePath();
    return c.isEmpty() ? cleanPath(p) : c;
}

/// True when mounting \a source exposes \a socket: the socket itself or a folder holding it.
bool exposes(const QString& source, const QString& socket)
{
    if (socket.isEmpty() || source.isEmpty())
        return false;
    for (const QString& s : {cleanPath(source), canonical(source)}) {
        for (const QString& k : {cleanPath(socket), canonical(socket)}) {
            if (s == k || s == QLatin1String("/") || k.startsWith(s + QLatin1Char('/')))
                return true;
        }
    }
    return false;
}
} // namespace

ControlResult portsLoopback(const PostureInput& in)
{
    const char* policy = "Bind published ports to 127.0.0.1.";
    if (in.container.isEmpty())
        return make("ports_loopback", S::Unknown, QStringLiteral("no inspect data"), policy);
    QStringList bad, good;
    auto scan = [&](const QJsonObject& ports) {
        for (auto it = ports.begin(); it != ports.end(); ++it) {
            for (const QJsonValue& b : it.value().toArray()) {
                const QString ip = b.toObject().value(QLatin1String("HostIp")).toString();
                const QString port = b.toObject().value(QLatin1String("HostPort")).toString();
                const QString entry = QStringLiteral("%1:%2->%3").arg(ip.isEmpty() ? QStringLiteral("0.0.0.0") : ip, port, it.key());
                if (ip == QLatin1String("127.0.0.1") || ip == QLatin1String("::1"))
                    good << entry;
                else
                    bad << entry;
            }
        }
    };
    scan(hostConfig(in).value(QLatin1String("PortBindings")).toObject());
    scan(in.container.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Ports")).toObject());
    bad.removeDuplicates();
    good.removeDuplicates();
    if (!bad.isEmpty())
        return make("ports_loopback", S::Fail, QStringLiteral("expected every port on 127.0.0.1; found %1").arg(bad.join(QLatin1String(", "))), policy);
    return make("ports_loopback", S::Pass,
                good.isEmpty() ? QStringLiteral("no published ports") : QStringLiteral("%1 published port(s), all on 127.0.0.1").arg(good.size()), policy);
}

ControlResult egress(const PostureInput& in)
{
    const char* policy = "For hardened deployments where the agent should only reach the local LLM endpoint, use "
                         "make run-restricted to switch to an internal-only Docker network.";
    if (in.container.isEmpty())
        return make("egress", S::Unknown, QStringLiteral("no inspect data"), policy);
    // What runs decides (the networks' Internal flag); .env only says what a restart would do.
    const RunningPosture running = RunningPosture::of(in);
    const QString wanted = expected(in, "NETWORK_EGRESS", "");
    const bool wantRestricted = wanted.isEmpty() || SettingsTypes::parseEgress(wanted) == Egress::Restricted; // unset: restricted
    const QJsonObject attached = in.container.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Networks")).toObject();
    const QString names = attached.isEmpty() ? QStringLiteral("none") : QStringList(attached.keys()).join(QLatin1String(", "));
    if (!running.egress) {
        QStringList unknown;
        for (auto it = attached.begin(); it != attached.end(); ++it)
            if (it.key() != QLatin1String("none") && !in.networks.contains(it.key()))
                unknown << it.key();
        return make("egress", S::Unknown, QStringLiteral("could not inspect network(s) %1").arg(unknown.join(QLatin1String(", "))), policy);
    }
    const bool runsFull = *running.egress == Egress::Full;
    const QString pending = runsFull == !wantRestricted
                                ? QString()
                                : QStringLiteral(" — after restart: egress %1").arg(wantRestricted ? QStringLiteral("restricted") : QStringLiteral("full"));
    if (!runsFull)
        return make(
            "egress", S::Pass,
            (attached.isEmpty() ? QStringLiteral("restricted: attached to no network") : QStringLiteral("restricted: only internal networks (%1)").arg(names))
                + pending,
            policy);
    const QString open = running.openNetworks.join(QLatin1String(", "));
    if (wantRestricted && !envEditedSinceStart(in)) // asked for restricted at start, and it is not
        return make("egress", S::Fail, QStringLiteral("NETWORK_EGRESS=restricted expects internal networks only; found non-internal %1").arg(open), policy);
    QStringList off;
    for (const QString& l : running.loosened())
        if (l.endsWith(QLatin1String(" off")))
            off << l;
    return make("egress", S::Warn,
                QStringLiteral("full: the agent can reach the internet (non-internal %1)%2%3")
                    .arg(open, off.isEmpty() ? QString() : QStringLiteral("; also %1").arg(off.join(QLatin1String(", "))), pending),
                policy);
}

ControlResult noEngineSocket(const PostureInput& in)
{
    const char* policy = "Implied: \"The sandbox reduces host exposure but is not equivalent to a separate VM security "
                         "boundary.\" The engine socket would give the agent root on the host.";
    if (in.container.isEmpty())
        return make("no_engine_socket", S::Unknown, QStringLiteral("no inspect data"), policy);
    QStringList sockets{QStringLiteral("/var/run/docker.sock"), QStringLiteral("/run/docker.sock")};
    if (!in.engineSocketPath.isEmpty())
        sockets << in.engineSocketPath;
    for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
        const QJsonObject o = m.toObject();
        const QString src = o.value(QLatin1String("Source")).toString();
        const QString dst = o.value(QLatin1String("Destination")).toString();
        bool hit = src.endsWith(QLatin1String("/docker.sock")) || dst.endsWith(QLatin1String("/docker.sock"));
        for (const QString& s : sockets)
            hit = hit || exposes(src, s);
        if (hit)
            return make("no_engine_socket", S::Fail, QStringLiteral("expected no engine socket inside; found %1 mounted at %2").arg(src, dst), policy);
    }
    return make("no_engine_socket", S::Pass, QStringLiteral("no mount exposes the engine socket (%1)").arg(sockets.last()), policy);
}

ControlResult sharedReadonly(const PostureInput& in)
{
    const char* policy = "Implied (SANDBOX.md hardening table: shared mount read-only): \"The sandbox reduces host exposure\".";
    if (in.container.isEmpty())
        return make("shared_readonly", S::Unknown, QStringLiteral("no inspect data"), policy);
    QString shared = in.env.value(QStringLiteral("SHARED_SYSTEM_PATH")).trimmed();
    if (!shared.isEmpty() && QDir::isRelativePath(shared) && !in.checkoutDir.isEmpty())
        shared = QDir(in.checkoutDir).filePath(shared);
    for (const QJsonValue& m : in.container.value(QLatin1String("Mounts")).toArray()) {
        const QJsonObject o = m.toObject();
        const QString src = o.value(QLatin1String("Source")).toString();
        const bool isShared = shared.isEmpty() ? o.value(QLatin1String("Destination")).toString() == QLatin1String("/home/agent/shared")
                                               : (cleanPath(src) == cleanPath(shared) || canonical(src) == canonical(shared));
        if (!isShared)
            continue;
        const QString where = QStringLiteral("%1 at %2").arg(src, o.value(QLatin1String("Destination")).toString());
        if (o.value(QLatin1String("RW")).toBool())
            return make("shared_readonly", S::Fail, QStringLiteral("expected SHARED_SYSTEM_PATH read-only; found %1 read-write").arg(where), policy);
        return make("shared_readonly", S::Pass, QStringLiteral("%1, read-only").arg(where), policy);
    }
    if (shared.isEmpty())
        return make("shared_readonly", S::Pass, QStringLiteral("no shared folder configured or mounted"), policy);
    return make("shared_readonly", S::Warn, QStringLiteral("SHARED_SYSTEM_PATH=%1 is not mounted in the container").arg(shared), policy);
}

} // namespace PostureChecks
