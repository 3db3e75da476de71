// The lifecycle on the real engine with the demo stack (docker-compose v1 here; v2 when present).
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/EngineClient.h"
#include "core/sandbox/LifecycleWiring.h"

#include "SandboxTestPaths.h"
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QtTest>

namespace {
bool waitFinished(Job* job, int timeoutMs = 240000)
{
    if (job->isFinished())
        return true;
    QSignalSpy spy(job, &Job::finished);
    return spy.wait(timeoutMs);
}

QString describe(Job* job)
{
    return QStringLiteral("%1 -> %2: %3\n%4").arg(job->name(), Job::statusName(job->status()), job->errorText(), job->history().join(QLatin1Char('\n')));
}
} // namespace

class TestComposeLifecycle : public QObject {
    Q_OBJECT
private:
    EngineClient* m_engine = nullptr;
    QObject m_context;

    QJsonArray containers(const QString& project)
    {
        return m_engine
            ->call("GET", QStringLiteral("/containers/json?all=1&filters=%1")
                              .arg(EngineClient::filtersQuery({{QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + project}}})))
            .json()
            .array();
    }
    QJsonObject workspace(const QString& project)
    {
        for (const QJsonValue& v : containers(project)) {
            const QJsonObject labels = v.toObject().value(QStringLiteral("Labels")).toObject();
            if (labels.value(QStringLiteral("com.docker.compose.service")).toString() == QLatin1String("workspace"))
                return m_engine->call("GET", QStringLiteral("/containers/%1/json").arg(v.toObject().value(QStringLiteral("Id")).toString())).json().object();
        }
        return {};
    }
    void timed(const char* what, Job* job)
    {
        QVERIFY2(waitFinished(job), qPrintable(describe(job)));
        qInfo("TIMING %s: %.1f s (%s)", what, job->durationMs() / 1000.0, qPrintable(Job::statusName(job->status())));
    }
    std::unique_ptr<Lifecycle> lifecycle(DemoSandbox& demo)
    {
        auto lc = std::make_unique<Lifecycle>(demo.checkout());
        lc->setEngine(m_engine);
        lc->setValidator(LifecycleWiring::settingsValidator());
        lc->setHealthTimeout(60000);
        lc->setCancelGracePeriod(3000);
        return lc;
    }

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        m_engine = new EngineClient(EngineEndpoint::fromEnvironment(), &m_context);
        QVERIFY2(m_engine->call("GET", QStringLiteral("/_ping")).ok(), "engine does not answer /_ping");
    }

    void upHealthyRestartModeAndDown()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        auto lc = lifecycle(demo);

        Job* up = lc->start();
        QSignalSpy phases(up, &Job::phaseChanged);
        timed("up (interactive, full egress)", up);
        QCOMPARE(up->status(), Job::Status::Succeeded);
        QList<JobPhase> seen;
        for (const auto& args : phases)
            seen << args.at(0).value<JobPhase>();
        QVERIFY(seen.contains(JobPhase::Building));
        QVERIFY(seen.contains(JobPhase::Creating));
        QVERIFY(seen.contains(JobPhase::WaitingOpenCode));

        std::optional<ModeHealthReport> health;
        lc->checkHealth([&](ModeHealthReport r) { health = r; });
        QTRY_VERIFY_WITH_TIMEOUT(health.has_value(), 10000);
        QVERIFY2(health->healthy, qPrintable(health->detail));
        QCOMPARE(health->mode, OperationMode::Interactive);

        const QJsonObject before = workspace(demo.projectName());
        QVERIFY(
            before.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Env")).toArray().contains(QStringLiteral("OPERATION_MODE=interactive")));

        demo.setEnv(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        Job* restart = lc->restart();
        timed("restart (into conductor)", restart);
        QCOMPARE(restart->status(), Job::Status::Succeeded);
        const QJsonObject after = workspace(demo.projectName());
        const QJsonArray env = after.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Env")).toArray();
        QVERIFY2(env.contains(QStringLiteral("OPERATION_MODE=conductor")), QJsonDocument(env).toJson().constData());
        QVERIFY(after.value(QStringLiteral("Id")) != before.value(QStringLiteral("Id")));

        health.reset();
        lc->checkHealth([&](ModeHealthReport r) { health = r; });
        QTRY_VERIFY_WITH_TIMEOUT(health.has_value(), 10000);
        QCOMPARE(health->mode, OperationMode::Conductor);
        QVERIFY2(health->healthy, qPrintable(health->detail));

        Job* down = lc->stop();
        timed("down", down);
        QCOMPARE(down->status(), Job::Status::Succeeded);
        QCOMPARE(containers(demo.projectName()).size(), 0);
        const QJsonArray nets = m_engine
                                    ->call("GET", QStringLiteral("/networks?filters=%1")
                                                      .arg(EngineClient::filtersQuery(
                                                          {{QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + demo.projectName()}}})))
                                    .json()
                                    .array();
        QCOMPARE(nets.size(), 0);
    }

    void conductorUp()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        auto lc = lifecycle(demo);
        Job* up = lc->start({OperationMode::Conductor, false});
        timed("conductor up", up);
        QVERIFY2(up->status() == Job::Status::Succeeded, qPrintable(describe(up)));
        const QJsonArray env = workspace(demo.projectName()).value(QStringLiteral("Config")).toObject().value(QStringLiteral("Env")).toArray();
        QVERIFY(env.contains(QStringLiteral("OPERATION_MODE=conductor")));
        // conductor starts only the workspace, as the Makefile does
        QCOMPARE(containers(demo.projectName()).size(), 1);
        Job* build = lc->build();
        timed("build (cached layers)", build);
        QCOMPARE(build->status(), Job::Status::Succeeded);
        timed("down (conductor)", lc->stop());
    }

    void restrictedUpIsOnlyOnInternalNetworks()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        auto lc = lifecycle(demo);
        Job* up = lc->start({{}, true});
        timed("restricted up", up);
        QVERIFY2(up->status() == Job::Status::Succeeded, qPrintable(describe(up)));
        const QJsonObject nets = workspace(demo.projectName()).value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
        QVERIFY(!nets.isEmpty());
        for (auto it = nets.begin(); it != nets.end(); ++it) {
            const QJsonObject net = m_engine->call("GET", QStringLiteral("/networks/%1").arg(it.key())).json().object();
            QVERIFY2(net.value(QStringLiteral("Internal")).toBool(), qPrintable(it.key() + QStringLiteral(" is not internal")));
        }
        QVERIFY(nets.contains(demo.projectName() + QStringLiteral("_agent_network_restricted")));
        // the model server stays reachable for the workspace on the internal network
        timed("down (restricted)", lc->stop());
        QCOMPARE(containers(demo.projectName()).size(), 0);
    }

    void brokenComposeFileFailsCleanly()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QFile f(demo.root() + QStringLiteral("/docker-compose.yml"));
        QVERIFY(f.open(QIODevice::Append));
        f.write("\n  this is: [not valid yaml\n");
        f.close();
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QVERIFY(waitFinished(up));
        QCOMPARE(up->status(), Job::Status::Failed);
        QCOMPARE(up->cliExitCode(), 5);
        // compose's own parser message is in the error
        QVERIFY2(up->errorText().contains(QStringLiteral("docker-compose.yml")) || up->errorText().contains(QStringLiteral("yaml"), Qt::CaseInsensitive),
                 qPrintable(up->errorText()));
        QVERIFY2(up->errorText().contains(QStringLiteral("exit code")), qPrintable(up->errorText()));
        QCOMPARE(containers(demo.projectName()).size(), 0);
    }

    void cancelDuringBuildAndConcurrentRefusal()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QFile df(demo.root() + QStringLiteral("/Dockerfile"));
        QVERIFY(df.open(QIODevice::Append));
        df.write(QStringLiteral("RUN sleep 30 # cache-buster %1\n").arg(QRandomGenerator::global()->generate()).toUtf8());
        df.close();
        auto lc = lifecycle(demo);
        Job* build = lc->build();
        QSignalSpy lines(build, &Job::outputLine);
        QTRY_VERIFY_WITH_TIMEOUT(build->phase() == JobPhase::Building, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(build->history().join(QLatin1Char('\n')).contains(QStringLiteral("RUN sleep 30")), 60000);

        // a second mutating request in this process is refused with a reason
        Job* second = lc->stop();
        QCOMPARE(second->status(), Job::Status::Refused);
        QCOMPARE(second->cliExitCode(), 4);
        QVERIFY2(second->errorText().contains(QStringLiteral("Build")), qPrintable(second->errorText()));
        // ... and from another process (sandbox-ctl) too
        QProcess ctl;
        ctl.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("down")});
        QVERIFY(ctl.waitForFinished(60000));
        QCOMPARE(ctl.exitCode(), 4);
        // The job's last line names the cause (once, on stdout or stderr).
        const QByteArray said = ctl.readAllStandardOutput() + ctl.readAllStandardError();
        QVERIFY2(said.contains("another job holds the sandbox"), said.constData());

        QElapsedTimer t;
        t.start();
        build->cancel();
        QVERIFY(waitFinished(build, 60000));
        QCOMPARE(build->status(), Job::Status::Cancelled);
        qInfo("TIMING cancel during build: %.1f s from cancel to finished", t.elapsed() / 1000.0);
        QVERIFY(t.elapsed() < 30000);
        QCOMPARE(containers(demo.projectName()).size(), 0);
        // the sandbox is free again
        QVERIFY(lc->jobs().busyReason().isEmpty());
    }

    void cancelledStartLeavesStackDown()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        demo.setEnv(QStringLiteral("OPENCODE_PORT"), QString::number(demo.port(QStringLiteral("APP_PORT")))); // nothing serves there
        demo.setEnv(QStringLiteral("APP_PORT"), QString::number(demo.port(QStringLiteral("OPENCODE_PORT"))));
        auto lc = lifecycle(demo);
        Job* up = lc->start();
        QTRY_VERIFY_WITH_TIMEOUT(up->phase() == JobPhase::WaitingOpenCode || up->isFinished(), 120000);
        QVERIFY(!containers(demo.projectName()).isEmpty());
        up->cancel();
        QVERIFY(waitFinished(up, 120000));
        QCOMPARE(up->status(), Job::Status::Cancelled);
        QCOMPARE(containers(demo.projectName()).size(), 0);
    }

    void autonomousRun()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        auto lc = lifecycle(demo);
        Job* refused = lc->runAutonomous();
        QVERIFY(waitFinished(refused));
        QCOMPARE(refused->status(), Job::Status::Invalid);
        QVERIFY(refused->errorText().contains(QStringLiteral("TASK_FILE")));

        QFile task(demo.root() + QStringLiteral("/projects/demo_project/task.md"));
        QVERIFY(task.open(QIODevice::WriteOnly));
        task.write("write the demo\n");
        task.close();
        demo.setEnv(QStringLiteral("TASK_FILE"), QStringLiteral("task.md"));
        Job* run = lc->runAutonomous();
        timed("autonomous run", run);
        QVERIFY2(run->status() == Job::Status::Succeeded, qPrintable(describe(run)));
        const QString out = run->history().join(QLatin1Char('\n'));
        QVERIFY2(out.contains(QStringLiteral("autonomous.log:")) && out.contains(QStringLiteral("Autonomous execution finished with exit code 0")),
                 qPrintable(out));
        std::optional<ModeHealthReport> health;
        lc->checkHealth([&](ModeHealthReport r) { health = r; });
        QTRY_VERIFY(health.has_value());
        QCOMPARE(health->mode, OperationMode::Autonomous);
        QCOMPARE(health->exitCode, 0);
        QVERIFY(!health->logTail.isEmpty());
        QVERIFY(workspace(demo.projectName()).isEmpty()); // --rm (the model server it started may stay)
    }

    void nukeNeedsConfirmation()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        auto lc = lifecycle(demo);
        Job* nuke = lc->nuke(false);
        QCOMPARE(nuke->status(), Job::Status::Refused);
        QCOMPARE(nuke->cliExitCode(), 4);
        QProcess ctl;
        ctl.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("nuke")});
        QVERIFY(ctl.waitForFinished(60000));
        QCOMPARE(ctl.exitCode(), 4);
        QVERIFY(QFileInfo::exists(demo.root() + QStringLiteral("/projects/demo_project")));
    }

    void cliUpDownStreamsAndExitCodes()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QString out;
        QElapsedTimer t;
        t.start();
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up")}, &out, 240000), 0);
        qInfo("TIMING sandbox-ctl up (restricted by NETWORK_EGRESS=restricted): %.1f s", t.elapsed() / 1000.0);
        QVERIFY2(out.contains(QStringLiteral("attached only to internal networks")), qPrintable(out));
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("info")}, &out), 0);
        QVERIFY2(out.contains(QStringLiteral("compose project: ") + demo.projectName()), qPrintable(out));
        QCOMPARE(
            runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("logs"), QStringLiteral("workspace")}, &out),
            0);
        QVERIFY2(out.contains(QStringLiteral("demo workspace is live")), qPrintable(out));
        t.restart();
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("down")}, &out, 120000), 0);
        QCOMPARE(containers(demo.projectName()).size(), 0);
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH),
                            {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up"), QStringLiteral("--mode"), QStringLiteral("bogus")}, &out),
                 2);
    }

    // The engine stops while `up` waits for the model server: `up` says so at once, exits 3
    // (not 5 after its 93 s and 122 s timeouts) and names what the engine starts again.
    void engineLossEndsUpAtOnce()
    {
        if (!TestEngine::isPrivate())
            QSKIP("the engine is not this harness's own: it is not stopped (CI always has its own)");
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QProcess ctl;
        QByteArray out;
        bool stopped = false;
        QString error;
        connect(&ctl, &QProcess::readyReadStandardOutput, &ctl, [&] {
            out += ctl.readAllStandardOutput();
            if (!stopped && out.contains("waiting for the Ollama")) {
                stopped = true;
                QVERIFY2(TestEngine::restartPrivateEngine(&error), qPrintable(error)); // blocks until it is back
            }
        });
        ctl.setProcessChannelMode(QProcess::MergedChannels);
        ctl.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up")});
        QVERIFY(ctl.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(ctl.state() == QProcess::NotRunning, 240000);
        out += ctl.readAll();
        QVERIFY2(stopped, out.right(2000).constData());
        QVERIFY2(ctl.exitCode() == 3, (QByteArray::number(ctl.exitCode()) + ": " + out.right(2000)).constData());
        const QString last = QString::fromUtf8(out).trimmed().split(QLatin1Char('\n')).last();
        QVERIFY2(last.contains(QLatin1String("the Docker engine went away")) && last.contains(QLatin1String("when it comes back")), qPrintable(last));
        qInfo("last line: %s", qPrintable(last));
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("down")}, nullptr, 120000), 0);
    }
};

QTEST_GUILESS_MAIN(TestComposeLifecycle)
#include "test_compose_lifecycle.moc"
