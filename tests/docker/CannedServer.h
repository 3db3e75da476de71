#pragma once

#include <QHash>
#include <QLocalServer>
#include <QLocalSocket>
#include <QTemporaryDir>

#include <functional>

/// A local HTTP stand-in for the engine: answers each request (matched by its path without the
/// version prefix' query) with canned bytes, written in pieces of \a pieceSize, then closes.
class CannedServer : public QObject {
public:
    explicit CannedServer(const QString& path = {})
    {
        m_path = path.isEmpty() ? m_dir.filePath(QStringLiteral("engine.sock")) : path;
        QLocalServer::removeServer(m_path);
        m_server.listen(m_path);
        connect(&m_server, &QLocalServer::newConnection, this, [this] {
            while (QLocalSocket* s = m_server.nextPendingConnection()) {
                auto* buf = new QByteArray;
                connect(s, &QLocalSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QObject::destroyed, this, [buf] { delete buf; });
                connect(s, &QLocalSocket::readyRead, this, [this, s, buf] {
                    buf->append(s->readAll());
                    const qsizetype end = buf->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray line = buf->left(buf->indexOf("\r\n"));
                    const QByteArray target = line.split(' ').value(1);
                    requests.append(target);
                    QByteArray reply = replyFor(target);
                    for (qsizetype i = 0; i < reply.size(); i += pieceSize)
                        s->write(reply.mid(i, pieceSize));
                    s->flush();
                    if (!keepOpen
                        && !keepOpenPaths.contains(target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'))
                                                       .mid(target.startsWith("/v1.") ? target.indexOf('/', 1) : 0)))
                        s->disconnectFromServer();
                });
            }
        });
    }
    QString path() const { return m_path; }
    bool listening() const { return m_server.isListening(); }

    /// Replies by path suffix (the part after any "/v1.xx" prefix, query included).
    QHash<QByteArray, QByteArray> replies;
    QList<QByteArray> requests;
    qsizetype pieceSize = 1 << 20;
    bool keepOpen = false;
    QList<QByteArray> keepOpenPaths; ///< paths (no prefix, no query) whose connection stays open

    static QByteArray json(const QByteArray& body, int status = 200)
    {
        return "HTTP/1.1 " + QByteArray::number(status) + " X\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
               + "\r\n\r\n" + body;
    }
    static QByteArray version(const QByteArray& api = "1.41")
    {
        return json("{\"Version\":\"20.10.24\",\"ApiVersion\":\"" + api + "\",\"MinAPIVersion\":\"1.12\"}");
    }

private:
    QByteArray replyFor(QByteArray target) const
    {
        if (target.startsWith("/v1.")) {
            const qsizetype slash = target.indexOf('/', 1);
            target = slash < 0 ? QByteArray("/") : target.mid(slash);
        }
        if (replies.contains(target))
            return replies.value(target);
        const QByteArray path = target.left(target.indexOf('?') < 0 ? target.size() : target.indexOf('?'));
        return replies.value(path, json("{\"message\":\"no such thing\"}", 404));
    }

    QTemporaryDir m_dir;
    QString m_path;
    QLocalServer m_server;
};
