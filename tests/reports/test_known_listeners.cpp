// Docker's embedded DNS resolver (127.0.0.11:<port>, no process) in the port scans the real
// monitor-ports.sh writes on every compose network: one rule (KnownListeners) read by the
// records, the alert rules, the summary rule, the history scan and the one-line summaries.
#include "ReportTestUtil.h"
#include "core/reports/AlertRules.h"
#include "core/reports/HistoryAggregate.h"
#include "core/reports/JsonScan.h"
#include "core/reports/KnownListeners.h"

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
    return parseRecord(raw, kind, QStringLiteral("/logs/") + reportFileName(kind));
}

/// A scan as monitor-ports.sh writes it (status "warning" whenever it names a listener).
QByteArray scan(const QString& time, const QList<std::pair<const char*, const char*>>& unexpected)
{
    QByteArray list;
    for (const auto& [address, process] : unexpected)
        list += QByteArray(list.isEmpty() ? "" : ",") + "{\"address\":\"" + address + "\",\"process\":\"" + process + "\"}";
    return "{\"timestamp\":\"" + time.toUtf8() + "\",\"status\":\"" + (unexpected.isEmpty() ? "ok" : "warning")
           + "\",\"expected_ports\":[\"3000\",\"7860\"],\"unexpected\":[" + list + "]}";
}
QByteArray summaryAt(const char* time, int warnings)
{
    return QByteArray("{\"timestamp\":\"") + time + "\",\"process_count\":5,\"mem_total_kb\":1,\"mem_available_kb\":1,\"portscan_warnings\":"
           + QByteArray::number(warnings) + ",\"resource_snapshots\":3,\"listeners\":[\"127.0.0.11:40305\",\"0.0.0.0:3000\"]}";
}
const std::pair<const char*, const char*> kResolver{"127.0.0.11:40305", ""};
const std::pair<const char*, const char*> kNc{"0.0.0.0:5555", "users:((nc,pid=42,fd=3))"};
} // namespace

