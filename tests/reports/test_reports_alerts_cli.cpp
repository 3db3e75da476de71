// sandbox-ctl reports --alerts: the alerts of the panel's own rules (core/reports) for the newest
// records, then as they come with --follow; time, level, rule, text. Docker's embedded DNS is no
// alert. And `reports` prints a process's command whole.
#include "CtlRun.h"
#include "ReportTestUtil.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray scan(int second, const QByteArray& more = {})
{
    return QStringLiteral("{\"timestamp\":\"2026-01-01T10:00:%1Z\",\"status\":\"warning\",\"expected_ports\":[\"3000\",\"7860\"],"
                          "\"unexpected\":[{\"address\":\"127.0.0.11:40305\",\"process\":\"\"}%2]}\n")
        .arg(second, 2, 10, QLatin1Char('0'))
        .arg(QString::fromUtf8(more))
        .toUtf8();
}
const QByteArray kNc = ",{\"address\":\"0.0.0.0:5555\",\"process\":\"users:((nc,pid=42,fd=3))\"}";
const QByteArray kPy = ",{\"address\":\"0.0.0.0:6666\",\"process\":\"users:((python3,pid=43,fd=3))\"}";
const QByteArray kLongCommand = "/home/agent/.opencode/bin/opencode serve --hostname 0.0.0.0 --port 3000";
} // namespace

class TestReportsAlertsCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString logs() const { return m_dir.filePath(QStringLiteral("projects/demo/logs")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(logs()));
        QVERIFY(writeDemoProjectEnv(m_dir.path()));
        QVERIFY(appendBytes(logs() + QStringLiteral("/portscan.jsonl"), scan(0) + scan(5) + scan(10) + scan(15, kNc) + scan(20, kNc)));
        QVERIFY(appendBytes(logs() + QStringLiteral("/resources.jsonl"),
                            "{\"timestamp\":\"2026-01-01T10:00:01Z\",\"mem_total_kb\":1000,\"mem_available_kb\":600,\"mem_used_pct\":40,\"process_count\":4,"
                            "\"top_processes\":[{\"user\":\"agent\",\"pid\":7,\"cpu\":1.0,\"mem\":3.5,\"command\":\""
                                + kLongCommand + "\"}]}\n"));
    }

    void alertsOfTheNewestRecordsInText()
    {
        const CtlRun r = CtlRun::run(m_dir.path(), {QStringLiteral("reports"), QStringLiteral("--alerts")});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        // Three scans of the resolver alone: nothing; the listener once, at its record's time.
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().startsWith(QStringLiteral("2026-01-01T10:00:15Z critical portscan_warning Unexpected listener 0.0.0.0:5555 "
                                                         "(users:((nc,pid=42,fd=3))): Port scan at")),
                 qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("127.0.0.11")));
    }

    void alertsAsJsonLines()
    {
        const CtlRun r = CtlRun::run(m_dir.path(), {QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--alerts")});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.trimmed().toUtf8()).object();
        QCOMPARE(o.value(QLatin1String("time")).toString(), QStringLiteral("2026-01-01T10:00:15Z"));
        QCOMPARE(o.value(QLatin1String("level")).toString(), QStringLiteral("critical"));
        QCOMPARE(o.value(QLatin1String("rule")).toString(), QStringLiteral("portscan_warning"));
        QCOMPARE(o.value(QLatin1String("text")).toString(), QStringLiteral("Unexpected listener 0.0.0.0:5555 (users:((nc,pid=42,fd=3)))"));
        QVERIFY(o.value(QLatin1String("record")).toObject().value(QLatin1String("file")).toString().endsWith(QLatin1String("portscan.jsonl")));
    }

    void followPrintsNewAlertsOnly()
    {
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH), {QStringLiteral("--sandbox"), m_dir.path(), QStringLiteral("--json"), QStringLiteral("reports"),
                                                   QStringLiteral("--alerts"), QStringLiteral("--follow")});
        QVERIFY(p.waitForStarted());
        QByteArray got;
        QTRY_VERIFY_WITH_TIMEOUT((got += p.readAllStandardOutput()).count('\n') >= 1, 10000);
        // The listener seen before stays (beside the resolver), then a new one: one new alert.
        QVERIFY(appendBytes(logs() + QStringLiteral("/portscan.jsonl"), scan(25, kNc) + scan(30, kNc + kPy)));
        QTRY_VERIFY_WITH_TIMEOUT((got += p.readAllStandardOutput()).count('\n') >= 2, 10000);
        const QList<QByteArray> lines = got.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        const QJsonObject o = QJsonDocument::fromJson(lines.at(1)).object();
        QCOMPARE(o.value(QLatin1String("time")).toString().size(), 20); // when it was raised, UTC
        QCOMPARE(o.value(QLatin1String("text")).toString(), QStringLiteral("Unexpected listener 0.0.0.0:6666 (users:((python3,pid=43,fd=3)))"));
        p.terminate();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
    }

    void commandsArePrintedWhole()
    {
        const CtlRun r = CtlRun::run(m_dir.path(), {QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("resources")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("top: ") + QString::fromUtf8(kLongCommand) + QStringLiteral(" (3.5%)")), qPrintable(r.out));
    }

    void helpNamesTheAlerts()
    {
        const CtlRun r = CtlRun::run(m_dir.path(), {QStringLiteral("--help")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QStringLiteral("reports [--alerts]")), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestReportsAlertsCli)
#include "test_reports_alerts_cli.moc"
