#pragma once

#include "core/docker/EngineEndpoint.h"
#include "core/docker/HttpResponseParser.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QIODevice;

/// One HTTP/1.1 request on its own connection (Connection: close) to the engine: a Unix socket
/// (QLocalSocket) or TCP (QTcpSocket). In streaming mode the decoded body is handed out as it
/// arrives (bodyData) and only the connect/headers phase is timed; otherwise the whole reply is
/// collected and the timeout covers it all. Emits finished() exactly once, then may be deleted.
class HttpExchange : public QObject {
    Q_OBJECT
public:
    explicit HttpExchange(const EngineEndpoint& endpoint, QObject* parent = nullptr);
    ~HttpExchange() override;

    /// Starts the request. \a target is the full path with query ("/v1.41/events?...").
    void start(const QByteArray& method, const QString& target, const QByteArray& jsonBody, bool streaming, int timeoutMs,
               const HttpResponseParser::Limits& limits = {});
    /// Closes the connection; finished() is not emitted afterwards.
    void abort();

    bool isFinished() const { return m_finished; }
    const HttpResponseParser& parser() const { return m_parser; }
    /// The transport or parse error, in plain words; empty on success.
    QString error() const { return m_error; }

Q_SIGNALS:
    /// Status line and headers are in (status code available from parser()).
    void headersReceived(int status);
    /// Streaming mode: decoded body bytes, in order.
    void bodyData(const QByteArray& data);
    /// The exchange ended (reply complete, connection closed or error()).
    void finished();

private:
    void onConnected();
    void onReadyRead();
    void onClosed();
    void onSocketError(const QString& message);
    void complete(const QString& error);

    EngineEndpoint m_endpoint;
    QPointer<QIODevice> m_socket;
    HttpResponseParser m_parser;
    QTimer m_timer;
    QByteArray m_request;
    bool m_streaming = false;
    bool m_headersSignalled = false;
    bool m_finished = false;
    bool m_aborted = false;
    bool m_starting = false;
    QString m_error;
};
