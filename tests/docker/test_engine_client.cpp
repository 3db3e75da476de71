// Unit tests of the Engine API client: HTTP parser, endpoint resolution, and the client against
// a local socket serving canned replies (version negotiation, chunked, malformed, unreachable).
#include "CannedServer.h"

#include "core/docker/EngineClient.h"
#include "core/docker/EngineEndpoint.h"
#include "core/docker/HttpResponseParser.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

namespace {
EngineEndpoint unixAt(const QString& path)
{
    EngineEndpoint e;
    e.socketPath = path;
    return e;
}

void writeFile(const QString& path, const QByteArray& data)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(data);
}
} // namespace

class TestEngineClient : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void parserContentLengthSplitAnywhere()
    {
        const QByteArray reply = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX: y\r\n\r\nhelloEXTRA";
        for (int split = 1; split < reply.size(); ++split) {
            HttpResponseParser p;
            QVERIFY(p.feed(reply.left(split)));
            QVERIFY(p.feed(reply.mid(split)));
            QVERIFY2(p.isDone(), qPrintable(QString::number(split)));
            QCOMPARE(p.status(), 200);
            QCOMPARE(p.body(), QByteArray("hello"));
            QCOMPARE(p.header("x"), QByteArray("y"));
        }
    }

    void parserChunkedByteByByte()
    {
        const QByteArray reply = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                 "4;ext=1\r\nWiki\r\n6\r\npedia \r\nE\r\nin \r\n\r\nchunks.\r\n0\r\nTrailer: t\r\n\r\n";
        HttpResponseParser p;
        for (const char c : reply)
            QVERIFY(p.feed(QByteArray(1, c)));
        QVERIFY(p.isDone());
        QCOMPARE(p.body(), QByteArray("Wikipedia in \r\n\r\nchunks."));
    }

    void parserInterimAndNoBody()
    {
        HttpResponseParser p;
        QVERIFY(p.feed("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n"));
        QVERIFY(p.isDone());
        QCOMPARE(p.status(), 204);
        QVERIFY(p.body().isEmpty());
    }

    void parserUntilClose()
    {
        HttpResponseParser p;
        QVERIFY(p.feed("HTTP/1.0 200 OK\r\n\r\npart1 "));
        QVERIFY(p.feed("part2"));
        QVERIFY(!p.isDone());
        p.finish();
        QVERIFY(p.isDone());
        QCOMPARE(p.body(), QByteArray("part1 part2"));
    }

    void parserStreamingTakesBody()
    {
        HttpResponseParser::Limits l;
        l.maxBodyBytes = 100;
        HttpResponseParser p(l);
        p.setStreaming(true);
        QVERIFY(p.feed("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"));
        for (int i = 0; i < 50; ++i) { // 50 × 40 bytes in total, far over the limit, taken as they come
            QVERIFY(p.feed("28\r\n" + QByteArray(40, 'a') + "\r\n"));
            QCOMPARE(p.takeBody().size(), 40);
        }
        QVERIFY(!p.isDone());
        QVERIFY(!p.feed("28\r\n" + QByteArray(40, 'a') + "\r\n28\r\n" + QByteArray(40, 'a') + "\r\n28\r\n" + QByteArray(40, 'a') + "\r\n"));
        QVERIFY(p.error().contains(QLatin1String("too large")));
    }

    void parserRejectsHostileReplies_data()
    {
        QTest::addColumn<QByteArray>("reply");
        QTest::addColumn<QString>("expect");
        QTest::newRow("not http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << "status line";
        QTest::newRow("bad code") << QByteArray("HTTP/1.1 2x0 OK\r\n\r\n") << "status code";
        QTest::newRow("bad length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n") << "Content-Length";
        QTest::newRow("conflicting length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n") << "Content-Length";
        QTest::newRow("huge length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 999999999999\r\n\r\n") << "too large";
        QTest::newRow("bad chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n") << "chunk size";
        QTest::newRow("huge chunk") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nfffffffffffffff\r\n") << "too large";
        QTest::newRow("overlong chunk size") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n") + QByteArray(2000, '0') << "longer than";
        QTest::newRow("chunk no crlf") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXY") << "CRLF";
        QTest::newRow("gzip") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n") << "Transfer-Encoding";
        QTest::newRow("header no name") << QByteArray("HTTP/1.1 200 OK\r\n: v\r\n\r\n") << "without a name";
        QTest::newRow("folded") << QByteArray("HTTP/1.1 200 OK\r\nA: b\r\n c\r\n\r\n") << "folded";
        QTest::newRow("endless header") << "HTTP/1.1 200 OK\r\nX: " + QByteArray(70000, 'a') << "longer than";
        QByteArray many = "HTTP/1.1 200 OK\r\n";
        for (int i = 0; i < 200; ++i)
            many += "H" + QByteArray::number(i) + ": v\r\n";
        QTest::newRow("too many headers") << many << "headers";
    }

    void parserRejectsHostileReplies()
    {
        QFETCH(QByteArray, reply);
        QFETCH(QString, expect);
        HttpResponseParser p;
        QVERIFY(!p.feed(reply));
        QVERIFY(p.hasError());
        QVERIFY2(p.error().contains(expect), qPrintable(p.error()));
        QVERIFY(!p.feed("more bytes")); // stays failed
    }

    void parserTruncatedIsError()
    {
        HttpResponseParser p;
        QVERIFY(p.feed("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc"));
        p.finish();
        QVERIFY(p.hasError());
        HttpResponseParser q;
        q.finish();
        QVERIFY(q.error().contains(QLatin1String("without a reply")));
    }

    void endpointParse()
    {
        auto u = EngineEndpoint::parse(QStringLiteral("unix:///run/user/1000/docker.sock"));
        QVERIFY(u);
        QCOMPARE(u->kind, EngineEndpoint::Kind::Unix);
        QCOMPARE(u->socketPath, QStringLiteral("/run/user/1000/docker.sock"));
        auto t = EngineEndpoint::parse(QStringLiteral("tcp://127.0.0.1:2376"));
        QVERIFY(t);
        QCOMPARE(t->kind, EngineEndpoint::Kind::Tcp);
        QCOMPARE(t->host, QStringLiteral("127.0.0.1"));
        QCOMPARE(t->port, quint16(2376));
        QCOMPARE(EngineEndpoint::parse(QStringLiteral("tcp://localhost"))->port, quint16(2375));
        QString error;
        QVERIFY(!EngineEndpoint::parse(QStringLiteral("ssh://me@host"), &error));
        QVERIFY(error.contains(QLatin1String("ssh")));
        QVERIFY(!EngineEndpoint::parse(QStringLiteral("unix://relative.sock"), &error));
        QVERIFY(!EngineEndpoint::parse(QStringLiteral("garbage"), &error));
    }

    void endpointFromContextAndEnvironment()
    {
        QTemporaryDir dir;
        const QString name = QStringLiteral("my-ctx");
        const QByteArray hash = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex();
        writeFile(dir.filePath(QStringLiteral("contexts/meta/") + QString::fromLatin1(hash) + QStringLiteral("/meta.json")),
                  "{\"Name\":\"my-ctx\",\"Endpoints\":{\"docker\":{\"Host\":\"unix:///tmp/ctx.sock\"}}}");
        writeFile(dir.filePath(QStringLiteral("config.json")), "{\"currentContext\":\"my-ctx\"}");

        const QByteArray savedHost = qgetenv("DOCKER_HOST");
        const QByteArray savedConfig = qgetenv("DOCKER_CONFIG");
        const QByteArray savedContext = qgetenv("DOCKER_CONTEXT");
        qunsetenv("DOCKER_HOST");
        qunsetenv("DOCKER_CONTEXT");
        qputenv("DOCKER_CONFIG", dir.path().toUtf8());
        QCOMPARE(EngineEndpoint::fromEnvironment().toString(), QStringLiteral("unix:///tmp/ctx.sock"));
        qputenv("DOCKER_CONTEXT", "default");
        QCOMPARE(EngineEndpoint::fromEnvironment().toString(), QStringLiteral("unix:///var/run/docker.sock"));
        qputenv("DOCKER_HOST", "tcp://127.0.0.1:1234");
        QCOMPARE(EngineEndpoint::fromEnvironment().toString(), QStringLiteral("tcp://127.0.0.1:1234"));
        QVERIFY(EngineEndpoint::fromEnvironment().isUsable());

        // An unusable DOCKER_HOST or context is an error on every request, never another engine.
        qputenv("DOCKER_HOST", "ssh://me@remote");
        const EngineEndpoint ssh = EngineEndpoint::fromEnvironment();
        QVERIFY(!ssh.isUsable());
        QVERIFY2(ssh.error.contains(QLatin1String("ssh://me@remote")), qPrintable(ssh.error));
        EngineClient refused(ssh);
        const EngineReply r = refused.version();
        QVERIFY(!r.ok());
        QCOMPARE(r.status, 0);
        QCOMPARE(r.error, ssh.error);
        qunsetenv("DOCKER_HOST");
        qputenv("DOCKER_CONTEXT", "gone");
        const EngineEndpoint gone = EngineEndpoint::fromEnvironment();
        QVERIFY(!gone.isUsable());
        QVERIFY2(gone.error.contains(QLatin1String("docker context 'gone'")), qPrintable(gone.error));
        auto restore = [](const char* k, const QByteArray& v) { v.isNull() ? qunsetenv(k) : qputenv(k, v); };
        restore("DOCKER_HOST", savedHost);
        restore("DOCKER_CONFIG", savedConfig);
        restore("DOCKER_CONTEXT", savedContext);
    }

    void negotiatesAndPrefixes()
    {
        CannedServer server;
        QVERIFY(server.listening());
        server.replies.insert("/version", CannedServer::version("1.41"));
        server.replies.insert("/containers/json", CannedServer::json("[{\"Id\":\"abc\"}]"));
        EngineClient client(unixAt(server.path()));
        const EngineReply v = client.version();
        QVERIFY2(v.ok(), qPrintable(v.describe()));
        QCOMPARE(client.apiVersion(), QStringLiteral("1.41"));
        const EngineReply list = client.listProjectContainers(QStringLiteral("demo"));
        QVERIFY2(list.ok(), qPrintable(list.describe()));
        QCOMPARE(list.json().array().first().toObject().value(QStringLiteral("Id")).toString(), QStringLiteral("abc"));
        // No usable ping (404 here): negotiated from /version.
        QCOMPARE(server.requests.value(0), QByteArray("/_ping"));
        QCOMPARE(server.requests.value(1), QByteArray("/version"));
        QVERIFY2(server.requests.last().startsWith("/v1.41/containers/json?all=1&filters="), server.requests.last().constData());
        QVERIFY2(QByteArray::fromPercentEncoding(server.requests.last()).contains("{\"label\":[\"com.docker.compose.project=demo\"]}"),
                 QByteArray::fromPercentEncoding(server.requests.last()).constData());
    }

    void negotiatesFromPing()
    {
        // Like the docker CLI: API-Version and Server headers of /_ping, no /version round trip.
        CannedServer server;
        server.replies.insert("/_ping", "HTTP/1.1 200 OK\r\nApi-Version: 1.40\r\nServer: Docker/19.03.15 (linux)\r\n"
                                        "Content-Length: 2\r\n\r\nOK");
        server.replies.insert("/containers/json", CannedServer::json("[]"));
        EngineClient client(unixAt(server.path()));
        const EngineReply list = client.listProjectContainers(QStringLiteral("demo"));
        QVERIFY2(list.ok(), qPrintable(list.describe()));
        QCOMPARE(client.apiVersion(), QStringLiteral("1.40"));
        QCOMPARE(client.serverVersion(), QStringLiteral("19.03.15"));
        QCOMPARE(server.requests.size(), 2);
        QCOMPARE(server.requests.first(), QByteArray("/_ping"));
        QVERIFY2(server.requests.last().startsWith("/v1.40/containers/json?"), server.requests.last().constData());

        // A newer engine: down to our max. A ping without the headers (not docker): /version.
        CannedServer newer;
        newer.replies.insert("/_ping", "HTTP/1.1 200 OK\r\nAPI-Version: 1.47\r\nServer: Docker/27.3.1 (linux)\r\n"
                                       "Content-Length: 2\r\n\r\nOK");
        EngineClient c2(unixAt(newer.path()));
        QString error = QStringLiteral("not called");
        c2.negotiate([&error](const QString& e) { error = e; });
        QTRY_VERIFY(error != QLatin1String("not called"));
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(c2.apiVersion(), EngineClient::maxApiVersion());
        QCOMPARE(c2.serverVersion(), QStringLiteral("27.3.1"));

        CannedServer odd;
        odd.replies.insert("/_ping", "HTTP/1.1 200 OK\r\nAPI-Version: banana\r\nContent-Length: 2\r\n\r\nOK");
        odd.replies.insert("/version", CannedServer::version("1.41"));
        EngineClient c3(unixAt(odd.path()));
        QVERIFY(c3.version().ok());
        QCOMPARE(c3.apiVersion(), QStringLiteral("1.41"));
        QCOMPARE(c3.serverVersion(), QStringLiteral("20.10.24"));
        QCOMPARE(odd.requests.value(1), QByteArray("/version"));
    }

    void negotiatesDownToOurMax()
    {
        CannedServer server;
        server.replies.insert("/version", CannedServer::version("1.99"));
        EngineClient client(unixAt(server.path()));
        QVERIFY(client.version().ok());
        QCOMPARE(client.apiVersion(), EngineClient::maxApiVersion());
        QCOMPARE(client.apiPrefix(), QStringLiteral("/v") + EngineClient::maxApiVersion());
    }

    void chunkedReplyInSmallPieces()
    {
        CannedServer server;
        server.pieceSize = 3;
        server.replies.insert("/version", CannedServer::version());
        server.replies.insert("/info", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                       "7\r\n{\"ID\":\"\r\nB\r\nengine-42\"}\r\n0\r\n\r\n");
        EngineClient client(unixAt(server.path()));
        const EngineReply r = client.info();
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QCOMPARE(r.json().object().value(QStringLiteral("ID")).toString(), QStringLiteral("engine-42"));
    }

    void errorsAreReportedNotCrashes()
    {
        CannedServer server;
        server.replies.insert("/version", CannedServer::version());
        server.replies.insert("/info", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort");
        server.replies.insert("/images/json", "garbage\r\n\r\n");
        server.replies.insert("/networks/x", CannedServer::json("{\"message\":\"network x not found\"}", 404));
        EngineClient client(unixAt(server.path()));
        EngineReply r = client.info();
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("cut short")), qPrintable(r.error));
        r = client.listImages();
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("bad reply")), qPrintable(r.error));
        r = client.inspectNetwork(QStringLiteral("x"));
        QCOMPARE(r.status, 404);
        QVERIFY(r.error.isEmpty());
        QCOMPARE(r.describe(), QStringLiteral("engine said 404: network x not found"));
    }

    void timeoutWhenTheServerNeverAnswers()
    {
        CannedServer server;
        server.keepOpen = true;
        server.replies.insert("/version", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n{");
        EngineClient client(unixAt(server.path()));
        const EngineReply r = client.call("GET", QStringLiteral("/info"), {}, 300);
        QVERIFY(!r.ok());
        QVERIFY2(r.error.contains(QLatin1String("in time")), qPrintable(r.error));
    }

    void tcpEndpoint()
    {
        QTcpServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        QByteArray seen;
        connect(&server, &QTcpServer::newConnection, this, [&] {
            QTcpSocket* s = server.nextPendingConnection();
            connect(s, &QTcpSocket::readyRead, s, [s, &seen] {
                seen += s->readAll();
                if (seen.contains("\r\n\r\n")) {
                    s->write(CannedServer::version("1.40"));
                    s->disconnectFromHost();
                }
            });
        });
        const auto ep = EngineEndpoint::parse(QStringLiteral("tcp://127.0.0.1:%1").arg(server.serverPort()));
        QVERIFY(ep);
        EngineClient client(*ep);
        const EngineReply r = client.version();
        QVERIFY2(r.ok(), qPrintable(r.describe()));
        QCOMPARE(client.apiVersion(), QStringLiteral("1.40"));
        QCOMPARE(client.serverVersion(), QStringLiteral("20.10.24"));
        // A ping first (this server's lacks the headers), then /version; Host names the TCP host.
        QVERIFY2(seen.startsWith("GET /_ping HTTP/1.1\r\nHost: 127.0.0.1\r\n"), seen.constData());
        QVERIFY2(seen.contains("GET /version HTTP/1.1\r\nHost: 127.0.0.1\r\n"), seen.constData());
    }

    void unreachable()
    {
        QTemporaryDir dir;
        EngineClient client(unixAt(dir.filePath(QStringLiteral("nothing.sock"))));
        const EngineReply r = client.version();
        QVERIFY(!r.ok());
        QCOMPARE(r.status, 0);
        QVERIFY2(r.error.startsWith(QLatin1String("engine unreachable at unix://")), qPrintable(r.error));
        QVERIFY(client.apiVersion().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestEngineClient)
#include "test_engine_client.moc"
