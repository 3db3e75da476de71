#pragma once

#include "core/docker/ServiceState.h"

#include <QHash>
#include <QObject>
#include <QSet>

#include <functional>

class EngineClient;
class EventStream;

/// The one stack state of a sandbox (CLI.md strings via stackStateName()).
///
/// Computed in one place, StackMonitor::computeState(); the first rule that matches wins:
///  1. engine_unavailable: the engine cannot be reached, or the first full refresh after
///     (re)connecting has not completed yet (state is never shown from stale data).
///  2. stopping: a service is Removing, or was sent a stop/kill signal and has not died yet.
///  3. stopped: no container, or every container is Created or Exited with code 0.
///  4. error: no container is up (Starting/Running/Healthy/Unhealthy) nor Restarting, and at
///     least one is Dead or Exited with a non-zero (or unknown) code.
///  5. degraded: some containers are up but one is Unhealthy, Restarting, paused, Dead or
///     Exited with a non-zero code.
///  6. starting: a container is Created or Starting (health check not yet passed).
///  7. running: every container is Running/Healthy (or Exited with code 0, e.g. a one-shot job).
enum class StackState { Stopped, Starting, Running, Degraded, Stopping, Error, EngineUnavailable };

Q_DECLARE_METATYPE(StackState)

/// "stopped", "starting", "running", "degraded", "stopping", "error", "engine_unavailable".
QString stackStateName(StackState state);
/// The one "the stack is up" rule: starting, running or degraded (some service runs and no
/// stop is under way). Lifecycle buttons, the tray and "restart needed" all use it.
bool stackStateIsUp(StackState state);

/// Live state of one compose project from the engine: a full refresh (list + inspect) on every
/// (re)connect, then the /events stream (EventStream), each event also refining its container
/// with an inspect. Per-service info for a services table, one stack state. Lives in one thread.
class StackMonitor : public QObject {
    Q_OBJECT
public:
    StackMonitor(EngineClient& client, const QString& project, int reconnectInitialMs = 500, int reconnectMaxMs = 10000, QObject* parent = nullptr);
    ~StackMonitor() override;

    /// Where the project's name comes from when it is known only later: asked once, by the first
    /// start() or refresh() (the Sandbox reads nothing while it is built).
    void setProjectSource(std::function<QString()> source) { m_projectSource = std::move(source); }
    /// Starts following events (reconnecting as needed).
    void start();
    void stop();
    /// Between start() and stop().
    bool isStarted() const { return m_started; }
    /// One full refresh without following events (the CLI's `status`); refreshed() follows.
    void refresh();
    /// The panel itself is stopping the stack (Lifecycle::stopRequested): every container that
    /// is up now counts as asked to stop (ServiceInfo::stopRequested), even when the engine's
    /// `kill` event is missed (e.g. the event stream reconnects during the stop).
    void expectStop();

    StackState state() const { return m_state; }
    QString stateName() const { return stackStateName(m_state); }
    bool engineAvailable() const { return m_engineAvailable; }
    /// Engine version ("20.10.24"); empty while unavailable.
    QString engineVersion() const { return m_engineVersion; }
    /// The last reason the engine was unavailable, in plain words.
    QString engineError() const { return m_engineError; }
    /// All containers of the project, sorted by service then container name.
    QList<ServiceInfo> services() const;
    /// The container of \a service (the first when scaled); Absent info when none.
    ServiceInfo service(const QString& service) const;
    /// Ids of containers that are up (their stats can be streamed).
    QStringList runningContainerIds() const;
    QString project() const { return m_project; }

    /// The precedence documented on StackState.
    static StackState computeState(bool engineAvailable, const QList<ServiceInfo>& services);

Q_SIGNALS:
    /// The stack state changed (emitted only on a change).
    void stateChanged(StackState state);
    /// One container's state changed. \a now.state is Absent once it was destroyed. \a eventNanos
    /// is the engine's event timeNano (0 when the change came from a refresh).
    void serviceChanged(const ServiceInfo& now, ServiceState before, qint64 eventNanos);
    /// Anything in services() changed (state, health, ports, ...): redraw the services table.
    void servicesChanged();
    /// A full refresh completed (successfully or not: see engineAvailable()).
    void refreshed();
    /// Engine reachability changed.
    void engineAvailableChanged(bool available);

private:
    void onConnected();
    void onDisconnected(const QString& reason);
    void onEvent(const QJsonObject& event);
    void finishRefresh(quint64 generation, const QHash<QString, ServiceInfo>& fresh);
    void inspectOne(const QString& id);
    void setEngineAvailable(bool available, const QString& error = {});
    void update(const QString& id, const ServiceInfo& info, qint64 eventNanos);
    void recompute();

    EngineClient& m_client;
    QString m_project;
    std::function<QString()> m_projectSource;
    void resolveProject();
    EventStream* m_events = nullptr;
    QHash<QString, ServiceInfo> m_services; ///< by container id
    QHash<QString, quint64> m_eventSeq;     ///< per container: events seen (stale inspect guard)
    StackState m_state = StackState::EngineUnavailable;
    bool m_engineAvailable = false;
    QString m_engineVersion;
    QString m_engineError;
    quint64 m_generation = 0;
    bool m_refreshing = false;
    bool m_started = false;
    QSet<QString> m_dirtyDuringRefresh;
};
