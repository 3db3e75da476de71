#pragma once

#include "core/appconfig/AppConfig.h"
#include "core/reports/AlertCenter.h"
#include "core/reports/AlertRules.h"
#include "core/reports/ReportFollower.h"
#include "core/reports/ReportSettings.h"
#include "core/reports/TimelineModel.h"

#include <QHash>
#include <QObject>
#include <QTimer>

#include <memory>

class Settings;

/// The security reports of one sandbox: a follower per report file (in
/// PROJECTS_ROOT_PATH/PROJECT_NAME/logs), the alert rules and center, the unified timeline and
/// a bounded buffer of the newest records of each kind for views created late. Follows
/// \a settings: a new PROJECTS_ROOT_PATH/PROJECT_NAME restarts the followers on the new folder,
/// monitor switches and intervals change the alert rules at once.
class Reports : public QObject {
    Q_OBJECT
public:
    Reports(Settings& settings, const AppConfig& config, QObject* parent = nullptr);
    ~Reports() override;

    /// Starts following the three files.
    void start();
    void stop();
    bool isRunning() const { return m_running; }

    AlertCenter& alerts() { return m_alerts; }
    TimelineModel& timeline() { return m_timeline; }
    const ReportSettings& settings() const { return m_settings; }
    QString filePath(ReportKind kind) const { return m_settings.filePath(kind); }
    ReportFollower* follower(ReportKind kind) const;
    FollowerCounters counters(ReportKind kind) const { return m_counters.value(int(kind)); }
    /// The newest records of \a kind (at most bufferSize()), oldest first.
    QList<ReportRecord> recent(ReportKind kind) const { return m_recent.value(int(kind)); }
    static constexpr int bufferSize() { return 5000; }
    /// How many records each follower delivers on start.
    static constexpr int initialRecords() { return 1000; }

    /// Re-evaluates the "gone silent" rule at \a now (invalid: the current time; also on a timer).
    void checkSilence(const QDateTime& now = {});
    /// The workspace, where the monitors run, is up (or not): see AlertRules::setMonitorsRunning.
    void setMonitorsRunning(bool running);
    /// Without start(): the caller reads the files (`sandbox-ctl reports --alerts`) and feeds the
    /// alert rules; the alerts come through alerts(), as the panel raises them. beginReplay()
    /// counts silence from now, as start() does; replay() takes \a records, in this order, as if
    /// they had just arrived; replayEvent() a follower's event (rewritten, truncated, ...).
    void beginReplay();
    void replay(const QList<ReportRecord>& records);
    void replayEvent(const FollowerEvent& event);

Q_SIGNALS:
    /// New records of one file; \a initial for the newest records read when following started.
    void recordsArrived(ReportKind kind, const QList<ReportRecord>& records, bool initial);
    void countersChanged(ReportKind kind, const FollowerCounters& counters);
    void followerEvent(const FollowerEvent& event);
    void runningChanged(bool running);

private:
    void onRecords(ReportKind kind, const QList<ReportRecord>& records, bool initial);
    void onSettingsChanged();

    Settings& m_source;
    AppConfig m_config;
    ReportSettings m_settings;
    AlertCenter m_alerts;
    AlertRules m_rules;
    TimelineModel m_timeline;
    QTimer m_silenceTimer;
    std::vector<std::unique_ptr<ReportFollower>> m_followers;
    QHash<int, QList<ReportRecord>> m_recent;
    QHash<int, FollowerCounters> m_counters;
    bool m_running = false;
};
