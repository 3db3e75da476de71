// The Notifier without a GUI: engine event sequences as the engine sends them (kill, die, oom,
// health_status) go through ServiceInfo::applyEvent, like StackMonitor does, into the notifier;
// the timeline must agree with it on every exit.
#include "core/compose/AutonomousRun.h"
#include "core/reports/AlertCenter.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/TimelineFeed.h"

#include "SandboxSourceDir.h"
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

namespace {
using Attrs = QList<std::pair<QString, QString>>;

/// One workspace container fed engine events; a state change reaches the notifier and the
/// timeline feed exactly as StackMonitor::update() reports it.
struct Container {
    ServiceInfo info;
    Notifier& notifier;
    QList<TimelineEntry> timeline;

    explicit Container(Notifier& n)
        : notifier(n)
    {
        info.service = QStringLiteral("workspace");
        info.container = QStringLiteral("demo-workspace-1");
        info.id = QStringLiteral("abc");
        info.healthcheckKnown = true;
        info.hasHealthcheck = true;
        event(QStringLiteral("create"));
        event(QStringLiteral("start"));
        event(QStringLiteral("health_status: healthy"));
    }

    void event(const QString& action, const Attrs& attrs = {})
    {
        QJsonObject a{{QStringLiteral("name"), info.container}, {QStringLiteral("com.docker.compose.service"), info.service}};
        for (const auto& [k, v] : attrs)
            a.insert(k, v);
        const QJsonObject e{{QStringLiteral("Type"), QStringLiteral("container")},
                            {QStringLiteral("Action"), action},
                            {QStringLiteral("Actor"), QJsonObject{{QStringLiteral("ID"), info.id}, {QStringLiteral("Attributes"), a}}}};
        const ServiceState before = info.state;
        info.applyEvent(e);
        if (info.state == before)
            return;
        notifier.onServiceChanged(info, before, 0);
        if (const auto entry = TimelineFeed::fromService(info, before, 0))
            timeline.append(*entry);
    }
    void signal(const char* sig) { event(QStringLiteral("kill"), {{QStringLiteral("signal"), QLatin1String(sig)}}); }
    void die(int code) { event(QStringLiteral("die"), {{QStringLiteral("exitCode"), QString::number(code)}}); }
    QString exitSeverity() const
    {
        for (const TimelineEntry& e : timeline)
            if (e.data.value(QStringLiteral("state")).toString() == QLatin1String("exited"))
                return e.severity;
        return {};
    }
};

/// What a recorded /events sequence (tests/sandbox/fixtures, one engine message a line, as the
/// real engine sent it) does to one container: fed through ServiceInfo::applyEvent like
/// StackMonitor does, each state change to the notifier and the timeline.
struct Replay {
    ServiceInfo info;
    int notifications = 0;
    QStringList exitSeverities;
    QString error;
};
Replay replay(const QString& name)
{
    Replay r;
    QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/sandbox/fixtures/") + name);
    if (!f.open(QIODevice::ReadOnly)) {
        r.error = QStringLiteral("missing fixture ") + name;
        return r;
    }
    Notifier n;
    QObject::connect(&n, &Notifier::notification, &n, [&r](const Notification&) { ++r.notifications; });
    for (const QByteArray& line : f.readAll().split('\n')) {
        const QJsonObject e = QJsonDocument::fromJson(line).object();
        if (e.value(QStringLiteral("Type")).toString() != QLatin1String("container"))
            continue;
        if (r.info.id.isEmpty())
            r.info = ServiceInfo::fromEventActor(e);
        const ServiceState before = r.info.state;
        r.info.applyEvent(e);
        if (r.info.state == before)
            continue;
        n.onServiceChanged(r.info, before, e.value(QStringLiteral("timeNano")).toInteger());
        if (const auto entry = TimelineFeed::fromService(r.info, before, 0); entry && r.info.state == ServiceState::Exited)
            r.exitSeverities << entry->severity;
    }
    return r;
}

Notification only(const QSignalSpy& spy)
{
    return spy.size() == 1 ? spy.at(0).at(0).value<Notification>() : Notification{};
}
} // namespace

