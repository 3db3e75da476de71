// Reports written by a hostile agent: terminal escapes never reach the terminal, widgets or
// alerts raw (defect 7); a FIFO or a directory in place of a report is an error, not a hang or
// "no ... yet" (defect 8, Low); a report rewritten in place is followed from its new start
// (defect 9); `--json` output is always valid JSON (Low).
#include "ReportTestUtil.h"

#include "core/reports/AlertRules.h"
#include "core/reports/FileFollower.h"

#include <QDir>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "SandboxTestPaths.h"
#include <sys/stat.h>

namespace {
// A title-setting OSC, an erase-line CSI and a bidi override, JSON-escaped (valid JSON) ...
const QByteArray kEscaped = R"({"timestamp":"2026-01-01T10:00:01Z","status":"warning","expected_ports":["3000"],)"
                            R"("unexpected":[{"address":"0.0.0.0:5555","process":"nc\u001b]0;pwned\u0007\u001b[2K\u202e"}]})"
                            "\n";
// ... and raw control bytes inside a string (tolerated by the parser, not valid JSON).
const QByteArray kRaw = "{\"timestamp\":\"2026-01-01T10:00:02Z\",\"status\":\"warning\",\"expected_ports\":[\"3000\"],"
                        "\"unexpected\":[{\"address\":\"0.0.0.0:6666\",\"process\":\"sh\x1b[1A\x1b[2K\x07\"}]}\n";

bool hasControlBytes(const QByteArray& b, bool allowNewline)
{
    for (const char c : b)
        if (static_cast<unsigned char>(c) < 0x20 && !(allowNewline && c == '\n'))
            return true;
    return false;
}
} // namespace

