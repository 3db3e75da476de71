// The panel's own path on the real engine with the demo stack (a Sandbox as the panel builds it):
// deliberate stop, restart, mode switch and down raise no unexpected-exit notification and no
// critical timeline entry, whatever the exit code (the demo's, and 137 when the workspace ignores
// SIGTERM until the grace period ends); a `docker kill` raises exactly one. An autonomous run ends
// with one "finished" notification. Asserted through the notifier's signal (QSignalSpy).
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/compose/Lifecycle.h"
#include "core/docker/StackMonitor.h"
#include "core/reports/Reports.h"
#include "core/reports/TimelineModel.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QtTest>

#include "SandboxTestPaths.h"
#include <memory>

namespace {
constexpr int kJobTimeoutMs = 240000;

QString describe(Job* job)
{
    return QStringLiteral("%1 -> %2: %3\n%4").arg(job->name(), Job::statusName(job->status()), job->errorText(), job->history().join(QLatin1Char('\n')));
}

bool succeeds(Job* job)
{
    if (!job->isFinished()) {
        QSignalSpy spy(job, &Job::finished);
        if (!spy.wait(kJobTimeoutMs))
            return false;
    }
    return job->status() == Job::Status::Succeeded;
}

QList<Notification> ofKind(const QSignalSpy& spy, Notification::Kind kind)
{
    QList<Notification> out;
    for (const QList<QVariant>& args : spy) {
        const auto n = args.at(0).value<Notification>();
        if (n.kind == kind)
            out << n;
    }
    return out;
}

int criticalEngineEntries(Sandbox& sandbox)
{
    int n = 0;
    for (const TimelineEntry& e : sandbox.reports().timeline().entries())
        n += e.source == QLatin1String("engine") && e.severity == QLatin1String("critical");
    return n;
}

/// The demo's workspace, made to ignore SIGTERM (an ignored signal cannot be trapped again by the
/// entry script), with a 2 s grace period: a stop ends with the engine's SIGKILL, exit 137.
QByteArray ignoreTermOverride(const QStringList& entry)
{
    return "services:\n  workspace:\n    stop_grace_period: 2s\n"
           "    entrypoint: [\"/bin/sh\", \"-c\", \"trap '' TERM; exec \\\"$$@\\\"\", \"ignore-term\"]\n"
           "    command: "
           + QJsonDocument(QJsonArray::fromStringList(entry)).toJson(QJsonDocument::Compact) + "\n";
}
} // namespace

class TestPanelLive : public QObject {
    Q_OBJECT
private:
    /// Every workspace exit code the stack monitor saw.
    QList<int> m_exits;
    void recordExits(Sandbox& sandbox)
    {
        connect(&sandbox.stack(), &StackMonitor::serviceChanged, this, [this](const ServiceInfo& now, ServiceState before, qint64) {
            if (now.service == QLatin1String("workspace") && now.state == ServiceState::Exited && serviceStateIsUp(before))
                m_exits << now.exitCode;
        });
    }

    /// A Sandbox on \a demo (full egress) as the panel builds it, its workspace exits recorded and
    /// its notifications spied on, started.
    struct Live {
        std::unique_ptr<Sandbox> sandbox;
        std::unique_ptr<QSignalSpy> notes;
    };
    Live startOn(DemoSandbox& demo)
    {
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        Live live{std::make_unique<Sandbox>(demo.checkout()), nullptr};
        live.sandbox->lifecycle().setHealthTimeout(120000);
        recordExits(*live.sandbox);
        live.notes = std::make_unique<QSignalSpy>(&live.sandbox->notifier(), &Notifier::notification);
        live.sandbox->start();
        return live;
    }

private Q_SLOTS:
    void init() { m_exits.clear(); }

    void deliberateStopsAreNoNewsKillIs()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        Live live = startOn(demo);
        Sandbox& sandbox = *live.sandbox;
        Lifecycle& lc = sandbox.lifecycle();
        QSignalSpy& notes = *live.notes;
        QTRY_VERIFY_WITH_TIMEOUT(sandbox.stack().engineAvailable(), 15000);

        Job* job = lc.start();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QVERIFY2(job->history().join(QLatin1Char('\n')).contains(QLatin1String("OpenCode answered after")), qPrintable(describe(job)));
        QTRY_VERIFY_WITH_TIMEOUT(stackStateIsUp(sandbox.stack().state()), 30000);

        job = lc.restart();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QTRY_COMPARE_WITH_TIMEOUT(m_exits.size(), 1, 30000);

        job = lc.stop();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QTRY_COMPARE_WITH_TIMEOUT(m_exits.size(), 2, 30000);
        qInfo("deliberate exits seen: %s", qPrintable(QVariant::fromValue(m_exits).toStringList().join(QLatin1Char(' '))));
        QCOMPARE(m_exits, QList<int>({143, 143})); // the entrypoint traps SIGTERM and exits with wait's status
        QCOMPARE(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 0);

        // 137: the workspace ignores SIGTERM, the engine kills it when the grace period is over.
        QString out;
        QCOMPARE(runProgram(QStringLiteral("docker"),
                            {QStringLiteral("image"), QStringLiteral("inspect"), QStringLiteral("--format"),
                             QStringLiteral("{{json .Config.Entrypoint}} {{json .Config.Cmd}}"), QStringLiteral("sandbox-demo-workspace:latest")},
                            &out),
                 0);
        QStringList entry;
        for (const QString& part : out.trimmed().split(QLatin1Char(' '), Qt::SkipEmptyParts))
            for (const QJsonValue& v : QJsonDocument::fromJson(part.toUtf8()).array())
                entry << v.toString();
        QVERIFY2(!entry.isEmpty(), qPrintable(out));
        QFile override(demo.root() + QStringLiteral("/docker-compose.override.yml"));
        QVERIFY(override.open(QIODevice::WriteOnly));
        override.write(ignoreTermOverride(entry));
        override.close();
        job = lc.start();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        job = lc.stop();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QTRY_COMPARE_WITH_TIMEOUT(m_exits.size(), 3, 30000);
        QCOMPARE(m_exits.last(), 137);
        QVERIFY(override.remove());

