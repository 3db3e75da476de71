// Restricted start on the real engine for every kind of checkout an operator has: the demo, a
// scratch copy of the older reference checkout (workspace network fixed: override file) and of
// the current one (WORKSPACE_NETWORK), with the compose tool the harness gives (v2 by default;
// the _v1 ctest entry sets SANDBOX_COMPOSE=v1). `up` and `restart` must leave the workspace
// only on internal networks, as the engine reports them, and every start of the workspace the
// engine's event stream shows finds it there already; a `sandbox-ctl up` killed at any step (and
// an engine restart after it) never leaves it on a network with egress.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "CtlRun.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/EngineClient.h"
#include "core/docker/EventStream.h"
#include "core/posture/PostureMonitor.h"
#include "core/sandbox/LifecycleWiring.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {
QString describe(Job* job)
{
    return job->name() + QStringLiteral(" -> ") + Job::statusName(job->status()) + QStringLiteral(": ") + job->errorText() + QLatin1Char('\n')
           + job->history().join(QLatin1Char('\n'));
}
} // namespace

class TestRestrictedCheckouts : public QObject {
    Q_OBJECT
private:
    EngineClient* m_engine = nullptr;
    QObject m_context;
    QTemporaryDir m_state;

    QJsonObject workspace(const QString& project)
    {
        const QJsonArray list = m_engine
                                    ->call("GET", QStringLiteral("/containers/json?filters=%1")
                                                      .arg(EngineClient::filtersQuery({{QStringLiteral("label"),
                                                                                        {QStringLiteral("com.docker.compose.project=") + project,
                                                                                         QStringLiteral("com.docker.compose.service=workspace")}}})))
                                    .json()
                                    .array();
        if (list.isEmpty())
            return {};
        return m_engine->call("GET", QStringLiteral("/containers/%1/json").arg(list.first().toObject().value(QStringLiteral("Id")).toString())).json().object();
    }

    /// Every network of the running workspace is Internal=true; returns its container id.
    QString verifyOnlyInternal(const QString& project)
    {
        const QJsonObject ws = workspace(project);
        const QJsonObject nets = ws.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
        if (nets.isEmpty())
            return QStringLiteral("FAIL: the workspace is on no network");
        for (auto it = nets.begin(); it != nets.end(); ++it) {
            const QJsonObject net = m_engine->call("GET", QStringLiteral("/networks/%1").arg(it.key())).json().object();
            if (!net.value(QStringLiteral("Internal")).toBool())
                return QStringLiteral("FAIL: %1 is not internal").arg(it.key());
        }
        return ws.value(QStringLiteral("Id")).toString();
    }

    /// What the engine's event stream showed: the workspace's starts, and those that found it on
    /// a network with egress.
    struct Starts {
        int seen = 0;
        QStringList open;
    };

    /// Checks each start of the project's workspace the moment the engine announces it.
    std::unique_ptr<EventStream> watchStarts(const QString& project, Starts* starts)
    {
        auto stream = std::make_unique<EventStream>(*m_engine, project);
        connect(stream.get(), &EventStream::eventReceived, &m_context, [this, project, starts](const QJsonObject& e) {
            const QJsonObject attrs = e.value(QStringLiteral("Actor")).toObject().value(QStringLiteral("Attributes")).toObject();
            if (e.value(QStringLiteral("Action")).toString() != QLatin1String("start")
                || attrs.value(QStringLiteral("com.docker.compose.service")).toString() != QLatin1String("workspace"))
                return;
            ++starts->seen;
            const QString id = verifyOnlyInternal(project);
            if (id.startsWith(QLatin1String("FAIL")))
                starts->open << id;
        });
        QSignalSpy connected(stream.get(), &EventStream::connected);
        stream->start();
        if (!connected.wait(10000))
            qWarning("the event stream did not connect");
        return stream;
    }

    /// No compose process of \a project is left (one whose parent was killed goes on alone).
    static bool composeFinished(const QString& project)
    {
        const QByteArray needle = project.toUtf8();
        for (const QString& pid : QDir(QStringLiteral("/proc")).entryList(QDir::Dirs)) {
            QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
            if (pid.toInt() > 0 && f.open(QIODevice::ReadOnly) && f.readAll().split('\0').contains(needle))
                return false;
        }
        return true;
    }

