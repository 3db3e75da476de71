// Conformance: the demo workspace's monitors write what the real checkout's monitor-*.sh write.
// Both sets run in a container made from the demo image, under the workspace's controls, in one
// fixed scenario (run-monitors.sh: no listener, an expected one, an unexpected one); their
// reports are read with the product's readers (RecordSplitter, parseRecord, the record structs)
// and compared record by record: kinds, counts, lines per record, fields and their values
// (numbers and times masked where they depend on the moment).
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "core/reports/RecordSplitter.h"
#include "core/reports/ReportRecord.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include "SandboxSourceDir.h"
#include <unistd.h>

namespace {
const QString kDemo = QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox");

struct Reports {
    QHash<ReportKind, QList<ReportRecord>> records;
    QString error;
};

/// Runs the monitors of \a monitorsDir (a host folder) in the demo image; returns their reports.
Reports runMonitors(const QString& monitorsDir, const QString& tag)
{
    Reports out;
    QTemporaryDir logs;
    QFile::setPermissions(logs.path(), QFileDevice::Permissions(0x7777));
    const QString name = QStringLiteral("scp-conformance-%1-%2").arg(tag).arg(::getpid());
    const QString tests = QStringLiteral(SANDBOX_SOURCE_DIR "/tests/demo");
    QString output;
    const int code = runProgram(QStringLiteral("docker"),
                                {QStringLiteral("run"),
                                 QStringLiteral("--rm"),
                                 QStringLiteral("--name"),
                                 name,
                                 QStringLiteral("--network"),
                                 QStringLiteral("none"),
                                 QStringLiteral("--user"),
                                 QStringLiteral("1000:1000"),
                                 QStringLiteral("--read-only"),
                                 QStringLiteral("--tmpfs"),
                                 QStringLiteral("/tmp:size=16M,noexec,nodev,nosuid"),
                                 QStringLiteral("--cap-drop"),
                                 QStringLiteral("ALL"),
                                 QStringLiteral("--security-opt"),
                                 QStringLiteral("seccomp=") + kDemo + QStringLiteral("/config/seccomp-workspace.json"),
                                 QStringLiteral("--pids-limit"),
                                 QStringLiteral("512"),
                                 QStringLiteral("-v"),
                                 monitorsDir + QStringLiteral(":/opt/monitors:ro"),
                                 QStringLiteral("-v"),
                                 tests + QStringLiteral("/counting-sleep:/opt/shim/sleep:ro"),
                                 QStringLiteral("-v"),
                                 tests + QStringLiteral("/run-monitors.sh:/opt/run-monitors.sh:ro"),
                                 QStringLiteral("-v"),
                                 logs.path() + QStringLiteral(":/home/agent/projects/logs"),
                                 QStringLiteral("--entrypoint"),
                                 QStringLiteral("/bin/bash"),
                                 QStringLiteral("sandbox-demo-base:1"),
                                 QStringLiteral("/opt/run-monitors.sh"),
                                 QStringLiteral("/opt/monitors")},
                                &output, 120000);
    if (code != 0) {
        out.error = QStringLiteral("monitors of %1 failed (%2): %3").arg(monitorsDir).arg(code).arg(output);
        return out;
    }
    for (ReportKind kind : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        const QString path = logs.path() + QLatin1Char('/') + reportFileName(kind);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            out.error = QStringLiteral("%1 wrote no %2").arg(monitorsDir, reportFileName(kind));
            return out;
        }
        const QByteArray data = f.readAll();
        RecordSplitter splitter;
        QList<RawRecord> raws;
        splitter.feed(data.constData(), data.size(), raws);
        splitter.finish(raws);
        for (const RawRecord& raw : std::as_const(raws))
            out.records[kind] << parseRecord(raw, kind, path);
    }
    return out;
}

/// The record's text with times, numbers and pids masked: what must be byte-identical.
QString masked(QByteArray raw)
{
    QString s = QString::fromUtf8(raw);
    s.replace(QRegularExpression(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ")), QStringLiteral("TIME"));
    s.replace(QRegularExpression(QStringLiteral("pid=\\d+")), QStringLiteral("pid=N"));
    s.replace(QRegularExpression(QStringLiteral("(\"[a-z_]+\": ?)-?\\d+(\\.\\d+)?")), QStringLiteral("\\1N"));
    return s;
}

/// Keys of \a o with the JSON type of each value ("mem_used_pct:number", ...).
QStringList shape(const QJsonObject& o)
{
    QStringList out;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        out << it.key() + QLatin1Char(':')
                   + QLatin1String(v.isDouble()   ? "number"
                                   : v.isString() ? "string"
                                   : v.isArray()  ? "array"
                                   : v.isObject() ? "object"
                                                  : "other");
    }
    return out;
}
} // namespace

class TestMonitorConformance : public QObject {
    Q_OBJECT
    Reports m_ref, m_ours;

private Q_SLOTS:
    void initTestCase()
    {
        SANDBOX_REQUIRE_ENGINE();
        const QString refScripts = DemoSandbox::referenceDir(DemoSandbox::Source::ReferenceLatest) + QStringLiteral("/scripts");
        QVERIFY2(QFileInfo::exists(refScripts + QStringLiteral("/monitor-ports.sh")), qPrintable(refScripts));
        m_ref = runMonitors(refScripts, QStringLiteral("ref"));
        QVERIFY2(m_ref.error.isEmpty(), qPrintable(m_ref.error));
        m_ours = runMonitors(kDemo + QStringLiteral("/workspace"), QStringLiteral("ours"));
        QVERIFY2(m_ours.error.isEmpty(), qPrintable(m_ours.error));
    }

