// Alert rules and the AlertCenter; Reports end to end on files written here.
#include "ReportTestUtil.h"
#include "core/docker/StackMonitor.h"
#include "core/reports/AlertRules.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"

#include <QDir>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

namespace {
ReportRecord record(ReportKind kind, const QByteArray& json, qint64 offset = 0)
{
    RawRecord raw;
    raw.bytes = json.trimmed();
    raw.offset = offset;
    raw.length = json.size();
    raw.lines = static_cast<int>(json.count('\n'));
    return parseRecord(raw, kind, QStringLiteral("/logs/") + reportFileName(kind));
}

/// A checkout in \a dir whose project p1 has a logs folder; `.env` holds the project keys and
/// \a extra. Returns the logs folder (empty on a write error).
QString projectCheckout(const QTemporaryDir& dir, const QByteArray& extra)
{
    const QString logs = dir.filePath(QStringLiteral("projects/p1/logs"));
    const bool ok = QDir().mkpath(logs)
                    && appendBytes(dir.filePath(QStringLiteral(".env")),
                                   "PROJECT_NAME=p1\nPROJECTS_ROOT_PATH=" + dir.filePath(QStringLiteral("projects")).toUtf8() + '\n' + extra);
    return ok ? logs : QString();
}

QByteArray scan(const char* time, const QByteArray& unexpected)
{
    return QByteArray("{\"timestamp\":\"") + time + "\",\"status\":\"" + (unexpected.isEmpty() ? "ok" : "warning")
           + "\",\"expected_ports\":[\"3000\"],\"unexpected\":[" + unexpected + "]}";
}
QByteArray summary(int warnings)
{
    return QByteArray("{\"timestamp\":\"2026-01-01T10:00:00Z\",\"process_count\":5,\"mem_total_kb\":1,\"mem_available_kb\":1,\"portscan_warnings\":")
           + QByteArray::number(warnings) + ",\"resource_snapshots\":3,\"listeners\":[\"0.0.0.0:3000\"]}";
}
} // namespace

