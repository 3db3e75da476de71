#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

/// The state of one compose service's container, as the engine reports it.
enum class ServiceState {
    Absent,     ///< no container (never created, or destroyed)
    Created,    ///< created, never started
    Starting,   ///< running, health check not yet passed ("health: starting")
    Running,    ///< running, no health check
    Healthy,    ///< running, health check passing
    Unhealthy,  ///< running, health check failing
    Restarting, ///< the restart policy is restarting it
    Exited,     ///< stopped; see ServiceInfo::exitCode
    Dead,       ///< the engine could not stop or remove it cleanly
    Removing,   ///< being removed
};

/// "absent", "created", "starting", "running", "healthy", "unhealthy", "restarting", "exited",
/// "dead", "removing".
QString serviceStateName(ServiceState state);
/// True for the states in which the container's processes run.
bool serviceStateIsUp(ServiceState state);

/// One published port: host side and container side.
struct PublishedPort {
    QString hostIp; ///< "127.0.0.1", "0.0.0.0", "::"
    int hostPort = 0;
    int containerPort = 0;
    QString protocol; ///< "tcp" / "udp"
    /// True when reachable only from this machine (127.0.0.0/8 or ::1).
    bool isLoopback() const;
    bool operator==(const PublishedPort&) const = default;
};

/// Everything the services table and the CLI show about one service's container.
struct ServiceInfo {
    QString service;   ///< compose service name (label com.docker.compose.service)
    QString container; ///< container name without the leading '/'
    QString id;        ///< full container id
    QString image;
    ServiceState state = ServiceState::Absent;
    QString health;      ///< "healthy", "unhealthy", "starting" or "none" (no health check)
    int exitCode = -1;   ///< last exit code when Exited/Dead; -1 when unknown or not exited
    QDateTime startedAt; ///< UTC; invalid when never started
    QList<PublishedPort> ports;
    bool hasHealthcheck = false;
    bool healthcheckKnown = false; ///< false until an inspect said whether there is a health check
    bool paused = false;
    bool stopping = false; ///< a stop/kill signal was sent and the container has not died yet
    /// Someone asked this run to stop (a SIGTERM/SIGINT/SIGQUIT `kill` event, as compose stop,
    /// down and restart send, or a `stop` event). Unlike `stopping` it survives `die`; the next
    /// start or create clears it. A bare SIGKILL (`docker kill`) is not a stop request.
    bool stopRequested = false;
    bool oomKilled = false;
    /// A `compose run` container (label com.docker.compose.oneoff): an autonomous run, whose end
    /// is the run's result and is reported as such, not as the service exiting.
    bool oneOff = false;
    int restartCount = 0;

    bool operator==(const ServiceInfo&) const = default;

    /// Whether a com.docker.compose.oneoff label value marks a `compose run` container ("True").
    static bool isOneOffLabel(const QString& value);

    /// The one rule for "expected exit" (timeline, notifier, CLI): a container that was up and
    /// exited is expected when it exited 0 or was asked to stop (whatever its code: 143 after
    /// SIGTERM, 137 after the grace period), and never when it was OOM-killed. A container that
    /// never ran (\a before Created) exiting is not news either, nor is the end of a one-off run.
    bool exitExpected(ServiceState before) const;
    /// Keeps what only events tell (stopping, stopRequested) when an inspect of the same run
    /// replaces \a previous.
    void carryOver(const ServiceInfo& previous);

    /// Built from GET /containers/{id}/json.
    static ServiceInfo fromInspect(const QJsonObject& inspect);
    /// Applies one /events message for this container (Type "container"). Returns true when
    /// anything changed. Actions not affecting state (exec_*, attach, ...) are ignored.
    bool applyEvent(const QJsonObject& event);
    /// Service, container and id from an event's Actor (state untouched).
    static ServiceInfo fromEventActor(const QJsonObject& event);
};

Q_DECLARE_METATYPE(ServiceState)
Q_DECLARE_METATYPE(ServiceInfo)