    void timed(const QByteArray& what, Job* job)
    {
        QSignalSpy spy(job, &Job::finished);
        QVERIFY2(job->isFinished() || spy.wait(300000), qPrintable(describe(job)));
        qInfo("TIMING %s [%s]: %.1f s", what.constData(), qPrintable(TestEngine::composeCommand().join(QLatin1Char(' '))), job->durationMs() / 1000.0);
        QVERIFY2(job->status() == Job::Status::Succeeded, qPrintable(describe(job)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        m_engine = new EngineClient(EngineEndpoint::fromEnvironment(), &m_context);
        QVERIFY2(m_engine->call("GET", QStringLiteral("/_ping")).ok(), "engine does not answer /_ping");
        // The current checkout's new_project.sh runs `git init` in the project folder, which the
        // harness gives to uid 1000; git run as root refuses such a folder without this.
        qputenv("GIT_CONFIG_COUNT", "1");
        qputenv("GIT_CONFIG_KEY_0", "safe.directory");
        qputenv("GIT_CONFIG_VALUE_0", "*");
        // The model server images the reference files name, made locally (nothing is pulled).
        for (const char* tag : {"0.23.1", "0.34.0"})
            QCOMPARE(runProgram(QStringLiteral("docker"),
                                {QStringLiteral("tag"), QStringLiteral("sandbox-demo-base:1"), QStringLiteral("ollama/ollama:%1").arg(QLatin1String(tag))}),
                     0);
    }

    void upAndRestartStayInternal_data()
    {
        QTest::addColumn<int>("source");
        QTest::newRow("demo") << int(DemoSandbox::Source::Demo);
        QTest::newRow("reference-older") << int(DemoSandbox::Source::ReferenceOlder);
        QTest::newRow("reference-latest") << int(DemoSandbox::Source::ReferenceLatest);
    }

    void upAndRestartStayInternal()
    {
        QFETCH(int, source);
        const auto kind = DemoSandbox::Source(source);
        if (kind != DemoSandbox::Source::Demo)
            SANDBOX_REQUIRE_REFERENCE(DemoSandbox::referenceDir(kind));
        DemoSandbox demo(kind);
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        if (kind != DemoSandbox::Source::Demo)
            demo.setEnv(QStringLiteral("LLM_SOURCE"), QStringLiteral("lm_studio"));
        Lifecycle lc(demo.checkout());
        lc.setEngine(m_engine);
        lc.setValidator(LifecycleWiring::settingsValidator());
        lc.setHealthTimeout(90000);
        lc.setCancelGracePeriod(3000);
        lc.setStateDir(m_state.path());

        Job* up = lc.start();
        timed(QByteArray("restricted up ") + QTest::currentDataTag(), up);
        if (QTest::currentTestFailed())
            return;
        const QString first = verifyOnlyInternal(demo.projectName());
        QVERIFY2(!first.startsWith(QLatin1String("FAIL")), qPrintable(first + QLatin1Char('\n') + describe(up)));
        // nothing generated in the operator's checkout
        QVERIFY(QDir(demo.root()).entryList({QStringLiteral("*.restricted.yml"), QStringLiteral("docker-compose.override.yml")}).isEmpty());

        Starts starts;
        const auto watch = watchStarts(demo.projectName(), &starts);
        Job* restart = lc.restart();
        timed(QByteArray("restricted restart ") + QTest::currentDataTag(), restart);
        if (QTest::currentTestFailed())
            return;
        const QString second = verifyOnlyInternal(demo.projectName());
        QVERIFY2(!second.startsWith(QLatin1String("FAIL")), qPrintable(second + QLatin1Char('\n') + describe(restart)));
        QVERIFY(second != first); // a new container, still only on internal networks
        QVERIFY(starts.seen > 0);
        QVERIFY2(starts.open.isEmpty(), qPrintable(starts.open.join(QLatin1Char('\n')) + QLatin1Char('\n') + describe(restart)));

        Job* down = lc.stop();
        timed(QByteArray("down ") + QTest::currentDataTag(), down);
        QVERIFY(workspace(demo.projectName()).isEmpty());
    }

    // A restricted workspace found on a network with egress: `audit` fails the egress control,
    // `sandbox-ctl restrict` takes it off that network, and the engine then shows internal only.
    void openWorkspaceRestrictedAgain()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        QCOMPARE(CtlRun::run(demo.root(), {QStringLiteral("up")}, {}, 240000).code, 0);
        const QString open = demo.projectName() + QStringLiteral("_opened");
        const QJsonObject create{{QStringLiteral("Name"), open},
                                 {QStringLiteral("Labels"), QJsonObject{{QStringLiteral("com.docker.compose.project"), demo.projectName()}}}};
        QVERIFY(m_engine->call("POST", QStringLiteral("/networks/create"), QJsonDocument(create).toJson()).ok());
        // The live posture notices the move from the engine's network events (its timer is 60 s).
        EngineClient engine;
        PostureMonitor posture(demo.checkout(), engine);
        QSignalSpy updated(&posture, &PostureMonitor::updated);
        QSignalSpy failed(&posture, &PostureMonitor::controlFailed);
        posture.start();
        QVERIFY(updated.wait(30000));
        QCOMPARE(failed.count(), 0);
        const QString id = workspace(demo.projectName()).value(QStringLiteral("Id")).toString();
        QVERIFY(m_engine->call("POST", QStringLiteral("/networks/%1/connect").arg(open), QJsonDocument(QJsonObject{{QStringLiteral("Container"), id}}).toJson())
                    .ok());
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), 20000);
        QCOMPARE(failed.first().first().toString(), QStringLiteral("egress"));
        QVERIFY(verifyOnlyInternal(demo.projectName()).startsWith(QLatin1String("FAIL")));
        CtlRun audit = CtlRun::run(demo.root(), {QStringLiteral("audit")});
        QVERIFY2(audit.code != 0 && audit.out.contains(QStringLiteral("found non-internal %1").arg(open)), qPrintable(audit.out + audit.err));

