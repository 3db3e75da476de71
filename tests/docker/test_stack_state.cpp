// Unit tests of the per-service state machine, the stack state precedence, the JSON stream
// splitter and StackMonitor against a canned engine (refresh + event stream).
#include "CannedServer.h"

#include "core/docker/EngineClient.h"
#include "core/docker/JsonStreamSplitter.h"
#include "core/docker/StackMonitor.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

#include "SandboxSourceDir.h"
#include <memory>

namespace {
QJsonObject fixture(const QString& name)
{
    QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/docker/fixtures/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return QJsonDocument::fromJson(f.readAll()).object();
}

QJsonObject engineEvent(const QString& action, const QJsonObject& extraAttrs = {})
{
    QJsonObject attrs{{QStringLiteral("name"), QStringLiteral("demo-workspace")},
                      {QStringLiteral("com.docker.compose.service"), QStringLiteral("workspace")},
                      {QStringLiteral("com.docker.compose.project"), QStringLiteral("demo")}};
    for (auto it = extraAttrs.begin(); it != extraAttrs.end(); ++it)
        attrs.insert(it.key(), it.value());
    return {{QStringLiteral("Type"), QStringLiteral("container")},
            {QStringLiteral("Action"), action},
            {QStringLiteral("Actor"), QJsonObject{{QStringLiteral("ID"), QStringLiteral("c1")}, {QStringLiteral("Attributes"), attrs}}},
            {QStringLiteral("timeNano"), qint64(1700000000123456789)}};
}

ServiceInfo svc(ServiceState st, int exitCode = -1)
{
    ServiceInfo s;
    s.state = st;
    s.exitCode = exitCode;
    return s;
}
} // namespace