class TestNotifier : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void deliberateStopIsNoNews_data()
    {
        QTest::addColumn<QStringList>("sigs");
        QTest::addColumn<int>("exitCode");
        // compose stop/down/restart and a mode switch: SIGTERM, the demo exits 0, the real
        // entrypoint traps it and exits 143; after the grace period the engine sends SIGKILL: 137.
        QTest::newRow("stop, exit 0") << QStringList{"15"} << 0;
        QTest::newRow("stop, exit 143") << QStringList{"15"} << 143;
        QTest::newRow("stop, grace over, exit 137") << QStringList{"15", "9"} << 137;
        QTest::newRow("SIGTERM by name, 143") << QStringList{"SIGTERM"} << 143;
    }
    void deliberateStopIsNoNews()
    {
        QFETCH(QStringList, sigs);
        QFETCH(int, exitCode);
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        Container c(n);
        for (const QString& s : sigs)
            c.signal(qPrintable(s));
        c.die(exitCode);
        c.event(QStringLiteral("stop"));
        QCOMPARE(c.info.state, ServiceState::Exited);
        QVERIFY(c.info.stopRequested); // survives die
        QVERIFY(c.info.exitExpected(ServiceState::Healthy));
        QCOMPARE(spy.size(), 0);
        QCOMPARE(c.exitSeverity(), QStringLiteral("info")); // the timeline agrees
        c.event(QStringLiteral("start"));                   // the next run starts clean
        QVERIFY(!c.info.stopRequested);
    }

    void unexpectedEndsNotifyOnce_data()
    {
        QTest::addColumn<QString>("how");
        QTest::addColumn<bool>("oom");
        QTest::newRow("docker kill") << "kill" << false;
        QTest::newRow("oom kill") << "oom" << true;
        QTest::newRow("crash") << "crash" << false;
    }
    void unexpectedEndsNotifyOnce()
    {
        QFETCH(QString, how);
        QFETCH(bool, oom);
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        Container c(n);
        if (how == QLatin1String("kill")) { // `docker kill`: SIGKILL straight away
            c.signal("9");
            c.die(137);
        } else if (how == QLatin1String("oom")) {
            c.event(QStringLiteral("oom"));
            c.die(137);
        } else {
            c.die(1);
        }
        c.event(QStringLiteral("stop")); // the engine's stop after die changes nothing
        QCOMPARE(spy.size(), 1);
        const Notification note = only(spy);
        QCOMPARE(note.kind, Notification::Kind::UnexpectedExit);
        QCOMPARE(note.severity, Alert::Severity::Critical);
        QCOMPARE(note.title, QStringLiteral("workspace exited unexpectedly"));
        QCOMPARE(note.detail.contains(QLatin1String("out of memory")), oom);
        QCOMPARE(note.target.tab, NotificationTarget::Tab::Overview);
        QCOMPARE(c.exitSeverity(), QStringLiteral("critical"));
    }

    void oomDuringAStopStillNotifies()
    {
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        Container c(n);
        c.signal("15");
        c.event(QStringLiteral("oom"));
        c.die(137);
        QCOMPARE(spy.size(), 1);
    }

    // An autonomous run's `compose run` container: its end is the run's news (autonomous run
    // finished/failed), not a second "exited unexpectedly"; an OOM kill still is.
    void oneOffRunEndIsTheRunsNews()
    {
        const QJsonObject actor{{QStringLiteral("Actor"), QJsonObject{{QStringLiteral("ID"), QStringLiteral("r1")},
                                                                      {QStringLiteral("Attributes"),
                                                                       QJsonObject{{QStringLiteral("com.docker.compose.service"), QStringLiteral("workspace")},
                                                                                   {QStringLiteral("com.docker.compose.oneoff"), QStringLiteral("True")}}}}}};
        QVERIFY(ServiceInfo::fromEventActor(actor).oneOff);
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        Container run(n);
        run.info.oneOff = true;
        run.die(2);
        QCOMPARE(spy.size(), 0);
        QVERIFY(run.exitSeverity() != QLatin1String("critical"));
        Container oom(n);
        oom.info.oneOff = true;
        oom.event(QStringLiteral("oom"));
        oom.die(137);
        QCOMPARE(spy.size(), 1);
    }

    void unhealthyOnTheEdgeOnly()
    {
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        Container c(n);
        c.event(QStringLiteral("health_status: unhealthy"));
        c.event(QStringLiteral("health_status: unhealthy"));
        QCOMPARE(spy.size(), 1);
        QCOMPARE(only(spy).kind, Notification::Kind::Unhealthy);
        QCOMPARE(only(spy).severity, Alert::Severity::Warning);
        c.event(QStringLiteral("health_status: healthy"));
        c.event(QStringLiteral("health_status: unhealthy"));
        QCOMPARE(spy.size(), 2);
    }

    void alertsPointAtTheirRecordInfoStaysSilent()
    {
        AlertCenter center;
        Notifier n;
        n.followAlerts(center);
        QSignalSpy spy(&n, &Notifier::notification);
        Alert rotated;
        rotated.kind = Alert::Kind::ReportFileChanged;
        rotated.severity = Alert::Severity::Info;
        rotated.title = QStringLiteral("Report portscan.jsonl rotated");
        center.raise(rotated);
        QCOMPARE(spy.size(), 0);

        Alert warning;
        warning.kind = Alert::Kind::PortscanWarning;
        warning.severity = Alert::Severity::Critical;
        warning.title = QStringLiteral("Unexpected listener 0.0.0.0:5555 (nc)");
        warning.detail = QStringLiteral("Port scan found 0.0.0.0:5555");
        warning.ref = {QStringLiteral("/p/demo/logs/portscan.jsonl"), 4096, 7};
        center.raise(warning);
        QCOMPARE(spy.size(), 1);
        const Notification note = only(spy);
        QCOMPARE(note.kind, Notification::Kind::ReportAlert);
        QCOMPARE(note.severity, Alert::Severity::Critical);
        QCOMPARE(note.target.tab, NotificationTarget::Tab::Reports);
        QCOMPARE(note.target.record.file, warning.ref.file);
        QCOMPARE(note.target.record.offset, qint64(4096));
        const QJsonObject json = note.toJson();
        QCOMPARE(json.value(QStringLiteral("severity")).toString(), QStringLiteral("critical"));
        const QJsonObject target = json.value(QStringLiteral("target")).toObject();
        QCOMPARE(target.value(QStringLiteral("tab")).toString(), QStringLiteral("reports"));
        QCOMPARE(target.value(QStringLiteral("record")).toObject().value(QStringLiteral("offset")).toInteger(), 4096);
        QCOMPARE(note.toText(), QStringLiteral("notify critical Unexpected listener 0.0.0.0:5555 (nc): Port scan found 0.0.0.0:5555"));
    }

    void attentionNotifiesOnTheRisingEdge()
    {
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        QSignalSpy restart(&n, &Notifier::restartNeededChanged);
        n.setAttention(true, false);
        n.setAttention(true, true);
        QCOMPARE(spy.size(), 1);
        QCOMPARE(only(spy).target.tab, NotificationTarget::Tab::Allowlists);
        QCOMPARE(restart.size(), 1);
        QVERIFY(n.restartNeeded());
        n.setAttention(false, false);
        n.setAttention(true, false);
        QCOMPARE(spy.size(), 2);
    }

    // Open egress where restricted was asked is critical and names its fix; other controls warn.
    void openEgressIsCriticalWithItsFix()
    {
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        n.onControlFailed(QStringLiteral("egress"),
                          QStringLiteral("NETWORK_EGRESS=restricted expects internal networks only; found non-internal demo_default"));
        QCOMPARE(only(spy).severity, Alert::Severity::Critical);
        QVERIFY(only(spy).detail.contains(QLatin1String("sandbox-ctl restrict")));
        QCOMPARE(only(spy).target.tab, NotificationTarget::Tab::Posture);
        spy.clear();
        n.onControlFailed(QStringLiteral("read_only_rootfs"), QStringLiteral("writable"));
        QCOMPARE(only(spy).severity, Alert::Severity::Warning);
    }

    void recordedEngineSequences_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("notifications");
        // Recorded from the real engine (scripts in the fixtures' README): a stop of a workspace
        // that traps SIGTERM (143), one that ignores it until the grace period ends (137),
        // `compose down`, `docker kill`, and a process that exits 1 on its own.
        QTest::newRow("docker stop, trapped: 143") << "events-stop-143.jsonl" << 143 << 0;
        QTest::newRow("docker stop, grace over: 137") << "events-stop-grace-137.jsonl" << 137 << 0;
        QTest::newRow("compose down: 143") << "events-compose-down-143.jsonl" << 143 << 0;
        QTest::newRow("docker kill: 137") << "events-kill-137.jsonl" << 137 << 1;
        QTest::newRow("crash: 1") << "events-crash-1.jsonl" << 1 << 1;
    }
    void recordedEngineSequences()
    {
        QFETCH(QString, file);
        QFETCH(int, exitCode);
        QFETCH(int, notifications);
        const Replay r = replay(file);
        QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
        QVERIFY(r.info.state == ServiceState::Exited || r.info.state == ServiceState::Absent);
        QCOMPARE(r.exitSeverities.size(), 1);
        QCOMPARE(r.notifications, notifications);
        QCOMPARE(r.exitSeverities.first(), notifications ? QStringLiteral("critical") : QStringLiteral("info"));
        if (r.info.state == ServiceState::Exited)
            QCOMPARE(r.info.exitCode, exitCode);
    }

    void autonomousRunEndsWithOneNotification_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<int>("kind"); // -1: no notification
        QTest::addColumn<QString>("text");
        QTest::newRow("finished") << int(Job::Status::Succeeded) << 0 << int(Notification::Kind::AutonomousFinished)
                                  << "notify info autonomous run finished: task.md: finished (exit 0) after 12.3 s; output in /p/logs/autonomous.log";
        QTest::newRow("failed") << int(Job::Status::Failed) << 2 << int(Notification::Kind::AutonomousFailed)
                                << "notify warning autonomous run failed: task.md: failed (exit 2) after 12.3 s; output in /p/logs/autonomous.log";
        QTest::newRow("killed") << int(Job::Status::Failed) << 137 << int(Notification::Kind::AutonomousFailed)
                                << "notify warning autonomous run failed: task.md: failed (exit 137) after 12.3 s; output in /p/logs/autonomous.log";
        QTest::newRow("cancelled: the operator's own act") << int(Job::Status::Cancelled) << -1 << -1 << "";
    }
    void autonomousRunEndsWithOneNotification()
    {
        QFETCH(int, status);
        QFETCH(int, exitCode);
        QFETCH(int, kind);
        QFETCH(QString, text);
        Notifier n;
        QSignalSpy spy(&n, &Notifier::notification);
        AutonomousRun run;
        run.taskFile = QStringLiteral("task.md");
        run.logFile = QStringLiteral("/p/logs/autonomous.log");
        n.onAutonomousFinished(run); // still running: nothing
        QCOMPARE(spy.size(), 0);
        run.status = Job::Status(status);
        run.exitCode = exitCode;
        run.durationMs = 12345;
        n.onAutonomousFinished(run);
        QCOMPARE(spy.size(), kind < 0 ? 0 : 1);
        if (kind < 0)
            return;
        QCOMPARE(int(only(spy).kind), kind);
        QCOMPARE(only(spy).toText(), text);
        QCOMPARE(only(spy).target.tab, NotificationTarget::Tab::Overview);
    }
};

QTEST_GUILESS_MAIN(TestNotifier)
#include "test_notifier.moc"
