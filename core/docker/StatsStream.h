#pragma once

#include "core/docker/StatsSample.h"

#include <QHash>
#include <QObject>
#include <QPointer>

class EngineClient;
class HttpExchange;
class JsonStreamSplitter;
class StackMonitor;

/// One GET /containers/{id}/stats?stream=1 per running container of a StackMonitor's project,
/// opened and closed as containers come and go (and all closed while the engine is away).
/// Each JSON object becomes a StatsSample (sampleReady), about one a second per container.
class StatsStream : public QObject {
    Q_OBJECT
public:
    StatsStream(EngineClient& client, StackMonitor& monitor, QObject* parent = nullptr);
    ~StatsStream() override;

    void start();
    void stop();
    bool isRunning() const { return m_running; }
    /// Ids of containers with an open stats stream.
    QStringList streamingIds() const;

Q_SIGNALS:
    /// A sample for \a container (name) of compose \a service.
    void sampleReady(const QString& container, const QString& service, const StatsSample& sample);

private:
    struct Stream;
    void sync();
    void open(const QString& id);
    void close(const QString& id);
    void onData(const QString& id, const QByteArray& data);
    void onFinished(const QString& id);

    EngineClient& m_client;
    StackMonitor& m_monitor;
    bool m_running = false;
    QHash<QString, Stream*> m_streams;
};
