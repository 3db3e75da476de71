#include "StatsStream.h"

#include "core/docker/EngineClient.h"
#include "core/docker/HttpExchange.h"
#include "core/docker/JsonStreamSplitter.h"
#include "core/docker/StackMonitor.h"

#include <QTimer>

struct StatsStream::Stream {
    QPointer<HttpExchange> exchange;
    JsonStreamSplitter splitter{4 * 1024 * 1024};
    StatsCounters previous;
    QString container;
    QString service;
};

StatsStream::StatsStream(EngineClient& client, StackMonitor& monitor, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_monitor(monitor)
{
    connect(&m_monitor, &StackMonitor::servicesChanged, this, &StatsStream::sync);
    connect(&m_monitor, &StackMonitor::refreshed, this, &StatsStream::sync);
    connect(&m_monitor, &StackMonitor::engineAvailableChanged, this, &StatsStream::sync);
}

StatsStream::~StatsStream()
{
    stop();
}

void StatsStream::start()
{
    m_running = true;
    sync();
}

void StatsStream::stop()
{
    m_running = false;
    const QStringList ids = m_streams.keys();
    for (const QString& id : ids)
        close(id);
}

QStringList StatsStream::streamingIds() const
{
    QStringList ids = m_streams.keys();
    ids.sort();
    return ids;
}

void StatsStream::sync()
{
    const QStringList wanted = (m_running && m_monitor.engineAvailable()) ? m_monitor.runningContainerIds() : QStringList();
    const QStringList open = m_streams.keys();
    for (const QString& id : open) {
        if (!wanted.contains(id))
            close(id);
    }
    for (const QString& id : wanted) {
        if (!m_streams.contains(id))
            this->open(id);
    }
}

void StatsStream::open(const QString& id)
{
    if (m_client.apiPrefix().isEmpty())
        return; // not negotiated yet: the next refresh calls sync() again
    auto* s = new Stream;
    for (const ServiceInfo& info : m_monitor.services()) {
        if (info.id == id) {
            s->container = info.container;
            s->service = info.service;
        }
    }
    s->exchange = m_client.openStream(QStringLiteral("/containers/%1/stats?stream=1").arg(id), this);
    connect(s->exchange, &HttpExchange::headersReceived, this, [this, id](int status) {
        if (status != 200) // e.g. 404: the container is gone; its body is an error, not stats
            onFinished(id);
    });
    connect(s->exchange, &HttpExchange::bodyData, this, [this, id](const QByteArray& d) { onData(id, d); });
    connect(s->exchange, &HttpExchange::finished, this, [this, id] { onFinished(id); });
    m_streams.insert(id, s);
}

void StatsStream::close(const QString& id)
{
    Stream* s = m_streams.take(id);
    if (!s)
        return;
    if (s->exchange) {
        s->exchange->abort();
        s->exchange->deleteLater();
    }
    delete s;
}

void StatsStream::onData(const QString& id, const QByteArray& data)
{
    Stream* s = m_streams.value(id);
    if (!s)
        return;
    const QList<QJsonObject> objects = s->splitter.feed(data);
    for (const QJsonObject& o : objects) {
        StatsCounters counters;
        const StatsSample sample = computeStatsSample(o, s->previous, &counters);
        s->previous = counters;
        if (s->container.isEmpty())
            s->container = o.value(QStringLiteral("name")).toString().remove(0, 1);
        Q_EMIT sampleReady(s->container, s->service, sample);
        if (!m_streams.contains(id))
            return;
    }
    if (s->splitter.hasError())
        onFinished(id);
}

void StatsStream::onFinished(const QString& id)
{
    // The container stopped or the engine went away. Reopen after a pause if it still runs.
    close(id);
    QPointer<StatsStream> self(this);
    QTimer::singleShot(1000, this, [self] {
        if (self)
            self->sync();
    });
}
