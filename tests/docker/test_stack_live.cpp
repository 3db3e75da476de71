// Integration on the real engine with the demo stack: state from events, docker kill, stats,
// engine restart (private engine only), and the CLI's status/events.
#include "DemoSandbox.h"
#include "EngineProxy.h"
#include "TestEngine.h"

#include "core/docker/ContainerExec.h"
#include "core/docker/EngineClient.h"
#include "core/docker/MetricsStore.h"
#include "core/docker/StackMonitor.h"
#include "core/docker/StatsStream.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include "SandboxTestPaths.h"
#include <optional>

namespace {
constexpr int kUpTimeoutMs = 120000;

QString stateOfRefresh(EngineClient& client, const QString& project)
{
    StackMonitor fresh(client, project);
    QSignalSpy done(&fresh, &StackMonitor::refreshed);
    fresh.refresh();
    if (done.isEmpty() && !done.wait(15000))
        return QStringLiteral("(no refresh)");
    return fresh.stateName();
}
} // namespace

class TestStackLive : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void demoStackLifecycle()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        const QString ws = demo.workspaceContainer();
        const QString llm = demo.llmContainer();

        EngineClient client;
        StackMonitor monitor(client, demo.projectName(), 100, 1000);
        MetricsStore store(120);
        StatsStream stats(client, monitor);
        connect(&stats, &StatsStream::sampleReady, &store, &MetricsStore::append);
        QSignalSpy states(&monitor, &StackMonitor::stateChanged);
        monitor.start();
        stats.start();
        QTRY_VERIFY_WITH_TIMEOUT(monitor.engineAvailable(), 15000);
        QCOMPARE(monitor.stateName(), QStringLiteral("stopped"));

        // Up: the state follows the events to running, the workspace's health check passes.
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("running"), kUpTimeoutMs);
        QCOMPARE(monitor.service(QStringLiteral("workspace")).state, ServiceState::Healthy);
        QCOMPARE(monitor.service(QStringLiteral("workspace")).container, ws);
        QVERIFY(monitor.service(QStringLiteral("workspace")).startedAt.isValid());
        QVERIFY(!monitor.service(QStringLiteral("workspace")).ports.isEmpty());
        for (const PublishedPort& p : monitor.service(QStringLiteral("workspace")).ports)
            QVERIFY2(p.isLoopback(), qPrintable(p.hostIp));
        QVERIFY(std::any_of(states.begin(), states.end(), [](const QList<QVariant>& a) { return a.first().value<StackState>() == StackState::Starting; }));

        // Stats arrive for both containers, with rates after the second sample.
        QTRY_VERIFY_WITH_TIMEOUT(store.size(ws) >= 2 && store.size(llm) >= 2, 20000);
        for (const QString& name : {ws, llm}) {
            const StatsSample s = store.latest(name);
            QVERIFY(s.ratesValid);
            QVERIFY(s.memBytes > 0);
            QVERIFY(s.memLimitBytes > 0);
            QVERIFY(s.pids > 0);
            QCOMPARE(s.pidsLimit, qint64(512));
            QVERIFY(s.cpuPercent >= 0.0);
        }
        QCOMPARE(store.serviceOf(llm), QStringLiteral("llm-backend"));

        // The CLI sees the same.
        QProcess status;
        status.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("--json"), QStringLiteral("status")});
        QVERIFY(status.waitForFinished(30000));
        QCOMPARE(status.exitCode(), 0);
        const QJsonObject doc = QJsonDocument::fromJson(status.readAllStandardOutput()).object();
        QCOMPARE(doc.value(QStringLiteral("state")).toString(), QStringLiteral("running"));
        QVERIFY(doc.value(QStringLiteral("engine")).toObject().value(QStringLiteral("reachable")).toBool());
        QCOMPARE(doc.value(QStringLiteral("services")).toArray().size(), 2);
        // The model server as `ollama list` sees it: its /api/tags on the port the llm container publishes.
        const QJsonObject model = doc.value(QStringLiteral("model_server")).toObject();
        QVERIFY2(model.value(QStringLiteral("answers")).toBool(), qPrintable(QJsonDocument(model).toJson()));
        QVERIFY2(model.value(QStringLiteral("lists_model")).toBool(), qPrintable(QJsonDocument(model).toJson()));
        QVERIFY2(model.value(QStringLiteral("where")).toString().startsWith(QStringLiteral("ollama /api/tags of %1 at 127.0.0.1:").arg(llm)),
                 qPrintable(model.value(QStringLiteral("where")).toString()));

        // ContainerExec on the real engine: stdout and stderr apart, the exit status, and the
        // output handed out while the command still runs.
        QByteArray early;
        bool ended = false;
        ExecOptions options;
        options.output = [&](MultiplexedStream::Channel, const QByteArray& data) {
            if (!ended)
                early += data;
        };
        QObject execContext;
        std::optional<ExecResult> ran;
        ContainerExec::run(
            client, llm,
            {QStringLiteral("sh"), QStringLiteral("-c"),
             QStringLiteral("echo one; echo two >&2; while [ ! -e /tmp/go ]; do sleep 0.1; done; echo three; exit 7")},
            &execContext,
            [&](const ExecResult& r) {
                ran = r;
                ended = true;
            },
            options);
        QTRY_VERIFY_WITH_TIMEOUT(early.contains("one") && early.contains("two"), 10000);
        QVERIFY(!ran);
        QCOMPARE(ContainerExec::runBlocking(client, llm, {QStringLiteral("touch"), QStringLiteral("/tmp/go")}).exitCode, 0);
        QTRY_VERIFY_WITH_TIMEOUT(ran.has_value(), 10000);
        QVERIFY2(ran->error.isEmpty(), qPrintable(ran->error));
        QCOMPARE(ran->exitCode, 7);
        QCOMPARE(ran->out, QByteArray("one\nthree\n"));
        QCOMPARE(ran->err, QByteArray("two\n"));
        const ExecResult missing = ContainerExec::runBlocking(client, llm, {QStringLiteral("no-such-program")});
        QVERIFY(!missing.ok());
        QVERIFY2(missing.describe().contains(QLatin1String("no-such-program")), qPrintable(missing.describe()));

        QProcess statsOnce;
        statsOnce.start(QStringLiteral(SANDBOX_CTL_PATH),
                        {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("--json"), QStringLiteral("stats"), QStringLiteral("--once")});
        QVERIFY(statsOnce.waitForFinished(30000));
        QCOMPARE(statsOnce.exitCode(), 0);
        const QByteArray statsOut = statsOnce.readAllStandardOutput();
        const QJsonArray containers = QJsonDocument::fromJson(statsOut).object().value(QStringLiteral("containers")).toArray();
        QVERIFY2(containers.size() == 2, statsOut.constData());
        QStringList names;
        for (const QJsonValue& v : containers) {
            const QJsonObject c = v.toObject();
            names << c.value(QStringLiteral("name")).toString();
            QVERIFY2(c.value(QStringLiteral("mem_bytes")).toDouble() > 0, statsOut.constData());
            QVERIFY2(c.value(QStringLiteral("mem_limit_bytes")).toDouble() > 0, statsOut.constData());
            QVERIFY2(c.value(QStringLiteral("pids")).toInt() > 0, statsOut.constData());
            QVERIFY(c.value(QStringLiteral("cpu_percent")).isDouble());
            for (const char* k : {"net_rx_bps", "net_tx_bps", "blk_read_bps", "blk_write_bps"})
                QVERIFY2(c.value(QLatin1String(k)).isDouble() && c.value(QLatin1String(k)).toDouble() >= 0, k);
        }
        names.sort();
        QCOMPARE(names, (QStringList{llm, ws}));

        QProcess events;
        events.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("--json"), QStringLiteral("events")});
        QVERIFY(events.waitForStarted());

        // docker kill: the workspace exits with 137. restart: unless-stopped does not restart a
        // container that was killed by hand (the engine marks it manually stopped), so it stays
        // exited and the stack is degraded (the LLM still runs).
        QSignalSpy changes(&monitor, &StackMonitor::serviceChanged);
        QByteArray errText;
        QTRY_VERIFY_WITH_TIMEOUT((errText += events.readAllStandardError()).contains("watching compose project"), 15000);
        QString out;
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("kill"), ws}, &out), 0);
        QTRY_VERIFY_WITH_TIMEOUT(std::any_of(changes.begin(), changes.end(),
                                             [](const QList<QVariant>& a) {
                                                 const auto s = a.first().value<ServiceInfo>();
                                                 return s.service == QLatin1String("workspace") && s.state == ServiceState::Exited && s.exitCode == 137;
                                             }),
                                 10000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("degraded"), 10000);
        const QJsonObject inspect = client.inspectContainer(ws).json().object();
        QCOMPARE(inspect.value(QStringLiteral("State")).toObject().value(QStringLiteral("Status")).toString(), QStringLiteral("exited"));
        QCOMPARE(inspect.value(QStringLiteral("State")).toObject().value(QStringLiteral("ExitCode")).toInt(), 137);
        QCOMPARE(monitor.service(QStringLiteral("workspace")).state, ServiceState::Exited);
        QTRY_VERIFY_WITH_TIMEOUT(!stats.streamingIds().contains(inspect.value(QStringLiteral("Id")).toString()), 5000);

        // A `docker kill` nobody asked the stack for: not expected, and the notifier says so.
        QByteArray lines;
        QTRY_VERIFY_WITH_TIMEOUT((lines += events.readAllStandardOutput()).contains("\"notification\""), 10000);
        bool found = false, notified = false;
        for (const QByteArray& l : lines.split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(l).object();
            if (o.value(QStringLiteral("service")).toString() == QLatin1String("workspace")
                && o.value(QStringLiteral("state")).toString() == QLatin1String("exited"))
                found = o.value(QStringLiteral("exit_code")).toInt() == 137 && !o.value(QStringLiteral("time")).toString().isEmpty()
                        && o.value(QStringLiteral("expected")).isBool() && !o.value(QStringLiteral("expected")).toBool();
            const QJsonObject n = o.value(QStringLiteral("notification")).toObject();
            if (!n.isEmpty())
                notified = n.value(QStringLiteral("severity")).toString() == QLatin1String("critical")
                           && n.value(QStringLiteral("title")).toString() == QLatin1String("workspace exited unexpectedly")
                           && n.value(QStringLiteral("target")).toObject().value(QStringLiteral("tab")).toString() == QLatin1String("overview");
        }
        QVERIFY2(found, lines.constData());
        QVERIFY2(notified, lines.constData());

        // A deliberate stop (SIGTERM, then SIGKILL once the 2 s grace is over): expected whatever
        // the exit code, no notification. Starting it again gives a later line to wait for.
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("stop"), QStringLiteral("-t"), QStringLiteral("2"), llm}, &out), 0);
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("start"), llm}, &out), 0);
        QByteArray more;
        auto llmLine = [&more](const char* state) {
            for (const QByteArray& l : more.split('\n')) {
                const QJsonObject o = QJsonDocument::fromJson(l).object();
                if (o.value(QStringLiteral("service")).toString() == QLatin1String("llm-backend")
                    && o.value(QStringLiteral("state")).toString() == QLatin1String(state))
                    return o;
            }
            return QJsonObject();
        };
        QTRY_VERIFY_WITH_TIMEOUT(
            ((more += events.readAllStandardOutput()), !llmLine("starting").isEmpty() || !llmLine("running").isEmpty() || !llmLine("healthy").isEmpty()),
            30000);
        const QJsonObject stopped = llmLine("exited");
        QVERIFY2(stopped.value(QStringLiteral("expected")).toBool(), more.constData());
        QVERIFY2(!more.contains("\"notification\""), more.constData());
        events.terminate();
        QVERIFY(events.waitForFinished(5000));
        QCOMPARE(events.exitStatus(), QProcess::NormalExit);
        QCOMPARE(events.exitCode(), 0);
    }

    void engineVanishingBehindAProxyThenReturning()
    {
        // The engine goes away (every connection cut, nothing listening) while the stack runs; a
        // change happens meanwhile (the workspace is killed). On return the full refresh shows it:
        // no stale state, no restart of the monitor. Runs everywhere: the shared engine is untouched.
        SANDBOX_REQUIRE_ENGINE();
        const EngineEndpoint real = EngineEndpoint::fromEnvironment();
        if (real.kind != EngineEndpoint::Kind::Unix)
            SANDBOX_SKIP_UNLESS_CI("the relay needs a Unix-socket engine");
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        EngineProxy proxy(real.socketPath);
        QVERIFY(proxy.comeBack());
        EngineEndpoint viaProxy;
        viaProxy.socketPath = proxy.path();
        EngineClient client(viaProxy);
        StackMonitor monitor(client, demo.projectName(), 100, 400);
        StatsStream stats(client, monitor);
        MetricsStore store(60);
        connect(&stats, &StatsStream::sampleReady, &store, &MetricsStore::append);
        monitor.start();
        stats.start();
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("running"), kUpTimeoutMs);
        QTRY_COMPARE_WITH_TIMEOUT(stats.streamingIds().size(), qsizetype(2), 10000);

        QSignalSpy available(&monitor, &StackMonitor::engineAvailableChanged);
        QSignalSpy states(&monitor, &StackMonitor::stateChanged);
        proxy.goAway();
        QTRY_VERIFY_WITH_TIMEOUT(!available.isEmpty(), 10000);
        QCOMPARE(available.first().first().toBool(), false);
        QCOMPARE(monitor.stateName(), QStringLiteral("engine_unavailable"));
        QCOMPARE(states.last().first().value<StackState>(), StackState::EngineUnavailable);
        QVERIFY(!monitor.engineError().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(stats.streamingIds().isEmpty(), 5000);

        // Meanwhile, unseen by the monitor: the workspace is killed (exit 137, not restarted).
        QString out;
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("kill"), demo.workspaceContainer()}, &out), 0);
        QTRY_COMPARE_WITH_TIMEOUT(EngineClient()
                                      .inspectContainer(demo.workspaceContainer())
                                      .json()
                                      .object()
                                      .value(QStringLiteral("State"))
                                      .toObject()
                                      .value(QStringLiteral("Status"))
                                      .toString(),
                                  QStringLiteral("exited"), 10000);
        QCOMPARE(monitor.stateName(), QStringLiteral("engine_unavailable"));

        // The engine returns: reconnect with backoff, full refresh, the truth.
        QVERIFY(proxy.comeBack());
        QTRY_VERIFY_WITH_TIMEOUT(monitor.engineAvailable(), 15000);
        QCOMPARE(available.last().first().toBool(), true);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("degraded"), 10000);
        const ServiceInfo ws = monitor.service(QStringLiteral("workspace"));
        QCOMPARE(ws.state, ServiceState::Exited);
        QCOMPARE(ws.exitCode, 137);
        QVERIFY(serviceStateIsUp(monitor.service(QStringLiteral("llm-backend")).state));
        // Stats reopen for the container still running only.
        QTRY_COMPARE_WITH_TIMEOUT(stats.streamingIds(), monitor.runningContainerIds(), 10000);
        QCOMPARE(stats.streamingIds().size(), qsizetype(1));
        const int before = store.size(demo.llmContainer());
        QTRY_VERIFY_WITH_TIMEOUT(store.size(demo.llmContainer()) > before, 10000);
    }

    void engineRestartGivesUnavailableThenRecovery()
    {
        SANDBOX_REQUIRE_ENGINE();
        if (!TestEngine::isPrivate())
            SANDBOX_SKIP_UNLESS_CI("the engine is shared with the machine; only the harness's private engine is restarted");
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        EngineClient client;
        StackMonitor monitor(client, demo.projectName(), 100, 1000);
        QSignalSpy states(&monitor, &StackMonitor::stateChanged);
        monitor.start();
        QVERIFY2(demo.up(), qPrintable(demo.error()));
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), QStringLiteral("running"), kUpTimeoutMs);

        // The engine goes away and returns: engine_unavailable, then a refreshed, correct state.
        QSignalSpy available(&monitor, &StackMonitor::engineAvailableChanged);
        QString error;
        QVERIFY2(TestEngine::restartPrivateEngine(&error), qPrintable(error));
        QTRY_VERIFY_WITH_TIMEOUT(!available.isEmpty(), 15000);
        QCOMPARE(available.first().first().toBool(), false);
        QVERIFY(
            std::any_of(states.begin(), states.end(), [](const QList<QVariant>& a) { return a.first().value<StackState>() == StackState::EngineUnavailable; }));
        QTRY_VERIFY_WITH_TIMEOUT(monitor.engineAvailable(), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(monitor.stateName(), stateOfRefresh(client, demo.projectName()), 30000);
        QVERIFY(monitor.stateName() != QLatin1String("engine_unavailable"));
    }
};

QTEST_GUILESS_MAIN(TestStackLive)
#include "test_stack_live.moc"
