// Integration: the demo sandbox's reports reach the follower live, and a listener started in the
// workspace (nc -l -p 5555) becomes a port-scan warning alert with that address.
#include "DemoSandbox.h"
#include "TestEngine.h"
#include "core/reports/Reports.h"
#include "core/settings/Settings.h"

#include <QProcess>
#include <QSignalSpy>
#include <QTest>

class TestReportsDemo : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void liveReportsAndPortscanAlert()
    {
        SANDBOX_REQUIRE_ENGINE();
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        demo.setEnv(QStringLiteral("RESOURCE_MONITOR_INTERVAL"), QStringLiteral("1"));
        demo.setEnv(QStringLiteral("PORTSCAN_INTERVAL"), QStringLiteral("2"));
        demo.setEnv(QStringLiteral("AUTOLOG_INTERVAL"), QStringLiteral("4"));
        QVERIFY2(demo.up(), qPrintable(demo.error()));

        AppConfig config;
        config.reportPollMs = 250;
        Settings env(demo.checkout().envFile(), demo.checkout().root());
        QVERIFY(env.load());
        Reports reports(env, config);
        QCOMPARE(reports.filePath(ReportKind::Portscan), demo.projectLogsDir() + QStringLiteral("/portscan.jsonl"));
        int liveResources = 0, livePortscans = 0, liveSummaries = 0;
        connect(&reports, &Reports::recordsArrived, this, [&](ReportKind kind, const QList<ReportRecord>& records, bool initial) {
            if (initial)
                return;
            for (const ReportRecord& r : records) {
                QVERIFY2(r.ok(), qPrintable(r.error + QLatin1Char(' ') + r.displayText()));
                (kind == ReportKind::Resources ? liveResources : kind == ReportKind::Portscan ? livePortscans : liveSummaries)++;
            }
        });
        QSignalSpy raised(&reports.alerts(), &AlertCenter::alertRaised);
        reports.start();
        QTRY_VERIFY_WITH_TIMEOUT(liveResources >= 3 && livePortscans >= 2, 60000);
        QTRY_VERIFY_WITH_TIMEOUT(liveSummaries >= 1, 30000);
        const ResourceSnapshot snap = ResourceSnapshot::fromJson(reports.recent(ReportKind::Resources).last().object);
        QVERIFY(snap.memTotalKb > 0);
        QVERIFY(snap.processCount > 0);

        QProcess exec;
        exec.start(QStringLiteral("docker"), {QStringLiteral("exec"), QStringLiteral("-d"), demo.workspaceContainer(), QStringLiteral("nc"),
                                              QStringLiteral("-l"), QStringLiteral("-p"), QStringLiteral("5555")});
        QVERIFY(exec.waitForFinished(30000));
        QCOMPARE(exec.exitCode(), 0);

        auto portscanAlert = [&]() -> const Alert* {
            for (const Alert& a : reports.alerts().alerts())
                if (a.kind == Alert::Kind::PortscanWarning && a.title.contains(QStringLiteral(":5555")))
                    return &a;
            return nullptr;
        };
        QTRY_VERIFY_WITH_TIMEOUT(portscanAlert() != nullptr, 60000);
        const Alert* a = portscanAlert();
        QVERIFY(a->ref.file.endsWith(QStringLiteral("/portscan.jsonl")));
        QVERIFY(a->ref.offset >= 0);
        QVERIFY(!a->acknowledged);
        bool signalled = false;
        for (const QList<QVariant>& args : std::as_const(raised))
            signalled = signalled || args.at(0).value<Alert>().id == a->id;
        QVERIFY(signalled);
        // The alert's record is the warning the scanner wrote: one compact line, as the real
        // monitor writes it (only a scan without any listener is pretty-printed).
        bool found = false;
        for (const ReportRecord& r : reports.recent(ReportKind::Portscan)) {
            if (r.offset == a->ref.offset) {
                found = true;
                QCOMPARE(r.lines, 1);
                QVERIFY(PortScanResult::fromJson(r.object).isWarning());
            }
        }
        QVERIFY(found);
        reports.stop();
        QVERIFY(demo.down());
    }
};

QTEST_GUILESS_MAIN(TestReportsDemo)
#include "test_reports_demo.moc"
