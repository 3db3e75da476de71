#include "EventStream.h"

#include "core/docker/EngineClient.h"
#include "core/docker/HttpExchange.h"

#include <spdlog/spdlog.h>

EventStream::EventStream(EngineClient& client, const QString& project, int reconnectInitialMs, int reconnectMaxMs, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_project(project)
    , m_initialMs(qMax(10, reconnectInitialMs))
    , m_maxMs(qMax(qMax(10, reconnectInitialMs), reconnectMaxMs))
    , m_backoffMs(m_initialMs)
{
    m_retry.setSingleShot(true);
    connect(&m_retry, &QTimer::timeout, this, &EventStream::connectNow);
}

EventStream::~EventStream()
{
    stop();
}

QString EventStream::path() const
{
    if (m_networkEvents)
        return QStringLiteral("/events?filters=")
               + EngineClient::filtersQuery({{QStringLiteral("type"), {QStringLiteral("network")}},
                                             {QStringLiteral("event"), {QStringLiteral("connect"), QStringLiteral("disconnect")}}});
    const QStringList actions{QStringLiteral("create"), QStringLiteral("start"),   QStringLiteral("restart"), QStringLiteral("die"),
                              QStringLiteral("kill"),   QStringLiteral("stop"),    QStringLiteral("destroy"), QStringLiteral("health_status"),
                              QStringLiteral("pause"),  QStringLiteral("unpause"), QStringLiteral("oom"),     QStringLiteral("rename")};
    return QStringLiteral("/events?filters=")
           + EngineClient::filtersQuery({{QStringLiteral("type"), {QStringLiteral("container")}},
                                         {QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + m_project}},
                                         {QStringLiteral("event"), actions}});
}

void EventStream::start()
{
    if (m_running)
        return;
    m_running = true;
    m_backoffMs = m_initialMs;
    connectNow();
}

void EventStream::stop()
{
    m_running = false;
    m_retry.stop();
    if (m_exchange) {
        m_exchange->abort();
        m_exchange->deleteLater();
        m_exchange = nullptr;
    }
    m_connected = false;
}

void EventStream::connectNow()
{
    if (!m_running || m_exchange)
        return;
    QPointer<EventStream> self(this);
    m_client.negotiate(
        [self](const QString& error) {
            if (!self || !self->m_running || self->m_exchange)
                return;
            if (!error.isEmpty()) {
                self->lost(error);
                return;
            }
            self->m_splitter.reset();
            HttpExchange* ex = self->m_client.openStream(self->path(), self);
            self->m_exchange = ex;
            connect(ex, &HttpExchange::headersReceived, self, &EventStream::onHeaders);
            connect(ex, &HttpExchange::bodyData, self, &EventStream::onData);
            connect(ex, &HttpExchange::finished, self, &EventStream::onFinished);
        },
        5000);
}

void EventStream::onHeaders(int status)
{
    if (status != 200) {
        lost(QStringLiteral("engine refused the event stream (HTTP %1)").arg(status));
        return;
    }
    m_connected = true;
    m_lostSignalled = false;
    m_backoffMs = m_initialMs;
    Q_EMIT connected();
}

void EventStream::onData(const QByteArray& data)
{
    const QList<QJsonObject> events = m_splitter.feed(data);
    for (const QJsonObject& e : events) {
        Q_EMIT eventReceived(e);
        if (!m_exchange)
            return;
    }
    if (m_splitter.hasError())
        lost(QStringLiteral("bad event stream: %1").arg(m_splitter.error()));
}

void EventStream::onFinished()
{
    const QString error = m_exchange ? m_exchange->error() : QString();
    lost(error.isEmpty() ? QStringLiteral("engine closed the event stream") : error);
}

void EventStream::lost(const QString& reason)
{
    if (m_exchange) {
        m_exchange->abort();
        m_exchange->deleteLater();
        m_exchange = nullptr;
    }
    const bool wasConnected = m_connected;
    m_connected = false;
    m_client.resetNegotiation();
    if (!m_running)
        return;
    if (wasConnected || !m_lostSignalled) {
        m_lostSignalled = true;
        spdlog::info("engine events: {}; retrying in {} ms", reason.toStdString(), m_backoffMs);
        Q_EMIT disconnected(reason);
    }
    m_retry.start(m_backoffMs);
    m_backoffMs = qMin(m_maxMs, m_backoffMs * 2);
}
