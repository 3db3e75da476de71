#include "TimelineFeed.h"

#include "core/allowlist/AuditLog.h"
#include "core/logging/Redaction.h"
#include "core/settings/Settings.h"

#include <QJsonArray>
#include <QTimeZone>

namespace {

TimelineEntry engineEntry(const ServiceInfo& s, qint64 eventNanos, const QString& severity, const QString& what)
{
    TimelineEntry e;
    e.time = eventNanos > 0 ? QDateTime::fromMSecsSinceEpoch(eventNanos / 1000000, QTimeZone::utc()) : QDateTime::currentDateTimeUtc();
    e.source = QStringLiteral("engine");
    e.severity = severity;
    e.title = QStringLiteral("%1 %2").arg(s.service.isEmpty() ? s.container : s.service, what);
    e.detail = s.container;
    e.data.insert(QStringLiteral("service"), s.service);
    e.data.insert(QStringLiteral("container"), s.container);
    e.data.insert(QStringLiteral("state"), serviceStateName(s.state));
    if (s.exitCode >= 0)
        e.data.insert(QStringLiteral("exit_code"), s.exitCode);
    return e;
}

} // namespace

namespace TimelineFeed {

std::optional<TimelineEntry> fromService(const ServiceInfo& now, ServiceState before, qint64 eventNanos)
{
    if (now.state == before)
        return std::nullopt;
    switch (now.state) {
    case ServiceState::Exited: {
        if (now.oomKilled)
            return engineEntry(now, eventNanos, QStringLiteral("critical"), QStringLiteral("was killed: out of memory"));
        return engineEntry(now, eventNanos, now.exitExpected(before) ? QStringLiteral("info") : QStringLiteral("critical"),
                           QStringLiteral("exited with code %1").arg(now.exitCode));
    }
    case ServiceState::Dead: return engineEntry(now, eventNanos, QStringLiteral("critical"), QStringLiteral("is dead"));
    case ServiceState::Unhealthy: return engineEntry(now, eventNanos, QStringLiteral("warning"), QStringLiteral("turned unhealthy"));
    case ServiceState::Healthy: return engineEntry(now, eventNanos, QStringLiteral("info"), QStringLiteral("is healthy"));
    case ServiceState::Restarting: return engineEntry(now, eventNanos, QStringLiteral("warning"), QStringLiteral("is restarting"));
    case ServiceState::Starting:
    case ServiceState::Running:
        if (serviceStateIsUp(before))
            return std::nullopt; // e.g. healthy → running: no health check news worth a line
        return engineEntry(now, eventNanos, QStringLiteral("info"), QStringLiteral("started"));
    case ServiceState::Absent: return engineEntry(now, eventNanos, QStringLiteral("info"), QStringLiteral("was removed"));
    case ServiceState::Created:
    case ServiceState::Removing: return std::nullopt;
    }
    return std::nullopt;
}

TimelineEntry fromSettings(const Settings& settings, const QStringList& keys, bool outside)
{
    TimelineEntry e;
    e.time = QDateTime::currentDateTimeUtc();
    e.source = QStringLiteral("settings");
    e.severity = outside ? QStringLiteral("warning") : QStringLiteral("info");
    QStringList parts;
    QJsonObject values;
    for (const QString& key : keys) {
        const std::optional<QString> v = settings.env().value(key);
        const QString shown = !v ? QStringLiteral("(removed)") : Redaction::isSecretKey(key) ? QStringLiteral("(secret changed)") : *v;
        parts.append(QStringLiteral("%1=%2").arg(key, shown));
        values.insert(key, shown);
    }
    e.title = outside ? QStringLiteral(".env changed outside the panel") : QStringLiteral(".env changed");
    e.detail = parts.join(QStringLiteral(", "));
    e.data.insert(QStringLiteral("values"), values);
    return e;
}

TimelineEntry fromAudit(const AuditEntry& entry)
{
    TimelineEntry e;
    e.time = entry.timestamp;
    e.source = QStringLiteral("allowlist");
    e.severity = entry.added.isEmpty() ? QStringLiteral("info") : QStringLiteral("warning");
    QStringList change;
    for (const QString& a : entry.added)
        change.append(QLatin1Char('+') + a);
    for (const QString& r : entry.removed)
        change.append(QLatin1Char('-') + r);
    e.title = QStringLiteral("%1: %2 approved by %3").arg(entry.file, change.isEmpty() ? QStringLiteral("layout") : change.join(QLatin1Char(' ')), entry.user);
    e.detail = entry.reason;
    e.data = entry.toJson();
    return e;
}

} // namespace TimelineFeed
