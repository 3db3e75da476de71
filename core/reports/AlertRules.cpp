#include "AlertRules.h"

#include "core/reports/KnownListeners.h"

#include <QFileInfo>

#include <algorithm>

AlertRules::AlertRules(AlertCenter& center, double memoryThresholdPercent)
    : m_center(center)
    , m_memoryThreshold(memoryThresholdPercent)
{
}

void AlertRules::setSettings(const ReportSettings& settings, const QDateTime& now)
{
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        const bool was = m_settings.monitor(k).enabled, is = settings.monitor(k).enabled;
        if (is && !was && m_lastSeen.contains(int(k)))
            m_lastSeen.insert(int(k), std::max(m_lastSeen.value(int(k)), now));
        if (!is)
            m_silent.remove(int(k));
    }
    m_settings = settings;
}

void AlertRules::started(const QDateTime& now)
{
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary})
        m_lastSeen.insert(int(k), now);
}

void AlertRules::onRecords(const QList<ReportRecord>& records, bool initial, const QDateTime& now)
{
    const ReportRecord* newestResource = nullptr;
    for (const ReportRecord& r : records) {
        if (!r.ok())
            continue;
        if (!initial)
            m_lastSeen.insert(int(r.kind), now);
        else if (const QDateTime t = r.timestamp(); t.isValid() && t > m_lastSeen.value(int(r.kind)))
            m_lastSeen.insert(int(r.kind), t);
        m_silent.remove(int(r.kind));
        switch (r.kind) {
        case ReportKind::Resources:
            if (initial)
                newestResource = &r;
            else
                onResources(r, true);
            break;
        case ReportKind::Portscan: onPortscan(r, !initial); break;
        case ReportKind::Summary: onSummary(r, !initial); break;
        }
    }
    if (newestResource)
        onResources(*newestResource, true);
}

// Memory: one alert when mem_used_pct rises above the threshold; re-armed once it falls below.
void AlertRules::onResources(const ReportRecord& r, bool raise)
{
    const ResourceSnapshot s = ResourceSnapshot::fromJson(r.object);
    const bool high = s.memUsedPct > m_memoryThreshold;
    if (high && !m_memoryHigh && raise) {
        Alert a;
        a.kind = Alert::Kind::MemoryHigh;
        a.severity = Alert::Severity::Warning;
        a.title = QStringLiteral("Memory at %1% in the workspace").arg(s.memUsedPct, 0, 'f', 1);
        a.detail = QStringLiteral("mem_used_pct %1% is above the %2% threshold at %3 (%4 processes)")
                       .arg(s.memUsedPct, 0, 'f', 1)
                       .arg(m_memoryThreshold, 0, 'f', 1)
                       .arg(s.timestamp.toString(Qt::ISODate))
                       .arg(s.processCount);
        a.ref = refOf(r);
        m_center.raise(a);
    }
    m_memoryHigh = high;
}

// Port scan: one alert per unknown listener when it appears (not again on every scan while
// it stays); a scan without one clears the set. Known listeners (Docker's embedded DNS) never
// alert; their scans are remembered so that the summary's count of "warning" scans can be read.
void AlertRules::onPortscan(const ReportRecord& r, bool raise)
{
    const PortScanResult p = PortScanResult::fromJson(r.object);
    if (!p.isWarning() && p.status == QLatin1String("warning") && p.timestamp.isValid() && (!m_lastSummaryTime.isValid() || p.timestamp > m_lastSummaryTime)
        && m_knownOnlyScans.size() < 100000)
        m_knownOnlyScans.append(p.timestamp);
    QSet<QString> now;
    for (const UnexpectedListener& u : p.unknown()) {
        const QString key = u.address + QLatin1Char('|') + u.process;
        now.insert(key);
        if (!raise || m_unexpected.contains(key))
            continue;
        Alert a;
        a.kind = Alert::Kind::PortscanWarning;
        a.severity = Alert::Severity::Critical;
        a.title = QStringLiteral("Unexpected listener %1").arg(u.label());
        a.detail = QStringLiteral("Port scan at %1 found %2 listening; expected ports: %3")
                       .arg(p.timestamp.toString(Qt::ISODate), u.label(), p.expectedPorts.join(QStringLiteral(", ")));
        a.ref = refOf(r);
        m_center.raise(a);
    }
    m_unexpected = now;
}

