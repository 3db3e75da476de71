#pragma once

#include "core/docker/ServiceState.h"
#include "core/reports/TimelineModel.h"

struct AuditEntry;
class Settings;

/// Turns engine, settings and allowlist events into unified-timeline entries. Each builder
/// returns std::nullopt for changes not worth a line (e.g. a refresh that changed nothing).
namespace TimelineFeed {

/// A container died, was OOM-killed, turned (un)healthy, started, restarted or was removed.
std::optional<TimelineEntry> fromService(const ServiceInfo& now, ServiceState before, qint64 eventNanos);
/// Keys written by the panel or changed outside it; secret values are never included.
TimelineEntry fromSettings(const Settings& settings, const QStringList& keys, bool outside);
/// An approved allowlist change (or reviewed outside change) from the audit trail.
TimelineEntry fromAudit(const AuditEntry& entry);

} // namespace TimelineFeed
