#include "RunningPosture.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {
const Monitor kWatching[] = {Monitor::PortScan, Monitor::Resources, Monitor::AutoLog};

QString monitorLabel(Monitor m)
{
    switch (m) {
    case Monitor::PortScan: return QStringLiteral("port scan");
    case Monitor::Resources: return QStringLiteral("resource monitor");
    case Monitor::AutoLog: return QStringLiteral("security reports");
    case Monitor::Dashboard: break;
    }
    return QStringLiteral("dashboard");
}
} // namespace

RunningPosture RunningPosture::of(const PostureInput& in)
{
    RunningPosture r;
    if (in.container.isEmpty())
        return r;
    r.known = true;
    r.created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
    for (const QJsonValue& v : in.container.value(QLatin1String("Config")).toObject().value(QLatin1String("Env")).toArray()) {
        const QString e = v.toString();
        const qsizetype eq = e.indexOf(QLatin1Char('='));
        if (eq > 0)
            r.env.insert(e.left(eq), e.mid(eq + 1));
    }
    const QJsonObject host = in.container.value(QLatin1String("HostConfig")).toObject();
    for (const QJsonValue& o : host.value(QLatin1String("SecurityOpt")).toArray()) {
        const QString opt = o.toString();
        if (opt == QLatin1String("seccomp=unconfined") || opt == QLatin1String("seccomp:unconfined"))
            r.seccompUnconfined = true;
    }
    bool unknown = false;
    const QJsonObject attached = in.container.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Networks")).toObject();
    for (auto it = attached.begin(); it != attached.end(); ++it) {
        if (it.key() == QLatin1String("none"))
            continue;
        if (!in.networks.contains(it.key()))
            unknown = true;
        else if (!in.networks.value(it.key()).value(QLatin1String("Internal")).toBool())
            r.openNetworks << it.key();
    }
    if (!r.openNetworks.isEmpty())
        r.egress = Egress::Full;
    else if (!unknown)
        r.egress = Egress::Restricted;
    return r;
}

std::optional<OperationMode> RunningPosture::mode() const
{
    const auto it = env.constFind(QStringLiteral("OPERATION_MODE"));
    if (it == env.constEnd())
        return std::nullopt;
    return SettingsTypes::parseMode(it.value().isEmpty() ? QStringLiteral("interactive") : it.value());
}

std::optional<bool> RunningPosture::monitorEnabled(Monitor monitor) const
{
    const auto it = env.constFind(SettingsTypes::monitorFlagKey(monitor));
    if (it == env.constEnd())
        return std::nullopt;
    return it.value() == QLatin1String("true");
}

QStringList RunningPosture::loosened() const
{
    QStringList out;
    if (!known)
        return out;
    if (egress == Egress::Full)
        out << QStringLiteral("egress full");
    if (seccompUnconfined)
        out << QStringLiteral("seccomp unconfined");
    if (mode() == OperationMode::Autonomous)
        out << QStringLiteral("mode autonomous");
    for (Monitor m : kWatching)
        if (monitorEnabled(m) == false)
            out << QStringLiteral("%1 off").arg(monitorLabel(m));
    return out;
}

QStringList RunningPosture::pending(const EnvValues& values) const
{
    QStringList out;
    if (!known)
        return out;
    if (egress && *egress != values.egress())
        out << QStringLiteral("egress %1").arg(SettingsTypes::egressName(values.egress()));
    if (const auto m = mode(); m && values.parsedMode() && *m != *values.parsedMode())
        out << QStringLiteral("mode %1").arg(SettingsTypes::modeName(*values.parsedMode()));
    for (Monitor m : {Monitor::PortScan, Monitor::Resources, Monitor::AutoLog, Monitor::Dashboard})
        if (const auto on = monitorEnabled(m); on && *on != values.monitorEnabled(m))
            out << QStringLiteral("%1 %2").arg(monitorLabel(m), values.monitorEnabled(m) ? QStringLiteral("on") : QStringLiteral("off"));
    const bool wantUnconfined = values.value(QStringLiteral("SECCOMP_PROFILE")).trimmed() == QLatin1String("unconfined");
    if (wantUnconfined != seccompUnconfined)
        out << (wantUnconfined ? QStringLiteral("seccomp unconfined") : QStringLiteral("seccomp profile on"));
    return out;
}