// Summary: portscan_warnings is a running count of the scans written as "warning"; an increase
// over the previous summary alerts unless every new one was a scan of known listeners only.
void AlertRules::onSummary(const ReportRecord& r, bool raise)
{
    const SecuritySummary s = SecuritySummary::fromJson(r.object);
    qint64 knownOnly = 0;
    for (const QDateTime& t : std::as_const(m_knownOnlyScans))
        if ((!m_lastSummaryTime.isValid() || t > m_lastSummaryTime) && (!s.timestamp.isValid() || t <= s.timestamp))
            ++knownOnly;
    if (raise && m_lastWarnings >= 0 && s.portscanWarnings - m_lastWarnings > knownOnly) {
        Alert a;
        a.kind = Alert::Kind::PortscanWarningsIncreased;
        a.severity = Alert::Severity::Warning;
        a.title = QStringLiteral("Port-scan warnings rose to %1").arg(s.portscanWarnings);
        const QString known = knownOnly ? QStringLiteral(" (%1 of them only %2)").arg(knownOnly).arg(KnownListeners::dockerDnsName()) : QString();
        a.detail = QStringLiteral("security summary at %1: portscan_warnings %2 -> %3%4; listeners: %5")
                       .arg(s.timestamp.toString(Qt::ISODate))
                       .arg(m_lastWarnings)
                       .arg(s.portscanWarnings)
                       .arg(known, s.listeners.join(QStringLiteral(", ")));
        a.ref = refOf(r);
        m_center.raise(a);
    }
    m_lastWarnings = s.portscanWarnings;
    if (s.timestamp.isValid()) {
        m_lastSummaryTime = s.timestamp;
        m_knownOnlyScans.removeIf([&](const QDateTime& t) { return t <= s.timestamp; });
    }
}

// Rewrites and read errors alert; rotation, truncation, deletion and re-creation are operator
// actions and are recorded as info.
void AlertRules::onEvent(const FollowerEvent& e)
{
    using T = FollowerEvent::Type;
    if (e.type == T::Opened || e.type == T::Missing)
        return;
    Alert a;
    const QString name = QFileInfo(e.file).fileName();
    a.ref.file = e.file;
    a.ref.offset = e.offset;
    a.detail = QStringLiteral("%1: %2").arg(e.file, e.detail);
    if (e.type == T::Rewritten) {
        a.kind = Alert::Kind::ReportRewritten;
        a.severity = Alert::Severity::Critical;
        a.title = QStringLiteral("Report rewritten: %1").arg(name);
    } else if (e.type == T::ReadError) {
        a.kind = Alert::Kind::ReportReadError;
        a.severity = Alert::Severity::Warning;
        a.title = QStringLiteral("Cannot read report %1").arg(name);
    } else {
        a.kind = Alert::Kind::ReportFileChanged;
        a.severity = Alert::Severity::Info;
        a.title = QStringLiteral("Report %1 %2").arg(name, FollowerEvent::typeName(e.type));
    }
    m_center.raise(a);
}

void AlertRules::setMonitorsRunning(bool running, const QDateTime& now)
{
    if (running && !m_monitorsRunning) {
        for (auto it = m_lastSeen.begin(); it != m_lastSeen.end(); ++it)
            it.value() = std::max(it.value(), now);
    }
    m_monitorsRunning = running;
}

void AlertRules::checkSilence(const QDateTime& now)
{
    if (!m_settings.monitoringRuns || !m_monitorsRunning)
        return;
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        const ReportSettings::Monitor m = m_settings.monitor(k);
        if (!m.enabled || m.intervalSeconds <= 0 || m_silent.contains(int(k)) || !m_lastSeen.contains(int(k)))
            continue;
        const QDateTime last = m_lastSeen.value(int(k));
        if (last.secsTo(now) < 3LL * m.intervalSeconds)
            continue;
        m_silent.insert(int(k));
        Alert a;
        a.kind = Alert::Kind::ReportSilent;
        a.severity = Alert::Severity::Warning;
        a.title = QStringLiteral("Report %1 gone silent").arg(reportFileName(k));
        a.detail = QStringLiteral("no record since %1 although its monitor is on with a %2 s interval").arg(last.toString(Qt::ISODate)).arg(m.intervalSeconds);
        a.ref.file = m_settings.filePath(k);
        m_center.raise(a);
    }
}
