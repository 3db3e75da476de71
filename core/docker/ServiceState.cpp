#include "ServiceState.h"

#include "core/docker/EngineTime.h"

#include <QHostAddress>
#include <QJsonArray>

#include <algorithm>
#include <tuple>

QString serviceStateName(ServiceState state)
{
    switch (state) {
    case ServiceState::Absent: return QStringLiteral("absent");
    case ServiceState::Created: return QStringLiteral("created");
    case ServiceState::Starting: return QStringLiteral("starting");
    case ServiceState::Running: return QStringLiteral("running");
    case ServiceState::Healthy: return QStringLiteral("healthy");
    case ServiceState::Unhealthy: return QStringLiteral("unhealthy");
    case ServiceState::Restarting: return QStringLiteral("restarting");
    case ServiceState::Exited: return QStringLiteral("exited");
    case ServiceState::Dead: return QStringLiteral("dead");
    case ServiceState::Removing: return QStringLiteral("removing");
    }
    return QStringLiteral("absent");
}

bool serviceStateIsUp(ServiceState state)
{
    return state == ServiceState::Starting || state == ServiceState::Running || state == ServiceState::Healthy || state == ServiceState::Unhealthy;
}

bool ServiceInfo::isOneOffLabel(const QString& value)
{
    return value.compare(QLatin1String("True"), Qt::CaseInsensitive) == 0;
}

bool ServiceInfo::exitExpected(ServiceState before) const
{
    if (oomKilled)
        return false;
    return before == ServiceState::Created || exitCode == 0 || stopRequested || oneOff;
}

void ServiceInfo::carryOver(const ServiceInfo& previous)
{
    const bool restarted = serviceStateIsUp(state) && !serviceStateIsUp(previous.state);
    if (previous.stopping && serviceStateIsUp(state))
        stopping = true;
    if (previous.stopRequested && !restarted)
        stopRequested = true;
}

bool PublishedPort::isLoopback() const
{
    const QHostAddress a(hostIp);
    return !a.isNull() && a.isLoopback();
}

namespace {
QString str(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toString();
}

ServiceState runningState(const QString& health)
{
    if (health == QLatin1String("healthy"))
        return ServiceState::Healthy;
    if (health == QLatin1String("unhealthy"))
        return ServiceState::Unhealthy;
    if (health == QLatin1String("starting"))
        return ServiceState::Starting;
    return ServiceState::Running;
}

} // namespace

ServiceInfo ServiceInfo::fromInspect(const QJsonObject& inspect)
{
    ServiceInfo s;
    s.id = str(inspect, "Id");
    s.container = str(inspect, "Name");
    if (s.container.startsWith(QLatin1Char('/')))
        s.container.remove(0, 1);
    const QJsonObject config = inspect.value(QLatin1String("Config")).toObject();
    const QJsonObject labels = config.value(QLatin1String("Labels")).toObject();
    s.service = labels.value(QLatin1String("com.docker.compose.service")).toString();
    s.oneOff = isOneOffLabel(labels.value(QLatin1String("com.docker.compose.oneoff")).toString());
    s.image = str(config, "Image");
    const QJsonArray test = config.value(QLatin1String("Healthcheck")).toObject().value(QLatin1String("Test")).toArray();
    s.hasHealthcheck = !test.isEmpty() && test.first().toString() != QLatin1String("NONE");
    s.healthcheckKnown = true;
    s.restartCount = inspect.value(QLatin1String("RestartCount")).toInt();

    const QJsonObject st = inspect.value(QLatin1String("State")).toObject();
    const QString status = str(st, "Status");
    const QString health = st.value(QLatin1String("Health")).toObject().value(QLatin1String("Status")).toString();
    s.health = health.isEmpty() ? QStringLiteral("none") : health;
    s.paused = st.value(QLatin1String("Paused")).toBool();
    s.oomKilled = st.value(QLatin1String("OOMKilled")).toBool();
    s.startedAt = EngineTime::parse(str(st, "StartedAt"));
    if (status == QLatin1String("created")) {
        s.state = ServiceState::Created;
    } else if (status == QLatin1String("running") || status == QLatin1String("paused")) {
        s.state = runningState(health);
    } else if (status == QLatin1String("restarting")) {
        s.state = ServiceState::Restarting;
        s.exitCode = st.value(QLatin1String("ExitCode")).toInt(-1);
    } else if (status == QLatin1String("removing")) {
        s.state = ServiceState::Removing;
    } else if (status == QLatin1String("exited")) {
        s.state = ServiceState::Exited;
        s.exitCode = st.value(QLatin1String("ExitCode")).toInt(-1);
    } else if (status == QLatin1String("dead")) {
        s.state = ServiceState::Dead;
        s.exitCode = st.value(QLatin1String("ExitCode")).toInt(-1);
    } else {
        s.state = ServiceState::Absent;
    }

    const QJsonObject ports = inspect.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Ports")).toObject();
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        const QStringList spec = it.key().split(QLatin1Char('/'));
        for (const QJsonValue& b : it.value().toArray()) {
            const QJsonObject bo = b.toObject();
            PublishedPort p;
            p.containerPort = spec.value(0).toInt();
            p.protocol = spec.value(1, QStringLiteral("tcp"));
            p.hostIp = str(bo, "HostIp");
            p.hostPort = str(bo, "HostPort").toInt();
            if (p.hostPort > 0)
                s.ports.append(p);
        }
    }
    std::sort(s.ports.begin(), s.ports.end(), [](const PublishedPort& a, const PublishedPort& b) {
        return std::tie(a.containerPort, a.hostPort, a.hostIp) < std::tie(b.containerPort, b.hostPort, b.hostIp);
    });
    return s;
}

