#pragma once

#include "core/docker/JsonStreamSplitter.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

class EngineClient;
class HttpExchange;

/// GET /events for one compose project's containers (label com.docker.compose.project=NAME),
/// delivered as JSON objects. Reconnects with exponential backoff (initialMs doubling up to
/// maxMs, reset after a successful connect) and says when the engine goes away and returns.
class EventStream : public QObject {
    Q_OBJECT
public:
    EventStream(EngineClient& client, const QString& project, int reconnectInitialMs = 500, int reconnectMaxMs = 10000, QObject* parent = nullptr);
    ~EventStream() override;

    void start();
    void stop();
    /// The compose project to follow from the next connect on.
    void setProject(const QString& project) { m_project = project; }
    /// Follow network connect/disconnect events of every container instead (from the next
    /// connect on): a workspace moved onto another network changes its egress.
    void setNetworkEvents(bool on) { m_networkEvents = on; }
    bool isConnected() const { return m_connected; }
    /// Milliseconds before the next reconnect attempt (the current backoff).
    int currentBackoffMs() const { return m_backoffMs; }
    /// The /events query path used (without version prefix).
    QString path() const;

Q_SIGNALS:
    /// The stream is open (HTTP 200): the engine is there; events from now on are delivered.
    void connected();
    /// The engine went away or refused the stream; a reconnect is scheduled. \a reason in plain words.
    void disconnected(const QString& reason);
    /// One container event of the project, as the engine sent it.
    void eventReceived(const QJsonObject& event);

private:
    void connectNow();
    void onHeaders(int status);
    void onData(const QByteArray& data);
    void onFinished();
    void lost(const QString& reason);

    EngineClient& m_client;
    QString m_project;
    int m_initialMs;
    int m_maxMs;
    int m_backoffMs;
    bool m_running = false;
    bool m_connected = false;
    bool m_lostSignalled = false;
    bool m_networkEvents = false;
    QPointer<HttpExchange> m_exchange;
    JsonStreamSplitter m_splitter;
    QTimer m_retry;
};
