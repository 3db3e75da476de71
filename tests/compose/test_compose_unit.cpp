// Compose tool parsing, progress parsing, jobs (real programs, no shell), the job runner.
#include "core/compose/ComposeModel.h"
#include "core/compose/ComposeProgress.h"
#include "core/compose/ComposeTool.h"
#include "core/compose/Job.h"
#include "core/compose/JobRunner.h"
#include "core/settings/EnvValues.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
ProcessSpec program(const QString& prog, const QStringList& args)
{
    ProcessSpec s;
    s.program = prog;
    s.arguments = args;
    return s;
}
} // namespace

class TestComposeUnit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versions()
    {
        QCOMPARE(ComposeTool::parseVersion(QStringLiteral("docker-compose version 1.29.2, build unknown\ndocker-py version: 5.0.3")), QStringLiteral("1.29.2"));
        QCOMPARE(ComposeTool::parseVersion(QStringLiteral("Docker Compose version v2.24.6")), QStringLiteral("2.24.6"));
        QCOMPARE(ComposeTool::parseVersion(QStringLiteral("Docker Compose version 2.20.2+ds1-0ubuntu1")), QStringLiteral("2.20.2+ds1-0ubuntu1"));
        QVERIFY(ComposeTool::parseVersion(QStringLiteral("docker: 'compose' is not a docker command.")).isEmpty());
    }

    void arguments()
    {
        const ComposeTool v1(ComposeTool::Variant::V1Standalone, QStringLiteral("docker-compose"), QStringLiteral("1.29.2"));
        QCOMPARE(v1.arguments(QStringLiteral("p"), {QStringLiteral("up")}),
                 (QStringList{QStringLiteral("--ansi"), QStringLiteral("never"), QStringLiteral("--project-name"), QStringLiteral("p"), QStringLiteral("up")}));
        const ComposeTool old(ComposeTool::Variant::V1Standalone, QStringLiteral("docker-compose"), QStringLiteral("1.25.0"));
        QCOMPARE(old.arguments({}, {QStringLiteral("down")}), (QStringList{QStringLiteral("--no-ansi"), QStringLiteral("down")}));
        const ComposeTool v2(ComposeTool::Variant::V2Plugin, QStringLiteral("docker"), QStringLiteral("2.24.6"));
        QCOMPARE(v2.arguments({}, {QStringLiteral("build")}).first(), QStringLiteral("compose"));
        QCOMPARE(v2.displayName(), QStringLiteral("docker compose"));
    }

    void detectionWithNoTool()
    {
        qputenv("SANDBOX_COMPOSE", "v2");
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        QString error;
        const auto tool = ComposeTool::detect(&error);
        qputenv("PATH", path);
        qunsetenv("SANDBOX_COMPOSE");
        QVERIFY(!tool);
        QVERIFY2(error.contains(QStringLiteral("no compose tool found")) && error.contains(QStringLiteral("not installed")), qPrintable(error));
    }

    void progressV1()
    {
        ComposeProgress p;
        QCOMPARE(p.feed(QStringLiteral("Building workspace")).phase, JobPhase::Building);
        const auto step = p.feed(QStringLiteral("Step 3/6 : COPY a b"));
        QCOMPARE(step.percent, 50);
        QCOMPARE(p.feed(QStringLiteral("Pulling llm-backend (x:1)...")).phase, JobPhase::Pulling);
        QCOMPARE(p.feed(QStringLiteral("Creating network \"p_agent_network\" with driver \"bridge\"")).phase, JobPhase::Creating);
        QCOMPARE(p.feed(QStringLiteral("Creating p-ws ... done")).phase, JobPhase::Creating);
        QCOMPARE(p.feed(QStringLiteral("Starting p-ws ... ")).phase, JobPhase::Starting);
        QCOMPARE(p.feed(QStringLiteral("Stopping p-ws ... done")).phase, JobPhase::Stopping);
        QCOMPARE(p.feed(QStringLiteral("\x1b[32mRemoving p-ws ... done\x1b[0m")).phase, JobPhase::Removing);
        QVERIFY(!p.feed(QStringLiteral("random output")).phaseChanged);
    }

    void progressV2()
    {
        ComposeProgress p;
        QCOMPARE(p.feed(QStringLiteral("#0 building with \"default\" instance using docker driver")).phase, JobPhase::Building);
        QCOMPARE(p.feed(QStringLiteral("#6 [2/4] COPY workspace/entry.sh /usr/local/bin/")).percent, 50);
        QCOMPARE(p.feed(QStringLiteral(" Network p_agent_network  Creating")).phase, JobPhase::Creating);
        QCOMPARE(p.feed(QStringLiteral(" Container p-ws  Created")).phase, JobPhase::Creating);
        QCOMPARE(p.feed(QStringLiteral(" Container p-ws  Starting")).phase, JobPhase::Starting);
        QCOMPARE(p.feed(QStringLiteral(" Container p-llm  Waiting")).phase, JobPhase::WaitingHealthy);
        QCOMPARE(p.feed(QStringLiteral(" Container p-llm  Healthy")).phase, JobPhase::WaitingHealthy);
        QCOMPARE(p.feed(QStringLiteral(" ✔ Container p-ws  Removed")).phase, JobPhase::Removing);
    }

    void envValuesAndModel()
    {
        const EnvValues env = EnvValues::parse("# c\nA=1\nGIT_USERNAME=\"Agent Coder\"\nexport B='x'\nA=2\nbroken line\n\xff\xfe=\n");
        QCOMPARE(env.value(QStringLiteral("A")), QStringLiteral("2"));
        QCOMPARE(env.value(QStringLiteral("GIT_USERNAME")), QStringLiteral("Agent Coder"));
        QCOMPARE(env.value(QStringLiteral("B")), QStringLiteral("x"));
        QCOMPARE(env.value(QStringLiteral("MISSING"), QStringLiteral("d")), QStringLiteral("d"));

        ComposeModel m;
        QString error;
        QVERIFY(ComposeModel::parse("services:\n  workspace: {}\nnetworks:\n  agent_network: {driver: bridge}\n  agent_network_restricted:\n    internal: "
                                    "true\n  named:\n    name: custom\n    internal: true\n",
                                    QStringLiteral("proj"), &m, &error));
        QCOMPARE(m.services, QStringList{QStringLiteral("workspace")});
        QVERIFY(m.restrictedNetwork());
        QCOMPARE(m.restrictedNetwork()->name, QStringLiteral("proj_agent_network_restricted"));
        QVERIFY(!ComposeModel::parse("networks: [unclosed", QStringLiteral("p"), &m, &error));
        QVERIFY(!error.isEmpty());
    }

    void jobStreamsAndSucceeds()
    {
        Job job(QStringLiteral("Echo"), true);
        job.addProcess(QStringLiteral("print"),
                       [] { return program(QStringLiteral("printf"), {QStringLiteral("one\\ntwo\\r\\nthree GITHUB_TOKEN=ghp_abcdefghijklmnop1234")}); });
        QSignalSpy lines(&job, &Job::outputLine);
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QVERIFY(done.wait(10000));
        QCOMPARE(job.status(), Job::Status::Succeeded);
        QCOMPARE(job.cliExitCode(), 0);
        const QString all = job.history().join(QLatin1Char('\n'));
        QVERIFY(all.contains(QStringLiteral("one\ntwo\nthree")));
        QVERIFY2(!all.contains(QStringLiteral("ghp_abcdefghijklmnop1234")), qPrintable(all));
        QVERIFY(job.durationMs() >= 0);
    }

    void jobFailureCarriesStderr()
    {
        QTemporaryDir dir;
        Job job(QStringLiteral("Fail"), true);
        job.addProcess(QStringLiteral("ls"), [&] { return program(QStringLiteral("ls"), {dir.path() + QStringLiteral("/missing")}); });
        bool secondRan = false;
        job.addTask(QStringLiteral("never"), [&](Job&, Job::Done d) {
            secondRan = true;
            d(true, {});
        });
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QVERIFY(done.wait(10000));
        QCOMPARE(job.status(), Job::Status::Failed);
        QCOMPARE(job.cliExitCode(), 5);
        QVERIFY(!secondRan);
        QVERIFY2(job.errorText().contains(QStringLiteral("missing")) && job.errorText().contains(QStringLiteral("exit code")), qPrintable(job.errorText()));
    }

    void jobMissingProgram()
    {
        Job job(QStringLiteral("Nothing"), true);
        job.addProcess({}, [] { return program(QStringLiteral("/nonexistent/compose"), {}); });
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QVERIFY(done.wait(10000));
        QCOMPARE(job.status(), Job::Status::Failed);
        QVERIFY(job.errorText().contains(QStringLiteral("could not be started")));
    }

    void cancelTerminatesThenCleansUp()
    {
        Job job(QStringLiteral("Sleep"), true);
        job.setCancelGracePeriod(500);
        job.addProcess(QStringLiteral("sleep"), [&] {
            job.armCleanup();
            return program(QStringLiteral("sleep"), {QStringLiteral("60")});
        });
        bool cleaned = false;
        job.addCleanupTask(QStringLiteral("cleanup"), [&](Job&, Job::Done d) {
            cleaned = true;
            d(true, {});
        });
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QTRY_VERIFY(job.history().join(QString()).contains(QStringLiteral("» sleep")));
        QTest::qWait(0);
        job.cancel();
        QVERIFY(done.wait(10000));
        QCOMPARE(job.status(), Job::Status::Cancelled);
        QVERIFY(cleaned);
    }

    void cancelKillsAfterGrace()
    {
        // a program that ignores SIGTERM must be killed after the grace period
        Job job(QStringLiteral("Stubborn"), true);
        job.setCancelGracePeriod(300);
        job.addProcess({}, [] {
            return program(QStringLiteral("python3"),
                           {QStringLiteral("-c"),
                            QStringLiteral("import signal,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); print('ready', flush=True); time.sleep(60)")});
        });
        QSignalSpy done(&job, &Job::finished);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(job.history().contains(QStringLiteral("ready")), 10000);
        QElapsedTimer t;
        t.start();
        job.cancel();
        QVERIFY(done.wait(10000));
        QCOMPARE(job.status(), Job::Status::Cancelled);
        QVERIFY(t.elapsed() >= 250);
        QVERIFY(job.history().join(QLatin1Char('\n')).contains(QStringLiteral("killing it")));
    }

    void runnerRefusesSecondMutatingJob()
    {
        QTemporaryDir dir;
        JobRunner runner(dir.path());
        auto* first = new Job(QStringLiteral("Build"), true);
        first->addProcess({}, [] { return program(QStringLiteral("sleep"), {QStringLiteral("30")}); });
        QVERIFY(runner.submit(first));
        auto* second = new Job(QStringLiteral("Stop"), true);
        second->addTask({}, [](Job&, Job::Done d) { d(true, {}); });
        QVERIFY(!runner.submit(second));
        QCOMPARE(second->status(), Job::Status::Refused);
        QCOMPARE(second->cliExitCode(), 4);
        QVERIFY(second->errorText().contains(QStringLiteral("Build is running")));
        // another runner for the same checkout (another process in real life) is refused too
        JobRunner other(dir.path());
        QVERIFY(!other.busyReason().isEmpty());
        // non-mutating jobs still run
        auto* logs = new Job(QStringLiteral("Logs"), false);
        logs->addTask({}, [](Job&, Job::Done d) { d(true, {}); });
        QVERIFY(runner.submit(logs));
        QSignalSpy done(first, &Job::finished);
        first->cancel();
        QVERIFY(done.wait(10000));
        QVERIFY(runner.busyReason().isEmpty());
        QVERIFY(other.busyReason().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestComposeUnit)
#include "test_compose_unit.moc"
