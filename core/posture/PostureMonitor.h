#pragma once

#include "core/checkout/Checkout.h"
#include "core/posture/PostureAudit.h"
#include "core/posture/RunningPosture.h"

#include <QDateTime>
#include <QHash>
#include <QObject>

class Allowlists;
class EngineClient;
class EventStream;
class PostureCollector;
class QTimer;
class Settings;
class StackMonitor;

/// Keeps the posture current once started: re-runs the audit on request, on workspace container
/// (re)starts and health changes (followStack(), or call containerStarted()), on changes of
/// .env and the allowlists (followFiles(): the owners of those files tell it, no watcher of its
/// own), and on a slow timer (60 s) as a safety net (which also covers the compose file).
/// Announces controls that newly fail so the tray can notify.
class PostureMonitor : public QObject {
    Q_OBJECT
public:
    PostureMonitor(const Checkout& checkout, EngineClient& engine, QObject* parent = nullptr);
    ~PostureMonitor() override;

    /// Results of the last run (empty when it could not audit: see lastError()).
    const QList<ControlResult>& results() const { return m_results; }
    /// Why the last run produced no results (empty when it did).
    QString lastError() const { return m_error; }
    int passedCount() const { return PostureAudit::passed(m_results); }
    /// Controls that warn (a loosened running posture counts here, never as a pass).
    int warnedCount() const;
    /// What the running workspace has, from the last run (unknown when it could not audit).
    const RunningPosture& running() const { return m_runningPosture; }
    int total() const { return int(m_results.size()); }
    /// When the last run finished (invalid before the first).
    QDateTime lastRun() const { return m_lastRun; }
    bool isRunning() const { return m_running; }

    /// Starts the periodic re-run and runs the audit once.
    void start();
    /// Re-audits (debounced) when \a settings or \a allowlists change, by the panel or outside.
    void followFiles(Settings& settings, Allowlists& allowlists);
    /// Re-audits when \a stack reports the workspace service changing state (start, restart,
    /// health) — the engine's event stream drives it.
    void followStack(StackMonitor& stack);

public Q_SLOTS:
    /// Re-runs the audit now (coalesced when one is already running).
    void refresh();
    /// A container of the stack started or restarted: re-audit shortly after (debounced; only
    /// once started, like the file and stack triggers).
    void containerStarted();

    /// Publishes a run's outcome (used by refresh(); tests feed recorded results here).
    void apply(const QList<ControlResult>& results, const QString& error, const RunningPosture& running = {});

Q_SIGNALS:
    /// A run finished (results() / lastError() changed).
    void updated();
    /// A control that did not fail in the last successful audit fails now (each failure is
    /// announced once; a run that cannot audit does not reset what was seen).
    void controlFailed(const QString& id, const QString& detail);

private:
    PostureCollector* m_collector;
    QTimer* m_periodic;
    QTimer* m_debounce;
    EventStream* m_networks; ///< network connect/disconnect events: re-audit at once
    QList<ControlResult> m_results;
    RunningPosture m_runningPosture;
    QHash<QString, ControlStatus> m_seen; ///< last known status per control (survives failed runs)
    QString m_error;
    QDateTime m_lastRun;
    bool m_running = false;
    bool m_again = false;
};