class TestReportsHostile : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString logs() const { return m_dir.filePath(QStringLiteral("projects/demo/logs")); }
    int ctl(const QStringList& args, QByteArray* out, QByteArray* err)
    {
        QProcess p;
        p.start(qEnvironmentVariable("SANDBOX_CTL_UNDER_TEST", QStringLiteral(SANDBOX_CTL_PATH)),
                QStringList{QStringLiteral("--sandbox"), m_dir.path()} + args);
        p.closeWriteChannel();
        if (!p.waitForFinished(20000)) {
            p.kill();
            p.waitForFinished();
            return -1;
        }
        *out = p.readAllStandardOutput();
        *err = p.readAllStandardError();
        return p.exitCode();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(logs()));
        QVERIFY(writeDemoProjectEnv(m_dir.path()));
        QVERIFY(appendBytes(logs() + QStringLiteral("/portscan.jsonl"), kEscaped + kRaw));
    }

    // Defect 7: process names from inside the sandbox were printed raw by text-mode `reports`.
    void terminalEscapesPrintedRaw()
    {
        QByteArray out, err;
        QCOMPARE(ctl({QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("portscan")}, &out, &err), 0);
        QCOMPARE(out.count('\n'), 2);
        QVERIFY2(!hasControlBytes(out, true), out.constData());
        QVERIFY2(out.contains("nc\\x1b]0;pwned\\x07\\x1b[2K\\u{202e}"), out.constData());
        QVERIFY2(out.contains("sh\\x1b[1A\\x1b[2K\\x07"), out.constData());
    }

    // Low: `--json reports` passed through lines with raw control bytes in strings.
    void jsonReportsNotValidJson()
    {
        QByteArray out, err;
        QCOMPARE(ctl({QStringLiteral("--json"), QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("portscan")}, &out, &err), 0);
        const QList<QByteArray> lines = out.trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        for (const QByteArray& line : lines) {
            QVERIFY2(!hasControlBytes(line, false), line.constData());
            QJsonParseError e{};
            QVERIFY(QJsonDocument::fromJson(line, &e).isObject());
        }
        // The content is kept: the escapes are JSON escapes of the same characters.
        const QJsonObject o = QJsonDocument::fromJson(lines.at(1)).object();
        QVERIFY(o.value(QLatin1String("unexpected")).toArray().at(0).toObject().value(QLatin1String("process")).toString().contains(QChar(0x1b)));
    }

    // Defect 7 (widgets, tooltips, notifications): the typed fields and the alert texts are
    // escaped at their one source.
    void escapesReachWidgetsAndNotifications()
    {
        for (const QByteArray& json : {kEscaped, kRaw}) {
            RawRecord raw;
            raw.bytes = json.trimmed();
            const ReportRecord r = parseRecord(raw, ReportKind::Portscan, QStringLiteral("/logs/portscan.jsonl"));
            QVERIFY(r.ok());
            const PortScanResult p = PortScanResult::fromJson(r.object);
            QVERIFY(!hasControlBytes(p.unexpected.first().process.toUtf8(), false));
            QVERIFY(!r.visibleJson().toUtf8().contains('\x1b'));
            QVERIFY(!recordSummary(r).toUtf8().contains('\x1b'));
            AlertCenter center;
            AlertRules rules(center, 90);
            rules.onRecords({r}, false, QDateTime::currentDateTimeUtc());
            QVERIFY(!center.alerts().isEmpty());
            for (const Alert& a : center.alerts()) {
                QVERIFY2(!hasControlBytes(a.title.toUtf8(), false), qPrintable(a.title));
                QVERIFY2(!hasControlBytes(a.detail.toUtf8(), false) && !a.detail.contains(QChar(0x202e)), qPrintable(a.detail));
            }
        }
    }

    // Defect 8: a FIFO in the logs folder hung `reports` in open().
    void fifoInLogsHangsReports()
    {
        const QString fifo = logs() + QStringLiteral("/resources.jsonl");
        QFile::remove(fifo);
        QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
        QByteArray out, err;
        QElapsedTimer t;
        t.start();
        const int code = ctl({QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("resources")}, &out, &err);
        QFile::remove(fifo);
        QVERIFY2(code != -1, "reports hung on a FIFO");
        QVERIFY(t.elapsed() < 10000);
        QCOMPARE(code, 5);
        QVERIFY2(err.contains("FIFO"), err.constData());
    }

    // Low: a report path that is a directory said "no ... yet" with exit 0.
    void directoryReportSaysNoneYet()
    {
        const QString dir = logs() + QStringLiteral("/security_summary.jsonl");
        QVERIFY(QDir().mkpath(dir));
        QByteArray out, err;
        const int code = ctl({QStringLiteral("reports"), QStringLiteral("--kind"), QStringLiteral("summary")}, &out, &err);
        QDir(dir).removeRecursively();
        QCOMPARE(code, 5);
        QVERIFY2(err.contains("directory") && !err.contains("yet"), err.constData());
    }

    // Defect 9: a report rewritten in place was flagged, but its new records were never shown.
    void rewrittenReportNewRecordsNeverShown()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("resources.jsonl"));
        QByteArray old;
        for (int i = 0; i < 20; ++i)
            old += resourceLine(i);
        QVERIFY(appendBytes(path, old));
        FileFollower f(path, ReportKind::Resources);
        QCOMPARE(f.open(20).records.size(), 20);
        // Rewritten in place (same inode, no truncation) with newer, longer records.
        QByteArray fresh;
        for (int i = 0; i < 25; ++i)
            fresh += resourceLine(1000 + i, 40.0, 11);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadWrite));
        QCOMPARE(file.write(fresh), fresh.size());
        file.close();
        const FileFollower::Batch b = f.poll();
        bool alerted = false;
        for (const FollowerEvent& e : b.events)
            alerted = alerted || e.type == FollowerEvent::Type::Rewritten;
        QVERIFY(alerted);
        QStringList seqs;
        for (const ReportRecord& r : b.records)
            seqs << QString::number(r.object.value(QLatin1String("seq")).toInt());
        for (int i = 0; i < 25; ++i)
            QVERIFY2(seqs.contains(QString::number(1000 + i)), qPrintable(seqs.join(u',')));
        // And it keeps following after the alert.
        QVERIFY(appendBytes(path, resourceLine(2000, 40.0, 12)));
        QCOMPARE(f.poll().records.size(), 1);
    }
};

QTEST_GUILESS_MAIN(TestReportsHostile)
#include "test_reports_hostile.moc"