        const CtlRun fix = CtlRun::run(demo.root(), {QStringLiteral("restrict")}, {}, 120000);
        QVERIFY2(fix.code == 0, qPrintable(fix.out + fix.err));
        QVERIFY2(fix.out.contains(QStringLiteral("disconnecting")), qPrintable(fix.out));
        const QString verdict = verifyOnlyInternal(demo.projectName());
        QVERIFY2(!verdict.startsWith(QLatin1String("FAIL")), qPrintable(verdict + QLatin1Char('\n') + fix.out));
        QCOMPARE(verdict, id); // the same container, moved: not restarted
        audit = CtlRun::run(demo.root(), {QStringLiteral("audit")});
        QVERIFY2(!audit.out.contains(QStringLiteral("found non-internal")), qPrintable(audit.out));
        QCOMPARE(CtlRun::run(demo.root(), {QStringLiteral("down")}, {}, 120000).code, 0);
        m_engine->call("DELETE", QStringLiteral("/networks/%1").arg(open));
    }

    // `sandbox-ctl up` on the restricted demo, killed when it prints each step's line: no start
    // of the workspace on a network with egress, during or after (and after an engine restart).
    void interruptedStartNeverOpen_data()
    {
        QTest::addColumn<int>("signal");
        QTest::addColumn<QString>("step");
        QTest::addColumn<bool>("restartEngine");
        for (const char* step : {"» starting the stack", "restricting egress:", "» starting the containers", "waiting for the Ollama"})
            QTest::addRow("KILL at %s", step) << int(SIGKILL) << QString::fromUtf8(step) << false;
        QTest::addRow("HUP at creation") << int(SIGHUP) << QStringLiteral("» starting the stack") << false;
        QTest::addRow("KILL while restricting, then engine restart") << int(SIGKILL) << QStringLiteral("restricting egress:") << true;
    }

    void interruptedStartNeverOpen()
    {
        QFETCH(int, signal);
        QFETCH(QString, step);
        QFETCH(bool, restartEngine);
        if (restartEngine && !TestEngine::isPrivate())
            QSKIP("the engine is not this harness's own: it is not restarted (CI always has its own)");
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted"));
        Starts starts;
        auto watch = watchStarts(demo.projectName(), &starts);
        QProcess ctl;
        QByteArray out;
        bool killed = false;
        connect(&ctl, &QProcess::readyReadStandardOutput, &ctl, [&] {
            out += ctl.readAllStandardOutput();
            if (!killed && out.contains(step.toUtf8()))
                killed = ::kill(pid_t(ctl.processId()), signal) == 0;
        });
        ctl.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up")});
        QVERIFY(ctl.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(ctl.state() == QProcess::NotRunning, 240000);
        QVERIFY2(killed, out.constData());
        QTRY_VERIFY_WITH_TIMEOUT(composeFinished(demo.projectName()), 240000);
        if (restartEngine) {
            watch.reset();
            QString error;
            QVERIFY2(TestEngine::restartPrivateEngine(&error), qPrintable(error));
        }
        const QJsonObject ws = workspace(demo.projectName());
        if (!ws.isEmpty()) { // running: only on internal networks
            const QString verdict = verifyOnlyInternal(demo.projectName());
            QVERIFY2(!verdict.startsWith(QLatin1String("FAIL")), qPrintable(verdict + QLatin1Char('\n') + QString::fromUtf8(out)));
        }
        QVERIFY2(starts.open.isEmpty(), qPrintable(starts.open.join(QLatin1Char('\n')) + QLatin1Char('\n') + QString::fromUtf8(out)));
        qInfo("killed at \"%s\": %d start(s) seen, workspace %s", qPrintable(step), starts.seen,
              ws.isEmpty() ? "not running" : "running, internal networks only");
        QCOMPARE(CtlRun::run(demo.root(), {QStringLiteral("down")}, {}, 120000).code, 0);
    }
};

QTEST_GUILESS_MAIN(TestRestrictedCheckouts)
#include "test_restricted_checkouts.moc"
