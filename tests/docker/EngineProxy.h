#pragma once

#include <QList>
#include <QLocalServer>
#include <QLocalSocket>
#include <QPointer>
#include <QTemporaryDir>

/// A Unix-socket relay in front of the real engine, so a test can make the engine "go away"
/// (every connection cut, nothing listening) and "come back" without touching the shared dockerd.
class EngineProxy : public QObject {
public:
    explicit EngineProxy(const QString& upstreamSocket)
        : m_upstream(upstreamSocket)
    {
        m_path = m_dir.filePath(QStringLiteral("proxy.sock"));
        connect(&m_server, &QLocalServer::newConnection, this, &EngineProxy::onNewConnection);
    }
    ~EngineProxy() override { goAway(); }

    QString path() const { return m_path; }
    bool comeBack()
    {
        QLocalServer::removeServer(m_path);
        return m_server.listen(m_path);
    }
    /// Stops listening and cuts every relayed connection.
    void goAway()
    {
        m_server.close();
        const auto pairs = m_pairs;
        m_pairs.clear();
        for (const auto& p : pairs) {
            if (p.first)
                p.first->abort();
            if (p.second)
                p.second->abort();
            if (p.first)
                p.first->deleteLater();
            if (p.second)
                p.second->deleteLater();
        }
    }

private:
    void onNewConnection()
    {
        while (QLocalSocket* client = m_server.nextPendingConnection()) {
            auto* up = new QLocalSocket(this);
            m_pairs.append(qMakePair(QPointer<QLocalSocket>(client), QPointer<QLocalSocket>(up)));
            connect(client, &QLocalSocket::readyRead, up, [client, up] {
                if (up->state() == QLocalSocket::ConnectedState)
                    up->write(client->readAll());
            });
            connect(up, &QLocalSocket::connected, client, [client, up] { up->write(client->readAll()); });
            connect(up, &QLocalSocket::readyRead, client, [client, up] { client->write(up->readAll()); });
            connect(up, &QLocalSocket::disconnected, client, [client] { client->disconnectFromServer(); });
            connect(client, &QLocalSocket::disconnected, up, [up] { up->disconnectFromServer(); });
            up->connectToServer(m_upstream);
        }
    }

    QTemporaryDir m_dir;
    QString m_path;
    QString m_upstream;
    QLocalServer m_server;
    QList<QPair<QPointer<QLocalSocket>, QPointer<QLocalSocket>>> m_pairs;
};