        QCOMPARE(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 0);
        QCOMPARE(criticalEngineEntries(sandbox), 0);

        // A `docker kill` nobody asked for: one notification, one critical timeline entry.
        job = lc.start();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QTRY_VERIFY_WITH_TIMEOUT(stackStateIsUp(sandbox.stack().state()), 30000);
        QCOMPARE(runProgram(QStringLiteral("docker"), {QStringLiteral("kill"), demo.workspaceContainer()}, &out), 0);
        QTRY_COMPARE_WITH_TIMEOUT(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 1, 30000);
        const Notification kill = ofKind(notes, Notification::Kind::UnexpectedExit).first();
        QCOMPARE(kill.severity, Alert::Severity::Critical);
        QVERIFY2(kill.detail.contains(QLatin1String("code 137")), qPrintable(kill.detail));
        QCOMPARE(criticalEngineEntries(sandbox), 1);
        QVERIFY(succeeds(lc.stop()));
        QCOMPARE(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 1);
    }

    void autonomousRunEndsWithOneFinishedNotification()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        QVERIFY(QDir().mkpath(demo.projectLogsDir()));
        QFile task(demo.projectLogsDir() + QStringLiteral("/../task.md"));
        QVERIFY(task.open(QIODevice::WriteOnly));
        task.write("Write hello.txt saying hello.\n");
        task.close();
        demo.setEnv(QStringLiteral("TASK_FILE"), QStringLiteral("task.md"));
        Sandbox sandbox{demo.checkout()};
        QSignalSpy notes(&sandbox.notifier(), &Notifier::notification);
        QSignalSpy output(&sandbox.lifecycle(), &Lifecycle::autonomousOutput);
        QSignalSpy finished(&sandbox.lifecycle(), &Lifecycle::autonomousFinished);
        sandbox.start();
        Job* job = sandbox.lifecycle().runAutonomous();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QCOMPARE(finished.size(), 1);
        const auto run = finished.at(0).at(0).value<AutonomousRun>();
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(run.taskFile, QStringLiteral("task.md"));
        QVERIFY2(run.summary().startsWith(QLatin1String("finished (exit 0)")), qPrintable(run.summary()));
        QVERIFY(!output.isEmpty());
        // The stand-in model's scripted tool call wrote its file into the project folder.
        QVERIFY2(QFileInfo::exists(demo.projectLogsDir() + QStringLiteral("/../DEMO_RESULT.md")), qPrintable(describe(job)));
        QCOMPARE(ofKind(notes, Notification::Kind::AutonomousFinished).size(), 1);
        QCOMPARE(ofKind(notes, Notification::Kind::AutonomousFailed).size(), 0);
        QCOMPARE(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 0);

        // The CLI says the same: the log as it grows, then the notifier's line. Over a .env that
        // says interactive, autonomous loosens this start: refused without --yes (no terminal),
        // then reviewed with a reason and audited as "this start only".
        QString out;
        const QStringList up{QStringLiteral("--sandbox"), demo.root(), QStringLiteral("up"), QStringLiteral("--mode"), QStringLiteral("autonomous")};
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH), up, &out, kJobTimeoutMs), 4);
        QVERIFY2(!QFile::exists(demo.root() + QStringLiteral("/logs/settings-audit.jsonl")), qPrintable(out));
        QCOMPARE(runProgram(QStringLiteral(SANDBOX_CTL_PATH),
                            up + QStringList{QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("demo task")}, &out, kJobTimeoutMs),
                 0);
        QFile audit(demo.root() + QStringLiteral("/logs/settings-audit.jsonl"));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        const QByteArray line = audit.readAll();
        QVERIFY2(line.contains("this start only") && line.contains("demo task") && line.contains("autonomous"), line.constData());
        QVERIFY2(out.contains(QLatin1String("autonomous run of task.md")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("autonomous.log: ")), qPrintable(out));
        QVERIFY2(out.contains(QLatin1String("notify info autonomous run finished: task.md: finished (exit 0) after ")), qPrintable(out));
    }

    // A mode switch: the Overview's toggle writes .env, "Restart with changes" restarts.
    void modeSwitchIsNoNews()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        Live live = startOn(demo);
        Sandbox& sandbox = *live.sandbox;
        Lifecycle& lc = sandbox.lifecycle();
        QSignalSpy& notes = *live.notes;
        Job* job = lc.start();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QVERIFY(sandbox.settings().setMode(OperationMode::Conductor).ok());
        job = lc.restart();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QCOMPARE(lc.currentMode(), OperationMode::Conductor);
        job = lc.stop();
        QVERIFY2(succeeds(job), qPrintable(describe(job)));
        QTRY_COMPARE_WITH_TIMEOUT(m_exits.size(), 2, 30000);
        qInfo("mode switch exits seen: %s", qPrintable(QVariant::fromValue(m_exits).toStringList().join(QLatin1Char(' '))));
        QCOMPARE(m_exits, QList<int>({143, 143}));
        QCOMPARE(ofKind(notes, Notification::Kind::UnexpectedExit).size(), 0);
        QCOMPARE(criticalEngineEntries(sandbox), 0);
    }
};

QTEST_GUILESS_MAIN(TestPanelLive)
#include "test_panel_live.moc"
