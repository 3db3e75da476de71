#include "LocalEngine.h"

#include <QLocalSocket>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace {
QString socketPath()
{
    const QString host = qEnvironmentVariable("DOCKER_HOST");
    if (host.startsWith(QLatin1String("unix://")))
        return host.mid(7);
    return QStringLiteral("/var/run/docker.sock");
}

bool decodeChunked(const QByteArray& in, QByteArray* out)
{
    qsizetype pos = 0;
    while (pos < in.size()) {
        const qsizetype eol = in.indexOf("\r\n", pos);
        if (eol < 0)
            return false;
        bool ok = false;
        const qsizetype size = in.mid(pos, eol - pos).split(';').first().trimmed().toLongLong(&ok, 16);
        if (!ok)
            return false;
        if (size == 0)
            return true;
        out->append(in.mid(eol + 2, size));
        pos = eol + 2 + size + 2;
    }
    return true;
}

EngineResult parse(const QByteArray& raw, const QString& path)
{
    EngineResult r;
    const qsizetype headerEnd = raw.indexOf("\r\n\r\n");
    if (headerEnd < 0) {
        r.error = QStringLiteral("engine unreachable at %1: no complete reply").arg(path);
        return r;
    }
    const QList<QByteArray> lines = raw.left(headerEnd).split('\n');
    const QList<QByteArray> status = lines.value(0).split(' ');
    r.status = status.value(1).toInt();
    bool chunked = false;
    for (const QByteArray& l : lines) {
        if (l.toLower().startsWith("transfer-encoding:") && l.toLower().contains("chunked"))
            chunked = true;
    }
    const QByteArray body = raw.mid(headerEnd + 4);
    if (chunked) {
        if (!decodeChunked(body, &r.body))
            r.error = QStringLiteral("malformed chunked reply from the engine");
    } else {
        r.body = body;
    }
    return r;
}
} // namespace

EngineRequest localEngineRequest(QObject* context)
{
    QPointer<QObject> guard(context);
    return [guard](const QByteArray& method, const QString& path, const QByteArray& body,
                   std::function<void(const EngineResult&)> done) {
        if (!guard) {
            EngineResult r;
            r.error = QStringLiteral("engine connection closed");
            done(r);
            return;
        }
        auto* socket = new QLocalSocket(guard);
        auto buffer = std::make_shared<QByteArray>();
        auto fired = std::make_shared<bool>(false);
        const QString where = socketPath();
        auto finish = [socket, buffer, fired, done, where](const QString& error) {
            if (*fired)
                return;
            *fired = true;
            EngineResult r = error.isEmpty() ? parse(*buffer, where) : EngineResult{};
            if (!error.isEmpty())
                r.error = error;
            socket->deleteLater();
            done(r);
        };
        auto* timer = new QTimer(socket);
        timer->setSingleShot(true);
        QObject::connect(timer, &QTimer::timeout, socket, [finish, where]() {
            finish(QStringLiteral("engine at %1 did not answer within 30 s").arg(where));
        });
        QObject::connect(socket, &QLocalSocket::connected, socket, [socket, method, path, body]() {
            QByteArray req = method + ' ' + path.toUtf8() + " HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n";
            if (!body.isEmpty())
                req += "Content-Type: application/json\r\n";
            req += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
            socket->write(req);
        });
        QObject::connect(socket, &QLocalSocket::readyRead, socket, [socket, buffer]() { buffer->append(socket->readAll()); });
        QObject::connect(socket, &QLocalSocket::disconnected, socket, [socket, buffer, finish]() {
            buffer->append(socket->readAll());
            finish({});
        });
        QObject::connect(socket, &QLocalSocket::errorOccurred, socket, [socket, finish, where](QLocalSocket::LocalSocketError e) {
            if (e == QLocalSocket::PeerClosedError)
                return; // disconnected() follows
            finish(QStringLiteral("engine unreachable at %1: %2").arg(where, socket->errorString()));
        });
        timer->start(30000);
        socket->connectToServer(where);
    };
}