class TestKnownListeners : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void signatureIsAddressAnyPortAndNoProcess_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("process");
        QTest::addColumn<bool>("known");
        QTest::newRow("resolver") << "127.0.0.11:40305"
                                  << "" << true;
        QTest::newRow("resolver other port") << "127.0.0.11:1"
                                             << "" << true;
        QTest::newRow("workspace process on 127.0.0.11") << "127.0.0.11:53"
                                                         << "users:((python3,pid=9,fd=3))" << false;
        QTest::newRow("other loopback") << "127.0.0.1:40305"
                                        << "" << false;
        QTest::newRow("127.0.0.110") << "127.0.0.110:40305"
                                     << "" << false;
        QTest::newRow("no port") << "127.0.0.11:"
                                 << "" << false;
        QTest::newRow("not a port") << "127.0.0.11:53x"
                                    << "" << false;
        QTest::newRow("all interfaces") << "0.0.0.0:5555"
                                        << "" << false;
    }
    void signatureIsAddressAnyPortAndNoProcess()
    {
        QFETCH(QString, address);
        QFETCH(QString, process);
        QFETCH(bool, known);
        QCOMPARE(KnownListeners::isDockerDns(address, process), known);
        QCOMPARE((UnexpectedListener{address, process}.isKnown()), known);
    }

    void resolverOnlyScanIsOkAndNamed()
    {
        const ReportRecord r = record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:00Z"), {kResolver}));
        const PortScanResult p = PortScanResult::fromJson(r.object);
        QCOMPARE(p.status, QStringLiteral("warning")); // as the monitor wrote it
        QVERIFY(!p.isWarning());
        QVERIFY(p.unknown().isEmpty());
        QCOMPARE(p.unexpected.first().label(), QStringLiteral("127.0.0.11:40305 Docker's embedded DNS (expected)"));
        QCOMPARE(recordSummary(r), QStringLiteral("2026-01-01T10:00:00Z portscan ok expected 3000,7860; 127.0.0.11:40305 Docker's embedded DNS (expected)"));

        const ReportRecord both = record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:05Z"), {kResolver, kNc}));
        const PortScanResult q = PortScanResult::fromJson(both.object);
        QVERIFY(q.isWarning());
        QCOMPARE(q.unknown().size(), 1);
        QVERIFY(recordSummary(both).contains(QStringLiteral("WARNING unexpected 0.0.0.0:5555 (users:((nc,pid=42,fd=3)))")));

        // A warning without a listener named stays a warning; an empty process is said in words.
        QVERIFY(PortScanResult::fromJson(record(ReportKind::Portscan, R"({"timestamp":"x","status":"warning","unexpected":[]})").object).isWarning());
        QCOMPARE((UnexpectedListener{QStringLiteral("0.0.0.0:7000"), {}}.label()), QStringLiteral("0.0.0.0:7000 (no process shown)"));
    }

    void resourceCommandsAreNotCut()
    {
        const QByteArray line
            = R"({"timestamp":"2026-01-01T10:00:00Z","mem_used_pct":12.5,"process_count":4,"top_processes":[{"user":"agent","pid":7,"cpu":1.0,"mem":3.5,"command":"/home/agent/.opencode/bin/opencode serve --hostname 0.0.0.0 --port 3000"}]})";
        const QString text = recordSummary(record(ReportKind::Resources, line));
        QVERIFY2(text.contains(QStringLiteral("top: /home/agent/.opencode/bin/opencode serve --hostname 0.0.0.0 --port 3000 (3.5%)")), qPrintable(text));
    }

    void resolverNeverAlertsAGenuineListenerAtOnce()
    {
        AlertCenter c;
        AlertRules rules(c, 90);
        QSignalSpy raised(&c, &AlertCenter::alertRaised);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:00Z"), {kResolver}))}, true, now);
        for (int i = 1; i <= 5; ++i) // the resolver on every scan, its port changing with a restart
            rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:%1Z").arg(i * 5, 2, 10, QLatin1Char('0')),
                                                               {{i < 3 ? "127.0.0.11:40305" : "127.0.0.11:38121", ""}}))},
                            false, now);
        QCOMPARE(raised.size(), 0);
        QCOMPARE(c.unacknowledgedCount(), 0);

        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:30Z"), {kResolver, kNc}), 900)}, false, now);
        QCOMPARE(raised.size(), 1);
        const Alert a = raised.first().first().value<Alert>();
        QCOMPARE(a.severity, Alert::Severity::Critical);
        QCOMPARE(a.title, QStringLiteral("Unexpected listener 0.0.0.0:5555 (users:((nc,pid=42,fd=3)))"));
        QVERIFY(!a.detail.contains(QStringLiteral("127.0.0.11")));
        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:35Z"), {kResolver, kNc}))}, false, now);
        QCOMPARE(raised.size(), 1);

        // A workspace process listening on 127.0.0.11 is named by the scan: it alerts; an
        // unnamed listener elsewhere too, without "(process )".
        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:00:40Z"),
                                                           {kResolver, {"127.0.0.11:53", "users:((python3,pid=9,fd=3))"}, {"0.0.0.0:7000", ""}}))},
                        false, now);
        QCOMPARE(raised.size(), 3);
        for (const Alert& x : c.alerts())
            QVERIFY2(!x.title.contains(QStringLiteral("()")) && !x.title.contains(QStringLiteral("(process )")), qPrintable(x.title));
        QCOMPARE(c.alerts().at(2).title, QStringLiteral("Unexpected listener 0.0.0.0:7000 (no process shown)"));
    }

    void summaryCountOfResolverScansIsNoNews()
    {
        // The summary's portscan_warnings counts every "warning" line: with the resolver, each scan.
        AlertCenter c;
        AlertRules rules(c, 90);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        rules.onRecords({record(ReportKind::Summary, summaryAt("2026-01-01T10:00:00Z", 12))}, true, now);
        for (int m = 10; m <= 50; m += 10)
            rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T10:%1:00Z").arg(m), {kResolver}))}, false, now);
        rules.onRecords({record(ReportKind::Summary, summaryAt("2026-01-01T11:00:00Z", 17))}, false, now);
        QCOMPARE(c.alerts().size(), 0);
        // One genuine warning among them: the count rises by more than the resolver explains.
        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T11:10:00Z"), {kResolver}))}, false, now);
        rules.onRecords({record(ReportKind::Portscan, scan(QStringLiteral("2026-01-01T11:20:00Z"), {kResolver, kNc}))}, false, now);
        QCOMPARE(c.alerts().size(), 1); // the listener itself, at once
        rules.onRecords({record(ReportKind::Summary, summaryAt("2026-01-01T12:00:00Z", 19))}, false, now);
        QCOMPARE(c.alerts().size(), 2);
        QCOMPARE(c.alerts().last().kind, Alert::Kind::PortscanWarningsIncreased);
        QVERIFY2(c.alerts().last().detail.contains(QStringLiteral("17 -> 19 (1 of them only Docker's embedded DNS (expected))")),
                 qPrintable(c.alerts().last().detail));
    }

    void historyCountsOnlyRealWarnings()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("portscan.jsonl"));
        QByteArray text;
        for (int i = 0; i < 10; ++i)
            text += scan(QStringLiteral("2026-01-01T10:00:%1Z").arg(i * 5, 2, 10, QLatin1Char('0')), {kResolver}) + '\n';
        text += scan(QStringLiteral("2026-01-01T10:01:00Z"), {kResolver, kNc}) + '\n';
        text += scan(QStringLiteral("2026-01-01T10:01:05Z"), {}) + '\n';
        text += prettyWarning(QStringLiteral("2026-01-01T10:01:10Z"), QStringLiteral("0.0.0.0:6666"), QStringLiteral("sh"));
        QVERIFY(appendBytes(path, text));
        HistoryAggregate a;
        QString error;
        QVERIFY2(HistoryAggregate::compute(path, ReportKind::Portscan, &a, nullptr, {}, 2, &error), qPrintable(error));
        QCOMPARE(a.records, qint64(13));
        QCOMPARE(a.warnings, qint64(2));

        // The scan and the record reader agree record by record.
        const QByteArray nested = R"({"status":"warning","unexpected":[{"address":"127.0.0.11:1","process":"","x":{"address":"0.0.0.0:1"}},"odd"]})";
        ScannedFields f;
        QVERIFY(scanJsonRecord(nested.constData(), nested.constData() + nested.size(), f));
        QCOMPARE(f.unexpectedCount, 2);
        QCOMPARE(f.unknownUnexpected, 1);
        QVERIFY(PortScanResult::fromJson(record(ReportKind::Portscan, nested).object).isWarning());
    }
};

QTEST_GUILESS_MAIN(TestKnownListeners)
#include "test_known_listeners.moc"
