// Unit tests of the stats math (docker CLI formulas) on recorded cgroup v1 and v2 samples, and
// of the metrics ring buffer.
#include "core/docker/MetricsStore.h"
#include "core/docker/StatsSample.h"

#include "SandboxSourceDir.h"
#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

namespace {
QList<QJsonObject> samples(const QString& name)
{
    QList<QJsonObject> out;
    QFile f(QStringLiteral(SANDBOX_SOURCE_DIR "/tests/docker/fixtures/") + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    for (const QByteArray& line : f.readAll().split('\n')) {
        if (!line.trimmed().isEmpty())
            out.append(QJsonDocument::fromJson(line).object());
    }
    return out;
}

StatsSample at(qint64 ms, double cpu = 0)
{
    StatsSample s;
    s.msecs = ms;
    s.cpuPercent = cpu;
    return s;
}
} // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void cgroupV1RecordedSample()
    {
        const QList<QJsonObject> v1 = samples(QStringLiteral("stats_cgroup_v1.jsonl"));
        QCOMPARE(v1.size(), 2);
        StatsCounters c1, c2;
        const StatsSample a = computeStatsSample(v1[0], {}, &c1);
        const StatsSample b = computeStatsSample(v1[1], c1, &c2);
        QVERIFY(!a.ratesValid);
        QVERIFY(b.ratesValid);
        // Values the docker CLI formulas give for these two samples (checked by hand).
        QVERIFY(qAbs(a.cpuPercent - 0.509793305060458) < 1e-9);
        QVERIFY(qAbs(b.cpuPercent - 16.847949292929293) < 1e-9);
        QCOMPARE(a.memBytes, qint64(2424832)); // usage − total_inactive_file
        QCOMPARE(b.memBytes, qint64(2215936));
        QCOMPARE(b.memLimitBytes, qint64(268435456));
        QCOMPARE(b.pids, qint64(10));
        QCOMPARE(b.pidsLimit, qint64(512));
        QCOMPARE(b.netRxBps, 0.0);
        QCOMPARE(b.msecs - a.msecs, qint64(1007));
    }

    void cgroupV2Sample()
    {
        const QList<QJsonObject> v2 = samples(QStringLiteral("stats_cgroup_v2.jsonl"));
        StatsCounters c1, c2;
        const StatsSample a = computeStatsSample(v2[0], {}, &c1);
        const StatsSample b = computeStatsSample(v2[1], c1, &c2);
        QCOMPARE(a.cpuPercent, 50.0); // 0.5e9 / 4e9 × 4 CPUs × 100
        QCOMPARE(b.cpuPercent, 50.0);
        QCOMPARE(a.memBytes, qint64(200) * 1048576); // usage − inactive_file
        QCOMPARE(b.memBytes, qint64(210) * 1048576);
        QCOMPARE(b.memLimitBytes, qint64(1073741824));
        QVERIFY(qAbs(b.memPercent() - 210.0 / 1024.0 * 100.0) < 1e-9);
        QVERIFY(b.ratesValid);
        QCOMPARE(b.netRxBps, 100000.0); // two interfaces summed, over 2 s
        QCOMPARE(b.netTxBps, 20000.0);
        QCOMPARE(b.blkReadBps, 1048576.0);
        QCOMPARE(b.blkWriteBps, 2097152.0);
        QCOMPARE(b.pids, qint64(9));
    }

    void noSystemDeltaIsZeroCpu()
    {
        QJsonObject o = samples(QStringLiteral("stats_cgroup_v2.jsonl")).first();
        o.insert(QStringLiteral("precpu_stats"), QJsonObject());
        QJsonObject cpu = o.value(QStringLiteral("cpu_stats")).toObject();
        cpu.insert(QStringLiteral("system_cpu_usage"), 0);
        o.insert(QStringLiteral("cpu_stats"), cpu);
        QCOMPARE(statsCpuPercent(o), 0.0);
        QCOMPARE(statsMemoryUsage(QJsonObject{{QStringLiteral("usage"), 100}}), qint64(100));
    }

    void ringBufferWrapsAndWindows()
    {
        MetricsStore store(5);
        QSignalSpy added(&store, &MetricsStore::sampleAdded);
        QSignalSpy containers(&store, &MetricsStore::containersChanged);
        for (int i = 1; i <= 12; ++i)
            store.append(QStringLiteral("demo-llm"), QStringLiteral("llm"), at(i * 1000, i));
        QCOMPARE(added.size(), 12);
        QCOMPARE(containers.size(), 1);
        QCOMPARE(store.size(QStringLiteral("demo-llm")), 5);
        const QVector<StatsSample> all = store.window(QStringLiteral("demo-llm"));
        QCOMPARE(all.size(), 5);
        QCOMPARE(all.first().msecs, qint64(8000));
        QCOMPARE(all.last().msecs, qint64(12000));
        const QVector<StatsSample> recent = store.window(QStringLiteral("demo-llm"), 10500);
        QCOMPARE(recent.size(), 2);
        QCOMPARE(recent.first().cpuPercent, 11.0);
        QCOMPARE(store.latest(QStringLiteral("demo-llm")).cpuPercent, 12.0);
        QCOMPARE(store.serviceOf(QStringLiteral("demo-llm")), QStringLiteral("llm"));
        QVERIFY(store.window(QStringLiteral("nope")).isEmpty());
        QCOMPARE(store.latest(QStringLiteral("nope")).msecs, qint64(0));
        store.remove(QStringLiteral("demo-llm"));
        QVERIFY(store.containers().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMetrics)
#include "test_metrics.moc"
