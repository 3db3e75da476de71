#include "StackMonitor.h"

#include "core/docker/EngineClient.h"
#include "core/docker/EventStream.h"

#include <QJsonArray>
#include <QPointer>

#include <QUrl>
#include <utility>

#include <algorithm>
#include <memory>

QString stackStateName(StackState state)
{
    switch (state) {
    case StackState::Stopped: return QStringLiteral("stopped");
    case StackState::Starting: return QStringLiteral("starting");
    case StackState::Running: return QStringLiteral("running");
    case StackState::Degraded: return QStringLiteral("degraded");
    case StackState::Stopping: return QStringLiteral("stopping");
    case StackState::Error: return QStringLiteral("error");
    case StackState::EngineUnavailable: return QStringLiteral("engine_unavailable");
    }
    return QStringLiteral("error");
}

bool stackStateIsUp(StackState state)
{
    return state == StackState::Starting || state == StackState::Running || state == StackState::Degraded;
}

StackState StackMonitor::computeState(bool engineAvailable, const QList<ServiceInfo>& services)
{
    if (!engineAvailable)
        return StackState::EngineUnavailable;
    bool anyUp = false, anyRestarting = false, anyFailed = false, anyTrouble = false;
    bool anyStarting = false, allStopped = true;
    for (const ServiceInfo& s : services) {
        if (s.state == ServiceState::Absent)
            continue;
        if (s.state == ServiceState::Removing || s.stopping)
            return StackState::Stopping;
        const bool failed = s.state == ServiceState::Dead || (s.state == ServiceState::Exited && s.exitCode != 0);
        const bool cleanStop = s.state == ServiceState::Created || (s.state == ServiceState::Exited && s.exitCode == 0);
        allStopped = allStopped && cleanStop;
        anyUp = anyUp || serviceStateIsUp(s.state);
        anyRestarting = anyRestarting || s.state == ServiceState::Restarting;
        anyFailed = anyFailed || failed;
        anyTrouble = anyTrouble || failed || s.paused || s.state == ServiceState::Unhealthy || s.state == ServiceState::Restarting;
        anyStarting = anyStarting || s.state == ServiceState::Created || s.state == ServiceState::Starting;
    }
    if (allStopped)
        return StackState::Stopped;
    if (!anyUp && !anyRestarting && anyFailed)
        return StackState::Error;
    if (anyTrouble)
        return StackState::Degraded;
    if (anyStarting)
        return StackState::Starting;
    return StackState::Running;
}

