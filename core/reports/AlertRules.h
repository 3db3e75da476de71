#pragma once

#include "core/reports/AlertCenter.h"
#include "core/reports/FileFollower.h"
#include "core/reports/ReportSettings.h"

#include <QHash>
#include <QSet>

/// Turns records and follower events into alerts (see each rule in AlertRules.cpp).
/// Records of the initial backlog only set the baseline (no alert storm on start), except that
/// the newest resource snapshot is checked against the memory threshold.
class AlertRules {
public:
    AlertRules(AlertCenter& center, double memoryThresholdPercent);

    /// Monitor switches and intervals; a monitor switched on counts its silence from \a now.
    void setSettings(const ReportSettings& settings, const QDateTime& now);
    /// Counting silence starts at \a now for every report (call when following starts).
    void started(const QDateTime& now);
    void onRecords(const QList<ReportRecord>& records, bool initial, const QDateTime& now);
    void onEvent(const FollowerEvent& event);
    /// Whether the workspace (where the monitors run) is up. While it is not, no report is
    /// silent; when it comes up, silence is counted from \a now.
    void setMonitorsRunning(bool running, const QDateTime& now);
    /// Raises "report gone silent" for an enabled monitor with no record for 3x its interval.
    void checkSilence(const QDateTime& now);

private:
    void onResources(const ReportRecord& r, bool raise);
    void onPortscan(const ReportRecord& r, bool raise);
    void onSummary(const ReportRecord& r, bool raise);
    static RecordRef refOf(const ReportRecord& r) { return {r.file, r.offset, r.seq}; }

    AlertCenter& m_center;
    double m_memoryThreshold;
    ReportSettings m_settings;
    QHash<int, QDateTime> m_lastSeen;
    QSet<int> m_silent;
    QSet<QString> m_unexpected;
    qint64 m_lastWarnings = -1;
    QDateTime m_lastSummaryTime;
    QList<QDateTime> m_knownOnlyScans; ///< times of "warning" scans of known listeners only, after m_lastSummaryTime
    bool m_memoryHigh = false;
    bool m_monitorsRunning = true; ///< until told otherwise (no stack known: the CLI, tests)
};
