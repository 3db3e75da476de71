// ContainerExec and MultiplexedStream against a canned engine: the exec's three calls, the
// multiplexed output split anywhere, the exit status, and refusals in plain words.
#include "CannedServer.h"

#include "core/docker/ContainerExec.h"
#include "core/docker/EngineClient.h"
#include "core/docker/EngineEndpoint.h"

#include <QJsonDocument>
#include <QTest>

namespace {
EngineEndpoint unixAt(const QString& path)
{
    EngineEndpoint e;
    e.socketPath = path;
    return e;
}

QByteArray frame(char stream, const QByteArray& payload)
{
    QByteArray h(8, '\0');
    h[0] = stream;
    const quint32 n = quint32(payload.size());
    h[4] = char(n >> 24);
    h[5] = char(n >> 16);
    h[6] = char(n >> 8);
    h[7] = char(n);
    return h + payload;
}

/// Feeds \a bytes in pieces of \a piece; returns stdout and stderr as they came out.
QPair<QByteArray, QByteArray> demux(const QByteArray& bytes, int piece)
{
    MultiplexedStream s;
    QByteArray out, err;
    auto take = [&](const QList<MultiplexedStream::Chunk>& chunks) {
        for (const auto& c : chunks)
            (c.channel == MultiplexedStream::Channel::Stdout ? out : err) += c.data;
    };
    for (qsizetype i = 0; i < bytes.size(); i += piece)
        take(s.feed(bytes.mid(i, piece)));
    take(s.finish());
    return {out, err};
}

QByteArray rawStream(const QByteArray& body)
{
    // What the engine answers POST /exec/{id}/start with, without an Upgrade: the stream until close.
    return "HTTP/1.1 200 OK\r\nContent-Type: application/vnd.docker.multiplexed-stream\r\n\r\n" + body;
}
} // namespace

class TestContainerExec : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demultiplexesSplitAnywhere()
    {
        const QByteArray big(70000, 'x');
        const QByteArray stream = frame(1, "NAME ID\n") + frame(2, "warning: slow\n") + frame(1, big) + frame(0, "in") + frame(1, QByteArray());
        for (int piece : {1, 3, 7, 8, 9, 4096, 1 << 20}) {
            const auto [out, err] = demux(stream, piece);
            QCOMPARE(out, QByteArray("NAME ID\n") + big + "in");
            QCOMPARE(err, QByteArray("warning: slow\n"));
        }
    }

    void plainTextIsStderr()
    {
        // An engine that writes an exec error as text into the hijacked stream.
        const QByteArray text = "OCI runtime exec failed: exec failed: executable file not found in $PATH\r\n";
        for (int piece : {1, 5, 1000}) {
            const auto [out, err] = demux(text, piece);
            QVERIFY(out.isEmpty());
            QCOMPARE(err, text);
        }
        QCOMPARE(demux("oops", 2).second, QByteArray("oops")); // shorter than a header
        MultiplexedStream cut;
        cut.feed(frame(1, "abcdef").left(11));
        QVERIFY(cut.truncated());
    }

    void runsAndReadsTheExitStatus()
    {
        CannedServer server;
        server.pieceSize = 5;
        server.replies.insert("/_ping", CannedServer::json("OK"));
        server.replies.insert("/version", CannedServer::version("1.41"));
        server.replies.insert("/containers/llm-1/exec", CannedServer::json("{\"Id\":\"e1\"}", 201));
        server.replies.insert("/exec/e1/start", rawStream(frame(1, "NAME\nstand-in:scripted  abc\n") + frame(2, "almost\n")));
        server.replies.insert("/exec/e1/json", CannedServer::json("{\"Running\":false,\"ExitCode\":3}"));
        EngineClient client(unixAt(server.path()));
        QByteArray streamed;
        ExecOptions options;
        options.output = [&](MultiplexedStream::Channel, const QByteArray& data) { streamed += data; };
        const ExecResult r = ContainerExec::runBlocking(client, QStringLiteral("llm-1"), {QStringLiteral("ollama"), QStringLiteral("list")}, options);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QCOMPARE(r.exitCode, 3);
        QCOMPARE(r.out, QByteArray("NAME\nstand-in:scripted  abc\n"));
        QCOMPARE(r.err, QByteArray("almost\n"));
        QCOMPARE(streamed, QByteArray("NAME\nstand-in:scripted  abc\nalmost\n"));
        QVERIFY(!r.ok());
        QCOMPARE(r.describe(), QStringLiteral("exit status 3: almost"));
        QVERIFY(server.requests.contains("/v1.41/containers/llm-1/exec"));
        QVERIFY(server.requests.contains("/v1.41/exec/e1/start"));
    }

    void refusalsSayWhy()
    {
        CannedServer server;
        server.replies.insert("/_ping", CannedServer::json("OK"));
        server.replies.insert("/version", CannedServer::version("1.41"));
        server.replies.insert("/containers/gone/exec", CannedServer::json("{\"message\":\"Container gone is not running\"}", 409));
        server.replies.insert("/containers/up/exec", CannedServer::json("{\"Id\":\"e2\"}", 201));
        server.replies.insert("/exec/e2/start", CannedServer::json("{\"message\":\"No such exec instance: e2\"}", 404));
        EngineClient client(unixAt(server.path()));
        const ExecResult notRunning = ContainerExec::runBlocking(client, QStringLiteral("gone"), {QStringLiteral("true")});
        QCOMPARE(notRunning.exitCode, -1);
        QCOMPARE(notRunning.describe(), QStringLiteral("cannot run `true` in gone: engine said 409: Container gone is not running"));
        const ExecResult lost = ContainerExec::runBlocking(client, QStringLiteral("up"), {QStringLiteral("true")});
        QCOMPARE(lost.describe(), QStringLiteral("cannot run `true` in up: engine said 404: No such exec instance: e2"));
    }

    void aRunThatDoesNotEndTimesOut()
    {
        CannedServer server;
        server.replies.insert("/_ping", CannedServer::json("OK"));
        server.replies.insert("/version", CannedServer::version("1.41"));
        server.replies.insert("/containers/c/exec", CannedServer::json("{\"Id\":\"e3\"}", 201));
        server.replies.insert("/exec/e3/start", rawStream(frame(1, "pulling manifest\n")));
        server.keepOpenPaths << "/exec/e3/start"; // the stream never ends
        EngineClient client(unixAt(server.path()));
        QByteArray streamed;
        ExecOptions options;
        options.timeoutMs = 1500;
        options.output = [&](MultiplexedStream::Channel, const QByteArray& data) { streamed += data; };
        const ExecResult r = ContainerExec::runBlocking(client, QStringLiteral("c"), {QStringLiteral("ollama"), QStringLiteral("pull"), QStringLiteral("m")},
                                                        options);
        QCOMPARE(streamed, QByteArray("pulling manifest\n")); // handed out before the end
        QCOMPARE(r.exitCode, -1);
        QCOMPARE(r.describe(), QStringLiteral("`ollama pull m` in c did not finish within 1.5 s"));
    }
};

QTEST_GUILESS_MAIN(TestContainerExec)
#include "test_container_exec.moc"