class TestReportAlerts : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void portscanWarningNamesAddressAndProcess()
    {
        AlertCenter c;
        AlertRules rules(c, 90);
        QSignalSpy raised(&c, &AlertCenter::alertRaised);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        rules.onRecords({record(ReportKind::Portscan, scan("2026-01-01T10:00:00Z", {}))}, true, now);
        QCOMPARE(raised.size(), 0);
        rules.onRecords(
            {record(ReportKind::Portscan, prettyWarning(QStringLiteral("2026-01-01T10:00:05Z"), QStringLiteral("0.0.0.0:5555"), QStringLiteral("nc")), 1234)},
            false, now);
        QCOMPARE(raised.size(), 1);
        const Alert a = raised.at(0).at(0).value<Alert>();
        QCOMPARE(a.kind, Alert::Kind::PortscanWarning);
        QVERIFY(a.title.contains(QStringLiteral("0.0.0.0:5555")));
        QVERIFY(a.title.contains(QStringLiteral("nc")));
        QCOMPARE(a.ref.offset, 1234);
        QVERIFY(a.ref.file.endsWith(QStringLiteral("portscan.jsonl")));
        QCOMPARE(c.unacknowledgedCount(), 1);
        // The same listener on the next scan is not a new alert; a different one is.
        rules.onRecords({record(ReportKind::Portscan, scan("2026-01-01T10:00:10Z", "{\"address\":\"0.0.0.0:5555\",\"process\":\"nc { not a brace\"}"))}, false,
                        now);
        QCOMPARE(raised.size(), 1);
        rules.onRecords({record(ReportKind::Portscan, scan("2026-01-01T10:00:15Z", "{\"address\":\"0.0.0.0:7777\",\"process\":\"sh\"}"))}, false, now);
        QCOMPARE(raised.size(), 2);
        QVERIFY(c.acknowledge(a.id));
        QVERIFY(!c.acknowledge(a.id));
        QCOMPARE(c.unacknowledgedCount(), 1);
        c.acknowledgeAll();
        QCOMPARE(c.unacknowledgedCount(), 0);
    }

    void backlogDoesNotAlertButSetsTheBaseline()
    {
        AlertCenter c;
        AlertRules rules(c, 90);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        rules.onRecords({record(ReportKind::Portscan, scan("2026-01-01T10:00:00Z", "{\"address\":\"0.0.0.0:1\",\"process\":\"x\"}")),
                         record(ReportKind::Summary, summary(4))},
                        true, now);
        QCOMPARE(c.alerts().size(), 0);
        rules.onRecords({record(ReportKind::Summary, summary(4))}, false, now);
        QCOMPARE(c.alerts().size(), 0);
        rules.onRecords({record(ReportKind::Summary, summary(6))}, false, now);
        QCOMPARE(c.alerts().size(), 1);
        QCOMPARE(c.alerts().first().kind, Alert::Kind::PortscanWarningsIncreased);
        QVERIFY(c.alerts().first().detail.contains(QStringLiteral("4 -> 6")));
    }

    void memoryAboveThresholdOncePerExcursion()
    {
        AlertCenter c;
        AlertRules rules(c, 80);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        rules.onRecords({record(ReportKind::Resources, resourceLine(1, 50))}, false, now);
        QCOMPARE(c.alerts().size(), 0);
        rules.onRecords({record(ReportKind::Resources, resourceLine(2, 85.5)), record(ReportKind::Resources, resourceLine(3, 91))}, false, now);
        QCOMPARE(c.alerts().size(), 1);
        QCOMPARE(c.alerts().first().kind, Alert::Kind::MemoryHigh);
        QVERIFY(c.alerts().first().title.contains(QStringLiteral("85.5")));
        rules.onRecords({record(ReportKind::Resources, resourceLine(4, 60)), record(ReportKind::Resources, resourceLine(5, 81))}, false, now);
        QCOMPARE(c.alerts().size(), 2);
        // The newest snapshot of the backlog counts too.
        AlertCenter c2;
        AlertRules r2(c2, 80);
        r2.onRecords({record(ReportKind::Resources, resourceLine(1, 99)), record(ReportKind::Resources, resourceLine(2, 95))}, true, now);
        QCOMPARE(c2.alerts().size(), 1);
    }

    void rewriteAlertsRotationIsInfo()
    {
        AlertCenter c;
        AlertRules rules(c, 90);
        FollowerEvent e;
        e.type = FollowerEvent::Type::Rotated;
        e.file = QStringLiteral("/logs/resources.jsonl");
        rules.onEvent(e);
        QCOMPARE(c.alerts().size(), 1);
        QCOMPARE(c.alerts().at(0).severity, Alert::Severity::Info);
        QCOMPARE(c.unacknowledgedCount(), 0);
        e.type = FollowerEvent::Type::Rewritten;
        e.offset = 64;
        rules.onEvent(e);
        QCOMPARE(c.alerts().size(), 2);
        QCOMPARE(c.alerts().at(1).severity, Alert::Severity::Critical);
        QCOMPARE(c.alerts().at(1).title, QStringLiteral("Report rewritten: resources.jsonl"));
        QCOMPARE(c.unacknowledgedCount(), 1);
    }

    void silenceAfterThreeIntervalsWhileEnabled()
    {
        AlertCenter c;
        AlertRules rules(c, 90);
        QTemporaryDir dir;
        QVERIFY(appendBytes(dir.filePath(QStringLiteral(".env")), "PORTSCAN_ENABLED=true\nPORTSCAN_INTERVAL=5\nRESOURCE_MONITOR_ENABLED=false\n"
                                                                  "PROJECTS_ROOT_PATH=/p\nPROJECT_NAME=demo # inline comment\n"));
        Settings env(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(env.load());
        const ReportSettings s = ReportSettings::fromSettings(env);
        QCOMPARE(s.filePath(ReportKind::Portscan), QStringLiteral("/p/demo/logs/portscan.jsonl"));
        rules.setSettings(s, {});
        const QDateTime t0 = QDateTime::currentDateTimeUtc();
        rules.started(t0);
        rules.checkSilence(t0.addSecs(14));
        QCOMPARE(c.alerts().size(), 0);
        rules.checkSilence(t0.addSecs(16));
        QCOMPARE(c.alerts().size(), 1); // portscan only: resources is off, summary is off
        QCOMPARE(c.alerts().first().kind, Alert::Kind::ReportSilent);
        QVERIFY(c.alerts().first().title.contains(QStringLiteral("portscan.jsonl")));
        rules.checkSilence(t0.addSecs(30));
        QCOMPARE(c.alerts().size(), 1); // once until it speaks again
        rules.onRecords({record(ReportKind::Portscan, scan("2026-01-01T10:00:00Z", {}))}, false, t0.addSecs(31));
        rules.checkSilence(t0.addSecs(40));
        QCOMPARE(c.alerts().size(), 1);
        rules.checkSilence(t0.addSecs(47));
        QCOMPARE(c.alerts().size(), 2);
        // tui: monitoring does not run, so silence is expected.
        AlertCenter c2;
        AlertRules r2(c2, 90);
        ReportSettings tui = s;
        tui.monitoringRuns = false; // OPENCODE_INTERFACE=tui
        r2.setSettings(tui, {});
        r2.started(t0);
        r2.checkSilence(t0.addSecs(100));
        QCOMPARE(c2.alerts().size(), 0);
        // A stopped workspace runs no monitor: no silence; once it is up, counted from then.
        AlertCenter c3;
        AlertRules r3(c3, 90);
        r3.setSettings(s, {});
        r3.started(t0);
        r3.setMonitorsRunning(false, t0);
        r3.checkSilence(t0.addSecs(100));
        QCOMPARE(c3.alerts().size(), 0);
        r3.setMonitorsRunning(true, t0.addSecs(200));
        r3.checkSilence(t0.addSecs(214));
        QCOMPARE(c3.alerts().size(), 0);
        r3.checkSilence(t0.addSecs(216));
        QCOMPARE(c3.alerts().size(), 1);
    }

    void reportsEndToEnd()
    {
        QTemporaryDir dir;
        const QString logs = projectCheckout(dir, "PORTSCAN_ENABLED=true\nPORTSCAN_INTERVAL=5\n");
        QVERIFY(!logs.isEmpty());
        QVERIFY(appendBytes(logs + QStringLiteral("/portscan.jsonl"), scan("2026-01-01T10:00:00Z", {}) + '\n'));
        AppConfig config;
        config.reportPollMs = 100;
        Settings env(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(env.load());
        Reports reports(env, config);
        QSignalSpy arrived(&reports, &Reports::recordsArrived);
        QSignalSpy raised(&reports.alerts(), &AlertCenter::alertRaised);
        reports.start();
        QTRY_VERIFY(reports.recent(ReportKind::Portscan).size() == 1);
        QVERIFY(appendBytes(logs + QStringLiteral("/portscan.jsonl"),
                            prettyWarning(QStringLiteral("2026-01-01T10:00:05Z"), QStringLiteral("0.0.0.0:5555"), QStringLiteral("nc"))));
        QTRY_COMPARE(raised.size(), 1);
        const Alert a = raised.at(0).at(0).value<Alert>();
        QVERIFY(a.title.contains(QStringLiteral("0.0.0.0:5555")));
        QCOMPARE(a.ref.file, logs + QStringLiteral("/portscan.jsonl"));
        QCOMPARE(reports.timeline().rowCount(), 1);
        const QByteArray lines = reports.timeline().toJsonLines();
        QCOMPARE(lines.count('\n'), 1);
        QCOMPARE(QJsonDocument::fromJson(lines).object().value(QLatin1String("source")).toString(), QStringLiteral("reports"));
        const QString out = dir.filePath(QStringLiteral("timeline.jsonl"));
        QVERIFY(reports.timeline().exportJsonLines(out));
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), lines);
    }

    void monitorSwitchThroughSettingsChangesTheRulesAtOnce()
    {
        // RESOURCE_MONITOR_ENABLED written through Settings (as the panel's switch does): the
        // "gone silent" rule follows without a restart; off again, it stays quiet.
        QTemporaryDir dir;
        QVERIFY(!projectCheckout(dir, "RESOURCE_MONITOR_ENABLED=false\nRESOURCE_MONITOR_INTERVAL=10\n").isEmpty());
        Settings env(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(env.load());
        Reports reports(env, AppConfig());
        reports.start();
        const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
        reports.checkSilence(later);
        QCOMPARE(reports.alerts().alerts().size(), 0);

        QVERIFY(env.setMonitorEnabled(Monitor::Resources, true).ok());
        QVERIFY(reports.settings().resources.enabled);
        QCOMPARE(reports.settings().resources.intervalSeconds, 10);
        reports.checkSilence(later);
        QCOMPARE(reports.alerts().alerts().size(), 1);
        QCOMPARE(reports.alerts().alerts().first().kind, Alert::Kind::ReportSilent);
        QVERIFY(reports.alerts().alerts().first().title.contains(QStringLiteral("resources.jsonl")));

        QVERIFY(env.applyReviewed(env.propose(QStringLiteral("RESOURCE_MONITOR_ENABLED"), QStringLiteral("false")), QStringLiteral("test")).ok());
        QVERIFY(!reports.settings().resources.enabled);
        reports.checkSilence(later.addSecs(3600));
        QCOMPARE(reports.alerts().alerts().size(), 1);
        QVERIFY(reports.isRunning());
    }

    void newProjectFolderRestartsTheFollowers()
    {
        QTemporaryDir dir;
        QVERIFY(!projectCheckout(dir, {}).isEmpty());
        QVERIFY(QDir().mkpath(dir.filePath(QStringLiteral("projects/p2/logs"))));
        QVERIFY(appendBytes(dir.filePath(QStringLiteral("projects/p2/logs/portscan.jsonl")), scan("2026-01-01T10:00:00Z", {}) + '\n'));
        Settings env(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(env.load());
        AppConfig config;
        config.reportPollMs = 100;
        Reports reports(env, config);
        reports.start();
        QCOMPARE(reports.recent(ReportKind::Portscan).size(), 0);
        QVERIFY(env.set(QStringLiteral("PROJECT_NAME"), QStringLiteral("p2")).ok());
        QCOMPARE(reports.filePath(ReportKind::Portscan), dir.filePath(QStringLiteral("projects/p2/logs/portscan.jsonl")));
        QTRY_COMPARE(reports.recent(ReportKind::Portscan).size(), 1);
        QVERIFY(reports.isRunning());
    }

    void timelineMergesSourcesInTimeOrder()
    {
        TimelineModel m;
        const QDateTime t = QDateTime::currentDateTimeUtc();
        m.add({t.addSecs(10), QStringLiteral("engine"), QStringLiteral("warning"), QStringLiteral("workspace died"), {}, {}, {}});
        m.add({t, QStringLiteral("settings"), QStringLiteral("info"), QStringLiteral("PORTSCAN_ENABLED=true"), {}, {}, {}});
        m.add({t.addSecs(5), QStringLiteral("allowlist"), QStringLiteral("info"), QStringLiteral("port 5555 approved"), {}, {}, {}});
        QCOMPARE(m.rowCount(), 3);
        QCOMPARE(m.data(m.index(0, TimelineModel::SourceColumn)).toString(), QStringLiteral("settings"));
        QCOMPARE(m.data(m.index(1, TimelineModel::SourceColumn)).toString(), QStringLiteral("allowlist"));
        QCOMPARE(m.data(m.index(2, TimelineModel::SourceColumn)).toString(), QStringLiteral("engine"));
    }
    void noSilenceWhileTheEngineIsUnreachable()
    {
        // The panel's path without an engine: nothing shows the workspace up, so no report is
        // silent (it said "resources.jsonl gone silent" with the engine unreachable).
        QTemporaryDir dir;
        QVERIFY(!projectCheckout(dir, "RESOURCE_MONITOR_ENABLED=true\nRESOURCE_MONITOR_INTERVAL=3\n").isEmpty());
        const QByteArray saved = qgetenv("DOCKER_HOST");
        qputenv("DOCKER_HOST", "unix://" + dir.filePath(QStringLiteral("no-engine.sock")).toUtf8());
        Sandbox sandbox{Checkout(dir.path())};
        sandbox.start();
        if (saved.isNull())
            qunsetenv("DOCKER_HOST");
        else
            qputenv("DOCKER_HOST", saved);
        QVERIFY(sandbox.reports().settings().resources.enabled);
        QVERIFY(!sandbox.stack().engineAvailable());
        sandbox.reports().checkSilence(QDateTime::currentDateTimeUtc().addSecs(3600));
        QCOMPARE(sandbox.reports().alerts().alerts().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestReportAlerts)
#include "test_report_alerts.moc"
