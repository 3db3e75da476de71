#include "SettingsReview.h"

#include "core/logging/Redaction.h"

namespace {
const QString kTrue = QStringLiteral("true");

/// The effective value of \a key in \a values (the default when unset), as the review shows it.
QString effective(const EnvValues& values, const QString& key)
{
    if (key == QLatin1String("NETWORK_EGRESS"))
        return SettingsTypes::egressName(values.egress());
    if (key == QLatin1String("OPERATION_MODE"))
        return values.parsedMode() ? SettingsTypes::modeName(*values.parsedMode()) : values.value(key);
    for (Monitor m : {Monitor::PortScan, Monitor::Resources, Monitor::AutoLog, Monitor::Dashboard})
        if (key == SettingsTypes::monitorFlagKey(m))
            return values.monitorEnabled(m) ? kTrue : QStringLiteral("false");
    return values.value(key);
}

/// The monitors whose switch turning off blinds the sandbox (the dashboard only shows).
bool isWatchingMonitor(const QString& key)
{
    for (Monitor m : {Monitor::PortScan, Monitor::Resources, Monitor::AutoLog})
        if (key == SettingsTypes::monitorFlagKey(m))
            return true;
    return false;
}

QString directionName(ChangeDirection d)
{
    switch (d) {
    case ChangeDirection::Loosen: return QStringLiteral("loosen");
    case ChangeDirection::Tighten: return QStringLiteral("tighten");
    case ChangeDirection::Neutral: break;
    }
    return QStringLiteral("neutral");
}
} // namespace

namespace SettingsRisk {
SettingChange assess(const QString& key, const QString& from, const QString& to)
{
    SettingChange c{key, from, to, ChangeDirection::Neutral, {}, {}};
    if (from == to)
        return c;
    if (key == QLatin1String("NETWORK_EGRESS")) {
        const bool full = SettingsTypes::parseEgress(to) == Egress::Full;
        c.direction = full ? ChangeDirection::Loosen : ChangeDirection::Tighten;
        if (full) {
            c.risk = QStringLiteral("the agent can reach the internet: it can download code and send out anything in the workspace");
            c.confirm = QStringLiteral("full");
        }
    } else if (key == QLatin1String("SECCOMP_PROFILE")) {
        if (to.trimmed() == QLatin1String("unconfined")) {
            c.direction = ChangeDirection::Loosen;
            c.risk = QStringLiteral("no syscall filtering: every system call of the kernel is open to the agent");
            c.confirm = QStringLiteral("unconfined");
        } else if (from.trimmed() == QLatin1String("unconfined")) {
            c.direction = ChangeDirection::Tighten;
        } else if (!to.trimmed().isEmpty() && !to.trimmed().endsWith(QLatin1String("/seccomp-workspace.json"))) {
            c.direction = ChangeDirection::Loosen;
            c.risk = QStringLiteral("another seccomp profile: the syscalls it allows replace the custom profile's");
        }
    } else if (key == QLatin1String("OPERATION_MODE")) {
        const bool autonomous = SettingsTypes::parseMode(to) == OperationMode::Autonomous;
        const bool wasAutonomous = SettingsTypes::parseMode(from) == OperationMode::Autonomous;
        if (autonomous) {
            c.direction = ChangeDirection::Loosen;
            c.risk = QStringLiteral("the agent runs the task end to end with nobody approving its steps");
        } else if (wasAutonomous) {
            c.direction = ChangeDirection::Tighten;
        }
    } else if (isWatchingMonitor(key)) {
        const bool on = to == kTrue;
        c.direction = on ? ChangeDirection::Tighten : ChangeDirection::Loosen;
        if (!on)
            c.risk = key == QLatin1String("PORTSCAN_ENABLED")           ? QStringLiteral("nothing watches for unexpected listeners in the workspace")
                     : key == QLatin1String("RESOURCE_MONITOR_ENABLED") ? QStringLiteral("nothing records the workspace's CPU and memory use")
                                                                        : QStringLiteral("no hourly security summary is written");
    }
    return c;
}

QString shown(const QString& key, const QString& value)
{
    if (Redaction::isSecretKey(key))
        return value.isEmpty() ? QString() : QString::fromLatin1(Redaction::kMask);
    return Redaction::redact(value);
}
} // namespace SettingsRisk

SettingsChangeSet SettingsChangeSet::of(const EnvValues& before, const QString& key, const QString& value)
{
    EnvValues after = before;
    after.insert(key, value);
    const QString from = effective(before, key);
    const QString to = effective(after, key);
    SettingsChangeSet set;
    if (from != to || before.value(key) != value)
        set.changes.append(SettingsRisk::assess(key, from, to));
    return set;
}

bool SettingsChangeSet::loosens() const
{
    for (const SettingChange& c : changes)
        if (c.direction == ChangeDirection::Loosen)
            return true;
    return false;
}

bool SettingsChangeSet::audited() const
{
    for (const SettingChange& c : changes)
        if (c.direction != ChangeDirection::Neutral)
            return true;
    return false;
}

QStringList SettingsChangeSet::typedConfirmations() const
{
    QStringList out;
    for (const SettingChange& c : changes)
        if (!c.confirm.isEmpty())
            out.append(c.confirm);
    return out;
}

QJsonObject SettingsAuditEntry::toJson() const
{
    return QJsonObject{{QStringLiteral("timestamp"), timestamp.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("user"), user},
                       {QStringLiteral("key"), key},
                       {QStringLiteral("from"), from},
                       {QStringLiteral("to"), to},
                       {QStringLiteral("direction"), direction},
                       {QStringLiteral("reason"), reason}};
}

SettingsAuditEntry SettingsAuditEntry::fromJson(const QJsonObject& o)
{
    auto s = [&o](const char* k) { return o.value(QLatin1String(k)).toString(); };
    return {QDateTime::fromString(s("timestamp"), Qt::ISODateWithMs), s("user"), s("key"), s("from"), s("to"), s("direction"), s("reason")};
}

QList<SettingsAuditEntry> SettingsAuditEntry::of(const SettingsChangeSet& change, const QString& reason, const QString& user, const QDateTime& now)
{
    QList<SettingsAuditEntry> out;
    for (const SettingChange& c : change.changes)
        out.append(
            {now, user, c.key, SettingsRisk::shown(c.key, c.from), SettingsRisk::shown(c.key, c.to), directionName(c.direction), Redaction::redact(reason)});
    return out;
}