StackMonitor::StackMonitor(EngineClient& client, const QString& project, int reconnectInitialMs, int reconnectMaxMs, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_project(project)
    , m_events(new EventStream(client, project, reconnectInitialMs, reconnectMaxMs, this))
{
    connect(m_events, &EventStream::connected, this, &StackMonitor::onConnected);
    connect(m_events, &EventStream::disconnected, this, &StackMonitor::onDisconnected);
    connect(m_events, &EventStream::eventReceived, this, &StackMonitor::onEvent);
}

StackMonitor::~StackMonitor() = default;

void StackMonitor::resolveProject()
{
    if (!m_projectSource)
        return;
    m_project = std::exchange(m_projectSource, nullptr)();
    m_events->setProject(m_project);
}

void StackMonitor::start()
{
    resolveProject();
    m_started = true;
    m_events->start();
}

void StackMonitor::stop()
{
    m_started = false;
    m_events->stop();
    ++m_generation;
    m_refreshing = false;
}

void StackMonitor::expectStop()
{
    for (ServiceInfo& s : m_services) {
        if (serviceStateIsUp(s.state) || s.state == ServiceState::Restarting)
            s.stopRequested = true;
    }
}

QList<ServiceInfo> StackMonitor::services() const
{
    QList<ServiceInfo> out = m_services.values();
    std::sort(out.begin(), out.end(),
              [](const ServiceInfo& a, const ServiceInfo& b) { return std::tie(a.service, a.container) < std::tie(b.service, b.container); });
    return out;
}

ServiceInfo StackMonitor::service(const QString& service) const
{
    for (const ServiceInfo& s : services()) {
        if (s.service == service)
            return s;
    }
    ServiceInfo none;
    none.service = service;
    return none;
}

QStringList StackMonitor::runningContainerIds() const
{
    QStringList ids;
    for (auto it = m_services.begin(); it != m_services.end(); ++it) {
        if (serviceStateIsUp(it->state) || it->state == ServiceState::Restarting)
            ids.append(it.key());
    }
    ids.sort();
    return ids;
}

void StackMonitor::setEngineAvailable(bool available, const QString& error)
{
    if (!available) {
        m_engineError = error;
        m_engineVersion.clear();
    } else {
        m_engineError.clear();
    }
    if (available == m_engineAvailable)
        return;
    m_engineAvailable = available;
    Q_EMIT engineAvailableChanged(available);
}

void StackMonitor::recompute()
{
    const StackState s = computeState(m_engineAvailable, m_services.values());
    if (s == m_state)
        return;
    m_state = s;
    Q_EMIT stateChanged(s);
}

void StackMonitor::update(const QString& id, const ServiceInfo& info, qint64 eventNanos)
{
    const ServiceInfo old = m_services.value(id);
    if (info.state == ServiceState::Absent)
        m_services.remove(id);
    else
        m_services.insert(id, info);
    if (old.state != info.state)
        Q_EMIT serviceChanged(info, old.state, eventNanos);
}

void StackMonitor::refresh()
{
    resolveProject();
    const quint64 gen = ++m_generation;
    m_refreshing = true;
    m_dirtyDuringRefresh.clear();
    QPointer<StackMonitor> self(this);
    auto fail = [self, gen](const QString& error) {
        if (!self || gen != self->m_generation)
            return;
        self->m_refreshing = false;
        self->setEngineAvailable(false, error);
        self->recompute();
        Q_EMIT self->refreshed();
    };
    // The negotiation's /version reply gives the engine version (no second round trip).
    m_client.negotiate(
        [self, gen, fail](const QString& error) {
            if (!self || gen != self->m_generation)
                return;
            if (!error.isEmpty()) {
                fail(error);
                return;
            }
            self->m_engineVersion = self->m_client.serverVersion();
            self->m_client.request("GET", EngineClient::projectContainersPath(self->m_project), {}, [self, gen, fail](const EngineReply& list) {
                if (!self || gen != self->m_generation)
                    return;
                if (!list.ok()) {
                    fail(list.describe());
                    return;
                }
                QStringList ids;
                for (const QJsonValue& c : list.json().array()) {
                    const QString id = c.toObject().value(QStringLiteral("Id")).toString();
                    if (!id.isEmpty())
                        ids.append(id);
                }
                auto fresh = std::make_shared<QHash<QString, ServiceInfo>>();
                auto remaining = std::make_shared<int>(int(ids.size()));
                if (ids.isEmpty()) {
                    self->finishRefresh(gen, {});
                    return;
                }
                for (const QString& id : ids) {
                    self->m_client.request("GET", QStringLiteral("/containers/%1/json").arg(id), {},
                                           [self, gen, fail, fresh, remaining, id](const EngineReply& r) {
                                               if (!self || gen != self->m_generation)
                                                   return;
                                               if (!r.error.isEmpty()) {
                                                   fail(r.error);
                                                   return;
                                               }
                                               if (r.ok()) // 404: removed meanwhile
                                                   fresh->insert(id, ServiceInfo::fromInspect(r.json().object()));
                                               if (--*remaining == 0)
                                                   self->finishRefresh(gen, *fresh);
                                           });
                }
            });
        },
        5000);
}

void StackMonitor::finishRefresh(quint64 generation, const QHash<QString, ServiceInfo>& fresh)
{
    if (generation != m_generation)
        return;
    m_refreshing = false;
    const QHash<QString, ServiceInfo> before = m_services;
    for (auto it = before.begin(); it != before.end(); ++it) {
        if (!fresh.contains(it.key())) {
            ServiceInfo gone = it.value();
            gone.state = ServiceState::Absent;
            update(it.key(), gone, 0);
        }
    }
    for (auto it = fresh.begin(); it != fresh.end(); ++it) {
        ServiceInfo info = it.value();
        if (const auto old = before.constFind(it.key()); old != before.cend())
            info.carryOver(*old);
        update(it.key(), info, 0);
    }
    setEngineAvailable(true);
    const QSet<QString> dirty = m_dirtyDuringRefresh;
    m_dirtyDuringRefresh.clear();
    for (const QString& id : dirty)
        inspectOne(id);
    recompute();
    if (before != m_services)
        Q_EMIT servicesChanged();
    Q_EMIT refreshed();
}

void StackMonitor::inspectOne(const QString& id)
{
    const quint64 seq = m_eventSeq.value(id);
    const quint64 gen = m_generation;
    QPointer<StackMonitor> self(this);
    m_client.request("GET", QStringLiteral("/containers/%1/json").arg(id), {}, [self, id, seq, gen](const EngineReply& r) {
        if (!self || gen != self->m_generation || self->m_eventSeq.value(id) != seq)
            return; // a newer event (or refresh) supersedes this answer
        ServiceInfo info;
        if (r.ok()) {
            info = ServiceInfo::fromInspect(r.json().object());
            info.carryOver(self->m_services.value(id));
        } else if (r.status == 404) {
            info = self->m_services.value(id);
            info.state = ServiceState::Absent;
        } else {
            return; // transport trouble: the event stream will notice
        }
        const ServiceInfo old = self->m_services.value(id);
        if (old == info)
            return;
        self->update(id, info, 0);
        self->recompute();
        Q_EMIT self->servicesChanged();
    });
}

void StackMonitor::onConnected()
{
    refresh();
}

void StackMonitor::onDisconnected(const QString& reason)
{
    ++m_generation;
    m_refreshing = false;
    setEngineAvailable(false, reason);
    recompute();
}

void StackMonitor::onEvent(const QJsonObject& event)
{
    if (event.value(QStringLiteral("Type")).toString() != QLatin1String("container"))
        return;
    const ServiceInfo actor = ServiceInfo::fromEventActor(event);
    if (actor.id.isEmpty())
        return;
    const QString id = actor.id;
    ++m_eventSeq[id];
    if (m_refreshing)
        m_dirtyDuringRefresh.insert(id);
    ServiceInfo info = m_services.contains(id) ? m_services.value(id) : actor;
    const QString action = event.value(QStringLiteral("Action")).toString();
    if (!info.applyEvent(event) && m_services.contains(id))
        return;
    update(id, info, event.value(QStringLiteral("timeNano")).toInteger());
    if (action == QLatin1String("destroy"))
        m_eventSeq.remove(id);
    recompute();
    Q_EMIT servicesChanged();
    if (action != QLatin1String("destroy") && !m_refreshing)
        inspectOne(id);
}