class TestStackState : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void inspectFixture()
    {
        const ServiceInfo s = ServiceInfo::fromInspect(fixture(QStringLiteral("inspect_workspace.json")));
        QCOMPARE(s.service, QStringLiteral("workspace"));
        QCOMPARE(s.container, QStringLiteral("demo-workspace"));
        QCOMPARE(s.state, ServiceState::Healthy);
        QCOMPARE(s.health, QStringLiteral("healthy"));
        QVERIFY(s.hasHealthcheck);
        QCOMPARE(s.startedAt, QDateTime(QDate(2024, 5, 1), QTime(10, 0, 1, 123), Qt::UTC));
        QCOMPARE(s.ports.size(), 2);
        QCOMPARE(s.ports[0].hostIp, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.ports[0].hostPort, 14096);
        QCOMPARE(s.ports[0].containerPort, 4096);
        QVERIFY(s.ports[0].isLoopback());
        QCOMPARE(s.ports[1].hostIp, QStringLiteral("0.0.0.0"));
        QVERIFY(!s.ports[1].isLoopback());
    }

    void eventsDriveTheStateMachine()
    {
        ServiceInfo s = ServiceInfo::fromEventActor(engineEvent(QStringLiteral("create")));
        QCOMPARE(s.service, QStringLiteral("workspace"));
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("create"))));
        QCOMPARE(s.state, ServiceState::Created);
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("start"))));
        QCOMPARE(s.state, ServiceState::Starting); // not inspected: health check unknown
        s.healthcheckKnown = true;
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("start"))));
        QCOMPARE(s.state, ServiceState::Running);
        QVERIFY(s.startedAt.isValid());
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("health_status: healthy"))));
        QCOMPARE(s.state, ServiceState::Healthy);
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("health_status: unhealthy"))));
        QCOMPARE(s.state, ServiceState::Unhealthy);
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("kill"), {{QStringLiteral("signal"), QStringLiteral("15")}})));
        QVERIFY(s.stopping);
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("die"), {{QStringLiteral("exitCode"), QStringLiteral("137")}})));
        QCOMPARE(s.state, ServiceState::Exited);
        QCOMPARE(s.exitCode, 137);
        QVERIFY(!s.stopping);
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("start"))));
        QCOMPARE(s.state, ServiceState::Starting); // it has a health check now
        QVERIFY(!s.applyEvent(engineEvent(QStringLiteral("exec_start: sh"))));
        QVERIFY(s.applyEvent(engineEvent(QStringLiteral("destroy"))));
        QCOMPARE(s.state, ServiceState::Absent);
    }

    void stackPrecedence_data()
    {
        QTest::addColumn<bool>("engine");
        QTest::addColumn<QList<ServiceInfo>>("services");
        QTest::addColumn<QString>("expected");
        using S = ServiceState;
        ServiceInfo stopping = svc(S::Running);
        stopping.stopping = true;
        ServiceInfo paused = svc(S::Running);
        paused.paused = true;
        QTest::newRow("no engine") << false << QList<ServiceInfo>{svc(S::Healthy)} << "engine_unavailable";
        QTest::newRow("nothing") << true << QList<ServiceInfo>{} << "stopped";
        QTest::newRow("clean exit + created") << true << QList<ServiceInfo>{svc(S::Exited, 0), svc(S::Created)} << "stopped";
        QTest::newRow("removing") << true << QList<ServiceInfo>{svc(S::Removing), svc(S::Healthy)} << "stopping";
        QTest::newRow("stop signalled") << true << QList<ServiceInfo>{stopping, svc(S::Exited, 137)} << "stopping";
        QTest::newRow("all failed") << true << QList<ServiceInfo>{svc(S::Exited, 137), svc(S::Exited, 0)} << "error";
        QTest::newRow("dead") << true << QList<ServiceInfo>{svc(S::Dead)} << "error";
        QTest::newRow("one crashed") << true << QList<ServiceInfo>{svc(S::Exited, 137), svc(S::Running)} << "degraded";
        QTest::newRow("unhealthy") << true << QList<ServiceInfo>{svc(S::Unhealthy), svc(S::Running)} << "degraded";
        QTest::newRow("restarting") << true << QList<ServiceInfo>{svc(S::Restarting)} << "degraded";
        QTest::newRow("paused") << true << QList<ServiceInfo>{paused} << "degraded";
        QTest::newRow("starting") << true << QList<ServiceInfo>{svc(S::Starting), svc(S::Running)} << "starting";
        QTest::newRow("created + running") << true << QList<ServiceInfo>{svc(S::Created), svc(S::Running)} << "starting";
        QTest::newRow("running") << true << QList<ServiceInfo>{svc(S::Healthy), svc(S::Running)} << "running";
        QTest::newRow("one-shot done") << true << QList<ServiceInfo>{svc(S::Exited, 0), svc(S::Running)} << "running";
    }

    void stackPrecedence()
    {
        QFETCH(bool, engine);
        QFETCH(QList<ServiceInfo>, services);
        QFETCH(QString, expected);
        QCOMPARE(stackStateName(StackMonitor::computeState(engine, services)), expected);
    }

    void splitterHandlesChunksStringsAndLimits()
    {
        JsonStreamSplitter sp(200);
        const QByteArray two = "{\"a\":\"}{\\\"\",\"b\":[1,{\"c\":2}]}\n{\"d\":1}";
        QList<QJsonObject> got;
        for (const char c : two)
            got += sp.feed(QByteArray(1, c));
        QVERIFY(!sp.hasError());
        QCOMPARE(got.size(), 2);
        QCOMPARE(got[0].value(QStringLiteral("a")).toString(), QStringLiteral("}{\""));
        QCOMPARE(got[1].value(QStringLiteral("d")).toInt(), 1);
        QVERIFY(sp.feed("{\"x\":\"" + QByteArray(300, 'y')).isEmpty());
        QVERIFY(sp.hasError());
        JsonStreamSplitter bad;
        bad.feed("[1,2]");
        QVERIFY(bad.hasError());
    }

    void monitorRefreshesThenFollowsEvents()
    {
        CannedServer server;
        server.replies.insert("/version", CannedServer::version());
        QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/docker/fixtures/inspect_workspace.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray inspect = f.readAll();
        const QString id = fixture(QStringLiteral("inspect_workspace.json")).value(QStringLiteral("Id")).toString();
        server.replies.insert("/containers/json", CannedServer::json("[{\"Id\":\"" + id.toLatin1() + "\"}]"));
        server.replies.insert("/containers/" + id.toLatin1() + "/json", CannedServer::json(inspect));
        server.replies.insert("/events", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
        server.keepOpenPaths.append("/events");

        EngineEndpoint ep;
        ep.socketPath = server.path();
        EngineClient client(ep);
        StackMonitor monitor(client, QStringLiteral("demo"), 50, 200);
        QSignalSpy states(&monitor, &StackMonitor::stateChanged);
        QSignalSpy changes(&monitor, &StackMonitor::serviceChanged);
        monitor.start();
        // Connected: a full refresh (list + inspect) gives the state.
        QTRY_COMPARE(monitor.stateName(), QStringLiteral("running"));
        QCOMPARE(monitor.service(QStringLiteral("workspace")).state, ServiceState::Healthy);
        QCOMPARE(monitor.services().size(), 1);
        QCOMPARE(changes.size(), 1);
        QVERIFY(monitor.engineAvailable());
        QCOMPARE(monitor.engineVersion(), QStringLiteral("20.10.24"));
        QVERIFY(!states.isEmpty());
        QVERIFY(server.requests.first() == "/_ping");
        QVERIFY(server.requests.contains("/version")); // the canned ping has no API-Version header
        QVERIFY(std::any_of(server.requests.begin(), server.requests.end(), [](const QByteArray& r) {
            return r.startsWith("/v1.41/events?filters=") && QByteArray::fromPercentEncoding(r).contains("com.docker.compose.project=demo");
        }));
    }

    void monitorRecoversWhenEngineReturns()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("engine.sock"));
        auto serve = [&path](const QByteArray& containers) {
            auto s = std::make_unique<CannedServer>(path);
            s->replies.insert("/version", CannedServer::version());
            s->replies.insert("/containers/json", CannedServer::json(containers));
            s->replies.insert("/events", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            s->keepOpenPaths.append("/events");
            return s;
        };
        auto server = serve("[]");
        EngineEndpoint ep;
        ep.socketPath = path;
        EngineClient client(ep);
        StackMonitor monitor(client, QStringLiteral("demo"), 20, 100);
        QSignalSpy states(&monitor, &StackMonitor::stateChanged);
        QSignalSpy available(&monitor, &StackMonitor::engineAvailableChanged);
        monitor.start();
        QTRY_COMPARE(monitor.stateName(), QStringLiteral("stopped"));

        server.reset(); // the engine goes away: the event stream breaks
        QTRY_COMPARE(monitor.stateName(), QStringLiteral("engine_unavailable"));
        QCOMPARE(available.last().first().toBool(), false);

        QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/docker/fixtures/inspect_workspace.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray inspect = f.readAll();
        const QByteArray id = fixture(QStringLiteral("inspect_workspace.json")).value(QStringLiteral("Id")).toString().toLatin1();
        server = serve("[{\"Id\":\"" + id + "\"}]"); // it returns, now with a running container
        server->replies.insert("/containers/" + id + "/json", CannedServer::json(inspect));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("running"), 10000);
        QVERIFY(monitor.engineAvailable());
        QCOMPARE(monitor.service(QStringLiteral("workspace")).state, ServiceState::Healthy);
        QCOMPARE(states.last().first().value<StackState>(), StackState::Running);
    }

    void panelStopIsExpectedWithoutTheKillEvent_data()
    {
        QTest::addColumn<bool>("panelStopped");
        QTest::addColumn<int>("exitCode");
        QTest::newRow("panel stop, 143") << true << 143;
        QTest::newRow("panel stop, grace over, 137") << true << 137;
        QTest::newRow("nobody asked, 143") << false << 143;
    }
    // The engine's kill event can be missed (the event stream reconnects during a stop): the
    // stop the panel itself asked for (Lifecycle::stopRequested -> expectStop) still counts.
    void panelStopIsExpectedWithoutTheKillEvent()
    {
        QFETCH(bool, panelStopped);
        QFETCH(int, exitCode);
        QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/docker/fixtures/inspect_workspace.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray running = f.readAll();
        QJsonObject exited = QJsonDocument::fromJson(running).object();
        exited.insert(
            QStringLiteral("State"),
            QJsonObject{{QStringLiteral("Status"), QStringLiteral("exited")}, {QStringLiteral("Running"), false}, {QStringLiteral("ExitCode"), exitCode}});
        const QByteArray id = exited.value(QStringLiteral("Id")).toString().toLatin1();
        CannedServer server;
        server.replies.insert("/version", CannedServer::version());
        server.replies.insert("/containers/json", CannedServer::json("[{\"Id\":\"" + id + "\"}]"));
        server.replies.insert("/containers/" + id + "/json", CannedServer::json(running));
        EngineEndpoint ep;
        ep.socketPath = server.path();
        EngineClient client(ep);
        StackMonitor monitor(client, QStringLiteral("demo"));
        QSignalSpy refreshed(&monitor, &StackMonitor::refreshed);
        monitor.refresh();
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(monitor.service(QStringLiteral("workspace")).state, ServiceState::Healthy);
        if (panelStopped)
            monitor.expectStop();
        QSignalSpy changes(&monitor, &StackMonitor::serviceChanged);
        server.replies.insert("/containers/" + id + "/json", CannedServer::json(QJsonDocument(exited).toJson()));
        monitor.refresh();
        QTRY_COMPARE(refreshed.count(), 2);
        QCOMPARE(changes.size(), 1);
        const auto now = changes.at(0).at(0).value<ServiceInfo>();
        QCOMPARE(now.state, ServiceState::Exited);
        QCOMPARE(now.exitCode, exitCode);
        QCOMPARE(now.exitExpected(changes.at(0).at(1).value<ServiceState>()), panelStopped);
    }

    void monitorReportsUnavailableEngine()
    {
        QTemporaryDir dir;
        EngineEndpoint ep;
        ep.socketPath = dir.filePath(QStringLiteral("none.sock"));
        EngineClient client(ep);
        StackMonitor monitor(client, QStringLiteral("demo"));
        QSignalSpy refreshed(&monitor, &StackMonitor::refreshed);
        monitor.refresh();
        QTRY_COMPARE(refreshed.count(), 1);
        QCOMPARE(monitor.stateName(), QStringLiteral("engine_unavailable"));
        QVERIFY(monitor.engineError().contains(QLatin1String("unreachable")));
    }
};

QTEST_GUILESS_MAIN(TestStackState)
#include "test_stack_state.moc"