ServiceInfo ServiceInfo::fromEventActor(const QJsonObject& event)
{
    ServiceInfo s;
    const QJsonObject actor = event.value(QLatin1String("Actor")).toObject();
    const QJsonObject attrs = actor.value(QLatin1String("Attributes")).toObject();
    s.id = str(actor, "ID");
    if (s.id.isEmpty())
        s.id = str(event, "id");
    s.container = str(attrs, "name");
    s.service = str(attrs, "com.docker.compose.service");
    s.oneOff = isOneOffLabel(str(attrs, "com.docker.compose.oneoff"));
    s.image = str(attrs, "image");
    s.health = QStringLiteral("none");
    return s;
}

bool ServiceInfo::applyEvent(const QJsonObject& event)
{
    const ServiceInfo before = *this;
    const QString action = event.value(QLatin1String("Action")).toString(event.value(QLatin1String("status")).toString());
    const QJsonObject attrs = event.value(QLatin1String("Actor")).toObject().value(QLatin1String("Attributes")).toObject();
    const qint64 nanos = event.value(QLatin1String("timeNano")).toInteger();
    const QString name = str(attrs, "name");
    if (!name.isEmpty())
        container = name;

    if (action == QLatin1String("create")) {
        state = ServiceState::Created;
        exitCode = -1;
        stopRequested = false;
    } else if (action == QLatin1String("start") || action == QLatin1String("restart")) {
        // Unknown health check (not inspected yet): Starting until an inspect says otherwise,
        // so the stack never shows running before the health check has passed.
        const bool checked = hasHealthcheck || !healthcheckKnown;
        state = checked ? ServiceState::Starting : ServiceState::Running;
        health = checked ? QStringLiteral("starting") : QStringLiteral("none");
        exitCode = -1;
        stopping = false;
        stopRequested = false;
        paused = false;
        oomKilled = false;
        if (nanos > 0)
            startedAt = EngineTime::fromNanos(nanos);
    } else if (action == QLatin1String("die")) {
        state = ServiceState::Exited;
        bool ok = false;
        const int code = str(attrs, "exitCode").toInt(&ok);
        exitCode = ok ? code : -1;
        stopping = false;
        paused = false;
    } else if (action == QLatin1String("kill")) {
        const QString sig = str(attrs, "signal");
        const bool graceful = sig == QLatin1String("15") || sig == QLatin1String("2") || sig == QLatin1String("3") || sig == QLatin1String("SIGTERM")
                              || sig == QLatin1String("SIGINT") || sig == QLatin1String("SIGQUIT");
        const bool kill = sig == QLatin1String("9") || sig == QLatin1String("SIGKILL");
        if (serviceStateIsUp(state) && (graceful || kill))
            stopping = true;
        if (serviceStateIsUp(state) && graceful)
            stopRequested = true;
    } else if (action == QLatin1String("stop")) {
        stopRequested = stopRequested || serviceStateIsUp(state);
    } else if (action.startsWith(QLatin1String("health_status"))) {
        const QString h = action.section(QLatin1Char(':'), 1).trimmed();
        if (!h.isEmpty()) {
            hasHealthcheck = true;
            healthcheckKnown = true;
            health = h;
            if (serviceStateIsUp(state))
                state = runningState(h);
        }
    } else if (action == QLatin1String("pause")) {
        paused = true;
    } else if (action == QLatin1String("unpause")) {
        paused = false;
    } else if (action == QLatin1String("oom")) {
        oomKilled = true;
    } else if (action == QLatin1String("destroy")) {
        state = ServiceState::Absent;
        stopping = false;
        ports.clear();
    }
    if (!serviceStateIsUp(state))
        ports.clear();
    return !(before == *this);
}
