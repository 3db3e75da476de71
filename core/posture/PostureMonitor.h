#pragma once

#include "posture/PostureAudit.h"
#include "sandbox/Checkout.h"

#include <QObject>

class EngineClient;
class PostureCollector;
class QFileSystemWatcher;
class QTimer;

/// Keeps the posture current: re-runs the audit on request, on container (re)starts (call
/// containerStarted()), on .env or allowlist changes and on a slow timer. Reports controls that
/// newly fail so the tray can notify.
class PostureMonitor : public QObject {
    Q_OBJECT
public:
    PostureMonitor(const Checkout& checkout, EngineClient& engine, QObject* parent = nullptr);
    ~PostureMonitor() override;

    const QList<ControlResult>& results() const { return m_results; }
    /// Why the last run produced no results (empty when it did).
    QString lastError() const { return m_error; }
    int passedCount() const { return PostureAudit::passed(m_results); }
    int total() const { return int(m_results.size()); }

    /// Starts watching files and the periodic re-run (slow: 60 s).
    void start();

public Q_SLOTS:
    /// Re-runs the audit now (coalesced when one is already running).
    void refresh();
    /// A container of the stack started or restarted: re-audit shortly after.
    void containerStarted();

    /// Publishes a run's outcome (used by refresh(); tests feed recorded results here).
    void apply(const QList<ControlResult>& results, const QString& error);

Q_SIGNALS:
    void updated();
    /// A control that passed (or was not known) now fails.
    void controlFailed(const QString& id, const QString& detail);

private:
    Checkout m_checkout;
    PostureCollector* m_collector;
    QFileSystemWatcher* m_watcher;
    QTimer* m_periodic;
    QTimer* m_debounce;
    QList<ControlResult> m_results;
    QString m_error;
    bool m_running = false;
    bool m_again = false;
};
