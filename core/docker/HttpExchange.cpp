#include "HttpExchange.h"

#include <QLocalSocket>
#include <QTcpSocket>
#include <QUrl>

namespace {
/// Percent-encodes what may not stand raw in a request target; existing %XX escapes are kept.
QByteArray encodeTarget(const QString& target)
{
    static const char hex[] = "0123456789ABCDEF";
    QByteArray out;
    for (const char ch : target.toUtf8()) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f || ch == '"' || ch == '{' || ch == '}' || ch == '|' || ch == '\\' || ch == '^' || ch == '`' || ch == '<' || ch == '>'
            || ch == '[' || ch == ']' || ch == '#') {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        } else {
            out += ch;
        }
    }
    return out;
}
} // namespace

HttpExchange::HttpExchange(const EngineEndpoint& endpoint, QObject* parent)
    : QObject(parent)
    , m_endpoint(endpoint)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        complete(m_parser.headersComplete() ? QStringLiteral("engine at %1 did not finish its reply in time").arg(m_endpoint.toString())
                                            : QStringLiteral("engine unreachable at %1: no reply in time").arg(m_endpoint.toString()));
    });
}

HttpExchange::~HttpExchange()
{
    m_aborted = true;
    if (m_socket) {
        m_socket->disconnect(this);
        delete m_socket.data();
    }
}

void HttpExchange::start(const QByteArray& method, const QString& target, const QByteArray& jsonBody, bool streaming, int timeoutMs,
                         const HttpResponseParser::Limits& limits)
{
    m_streaming = streaming;
    m_parser = HttpResponseParser(limits);
    m_parser.setStreaming(streaming);
    m_parser.setHeadRequest(method == "HEAD");

    QByteArray req = method + ' ' + encodeTarget(target) + " HTTP/1.1\r\n";
    req += "Host: " + (m_endpoint.kind == EngineEndpoint::Kind::Tcp ? m_endpoint.host.toUtf8() : QByteArray("docker")) + "\r\n";
    req += "User-Agent: sandbox-panel\r\nAccept: application/json\r\nConnection: close\r\n";
    if (!jsonBody.isEmpty() || (method != "GET" && method != "HEAD")) {
        if (!jsonBody.isEmpty())
            req += "Content-Type: application/json\r\n";
        req += "Content-Length: " + QByteArray::number(jsonBody.size()) + "\r\n";
    }
    req += "\r\n";
    req += jsonBody;
    m_request = req;

    if (timeoutMs > 0)
        m_timer.start(timeoutMs);

    m_starting = true;
    if (!m_endpoint.isUsable()) {
        complete(m_endpoint.error);
    } else if (m_endpoint.kind == EngineEndpoint::Kind::Unix) {
        auto* s = new QLocalSocket(this);
        m_socket = s;
        connect(s, &QLocalSocket::connected, this, &HttpExchange::onConnected);
        connect(s, &QLocalSocket::readyRead, this, &HttpExchange::onReadyRead);
        connect(s, &QLocalSocket::disconnected, this, &HttpExchange::onClosed);
        connect(s, &QLocalSocket::errorOccurred, this, [this, s](QLocalSocket::LocalSocketError e) {
            if (e == QLocalSocket::PeerClosedError)
                onClosed();
            else
                onSocketError(s->errorString());
        });
        s->connectToServer(m_endpoint.socketPath);
    } else {
        auto* s = new QTcpSocket(this);
        m_socket = s;
        connect(s, &QTcpSocket::connected, this, &HttpExchange::onConnected);
        connect(s, &QTcpSocket::readyRead, this, &HttpExchange::onReadyRead);
        connect(s, &QTcpSocket::disconnected, this, &HttpExchange::onClosed);
        connect(s, &QTcpSocket::errorOccurred, this, [this, s](QAbstractSocket::SocketError e) {
            if (e == QAbstractSocket::RemoteHostClosedError)
                onClosed();
            else
                onSocketError(s->errorString());
        });
        s->connectToHost(m_endpoint.host, m_endpoint.port);
    }
    m_starting = false;
}

void HttpExchange::abort()
{
    m_aborted = true;
    m_finished = true;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
    }
}

void HttpExchange::onConnected()
{
    if (m_socket && !m_finished)
        m_socket->write(m_request);
}

void HttpExchange::onReadyRead()
{
    if (!m_socket || m_finished)
        return;
    while (!m_finished && m_socket && m_socket->bytesAvailable() > 0) {
        const QByteArray bytes = m_socket->read(64 * 1024);
        if (bytes.isEmpty())
            break;
        if (!m_parser.feed(bytes)) {
            complete(QStringLiteral("bad reply from the engine at %1: %2").arg(m_endpoint.toString(), m_parser.error()));
            return;
        }
        if (!m_headersSignalled && m_parser.headersComplete()) {
            m_headersSignalled = true;
            if (m_streaming)
                m_timer.stop();
            Q_EMIT headersReceived(m_parser.status());
            if (m_finished)
                return;
        }
        if (m_streaming && !m_parser.body().isEmpty()) {
            Q_EMIT bodyData(m_parser.takeBody());
            if (m_finished)
                return;
        }
        if (m_parser.isDone()) {
            complete({});
            return;
        }
    }
}

void HttpExchange::onClosed()
{
    if (m_finished)
        return;
    if (m_socket && m_socket->bytesAvailable() > 0)
        onReadyRead();
    if (m_finished)
        return;
    m_parser.finish();
    if (m_parser.hasError()) {
        complete(m_parser.headersComplete() || m_parser.status() != 0
                     ? QStringLiteral("bad reply from the engine at %1: %2").arg(m_endpoint.toString(), m_parser.error())
                     : QStringLiteral("engine unreachable at %1: %2").arg(m_endpoint.toString(), m_parser.error()));
        return;
    }
    if (!m_headersSignalled && m_parser.headersComplete()) {
        m_headersSignalled = true;
        Q_EMIT headersReceived(m_parser.status());
        if (m_finished)
            return;
    }
    if (m_streaming && !m_parser.body().isEmpty())
        Q_EMIT bodyData(m_parser.takeBody());
    if (!m_finished)
        complete({});
}

void HttpExchange::onSocketError(const QString& message)
{
    if (m_finished)
        return;
    complete(QStringLiteral("engine unreachable at %1: %2").arg(m_endpoint.toString(), message));
}

void HttpExchange::complete(const QString& error)
{
    if (m_finished)
        return;
    m_finished = true;
    m_error = error;
    m_timer.stop();
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->close();
    }
    if (m_starting) // never call back from inside start(): callers are not ready for it
        QMetaObject::invokeMethod(this, &HttpExchange::finished, Qt::QueuedConnection);
    else
        Q_EMIT finished();
}