    void sameRecordCounts()
    {
        // 2 loops per scenario step; the summary's first record comes after its first sleep.
        QCOMPARE(m_ref.records.value(ReportKind::Portscan).size(), 6);
        QCOMPARE(m_ref.records.value(ReportKind::Resources).size(), 3);
        QCOMPARE(m_ref.records.value(ReportKind::Summary).size(), 1);
        for (ReportKind kind : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary})
            QCOMPARE(m_ours.records.value(kind).size(), m_ref.records.value(kind).size());
    }

    void everyRecordParses()
    {
        for (const Reports* r : {&m_ref, &m_ours})
            for (const QList<ReportRecord>& list : r->records)
                for (const ReportRecord& rec : list)
                    QVERIFY2(rec.ok(), qPrintable(rec.error + QLatin1Char(' ') + rec.displayText()));
    }

    void portscanRecordsIdentical()
    {
        const auto& ref = m_ref.records.value(ReportKind::Portscan);
        const auto& ours = m_ours.records.value(ReportKind::Portscan);
        QCOMPARE(ours.size(), ref.size());
        for (int i = 0; i < ref.size(); ++i) {
            // The quirk: with no listener the record is pretty-printed (9 lines), else compact.
            QCOMPARE(ours.at(i).lines, ref.at(i).lines);
            QCOMPARE(masked(ours.at(i).raw), masked(ref.at(i).raw));
            const PortScanResult a = PortScanResult::fromJson(ours.at(i).object), b = PortScanResult::fromJson(ref.at(i).object);
            QCOMPARE(a.status, b.status);
            QCOMPARE(a.expectedPorts, b.expectedPorts);
            QCOMPARE(a.unexpected.size(), b.unexpected.size());
            for (int j = 0; j < a.unexpected.size(); ++j)
                QCOMPARE(a.unexpected.at(j).address, b.unexpected.at(j).address);
        }
        QCOMPARE(ref.at(0).lines, 9);
        QCOMPARE(ref.at(2).lines, 1);
        QCOMPARE(PortScanResult::fromJson(ref.at(2).object).status, QStringLiteral("ok"));
        QCOMPARE(PortScanResult::fromJson(ref.at(4).object).status, QStringLiteral("warning"));
    }

    void resourceRecordsSameShape()
    {
        const auto& ref = m_ref.records.value(ReportKind::Resources);
        const auto& ours = m_ours.records.value(ReportKind::Resources);
        QCOMPARE(ours.size(), ref.size());
        static const QRegularExpression wholeFloat(QStringLiteral("\"(cpu|mem|mem_used_pct)\":-?\\d+\\.0[,}]"));
        for (int i = 0; i < ref.size(); ++i) {
            QCOMPARE(ours.at(i).lines, 1);
            QCOMPARE(shape(ours.at(i).object), shape(ref.at(i).object));
            // The same text up to the process list, and whole numbers printed without ".0".
            const QString a = masked(ours.at(i).raw), b = masked(ref.at(i).raw);
            QCOMPARE(a.left(a.indexOf(QLatin1String("\"top_processes\""))), b.left(b.indexOf(QLatin1String("\"top_processes\""))));
            QVERIFY2(!QString::fromUtf8(ours.at(i).raw).contains(wholeFloat), ours.at(i).raw.constData());
            QVERIFY2(!QString::fromUtf8(ref.at(i).raw).contains(wholeFloat), ref.at(i).raw.constData());
            const ResourceSnapshot sa = ResourceSnapshot::fromJson(ours.at(i).object);
            const ResourceSnapshot sb = ResourceSnapshot::fromJson(ref.at(i).object);
            QVERIFY(sa.memTotalKb > 0 && sa.memTotalKb == sb.memTotalKb);
            QVERIFY(!sa.topProcesses.isEmpty() && !sb.topProcesses.isEmpty());
            const QJsonArray ta = ours.at(i).object.value(QLatin1String("top_processes")).toArray();
            const QJsonArray tb = ref.at(i).object.value(QLatin1String("top_processes")).toArray();
            for (const QJsonValue& p : ta)
                QCOMPARE(shape(p.toObject()), shape(tb.first().toObject()));
        }
    }

    void summaryRecordsIdentical()
    {
        const ReportRecord a = m_ours.records.value(ReportKind::Summary).value(0);
        const ReportRecord b = m_ref.records.value(ReportKind::Summary).value(0);
        QCOMPARE(a.lines, 1);
        QCOMPARE(shape(a.object), shape(b.object));
        // process_count is the moment's and the listeners come in the kernel's order (compared
        // as sets below); everything else follows from the scenario.
        static const QRegularExpression listeners(QStringLiteral("\"listeners\":\\[[^]]*\\]"));
        QCOMPARE(masked(a.raw).replace(listeners, QStringLiteral("LISTENERS")), masked(b.raw).replace(listeners, QStringLiteral("LISTENERS")));
        SecuritySummary sa = SecuritySummary::fromJson(a.object), sb = SecuritySummary::fromJson(b.object);
        sa.listeners.sort();
        sb.listeners.sort();
        QCOMPARE(sb.portscanWarnings, qint64(2));
        QCOMPARE(sb.resourceSnapshots, qint64(3));
        QCOMPARE(sa.portscanWarnings, sb.portscanWarnings);
        QCOMPARE(sa.resourceSnapshots, sb.resourceSnapshots);
        QCOMPARE(sa.listeners, sb.listeners);
        QCOMPARE(sb.listeners.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestMonitorConformance)
#include "test_monitor_conformance.moc"
