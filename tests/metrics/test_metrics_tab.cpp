#include "core/docker/MetricsCsv.h"
#include "core/docker/MetricsStore.h"
#include "ui/metrics/MetricChart.h"
#include "ui/metrics/MetricsTab.h"

#include <QComboBox>
#include <QDateTime>
#include <QPushButton>
#include <QtTest>

namespace {
StatsSample sample(qint64 msecs, double cpu, qint64 mem)
{
    StatsSample s;
    s.msecs = msecs;
    s.cpuPercent = cpu;
    s.memBytes = mem;
    s.memLimitBytes = 256 << 20;
    s.netRxBps = 2048;
    s.netTxBps = 1024;
    s.pids = 7;
    s.ratesValid = true;
    return s;
}
} // namespace

class TestMetricsTab : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void chartsRedrawFromRingBufferAtMostOncePerInterval()
    {
        MetricsStore store(900);
        MetricsTab tab(store, nullptr, 200);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        const int before = tab.redrawCount();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // A synthetic stream: 120 samples for each of two containers, delivered in a burst.
        for (int i = 0; i < 120; ++i) {
            store.append(QStringLiteral("demo-workspace"), QStringLiteral("workspace"), sample(now - (119 - i) * 1000, 12.5, 40 << 20));
            store.append(QStringLiteral("demo-llm"), QStringLiteral("llm-backend"), sample(now - (119 - i) * 1000, 3.0, 10 << 20));
        }
        MetricChart* cpu = tab.chart(QStringLiteral("chartCpu"));
        QVERIFY(cpu);
        QTRY_COMPARE(cpu->seriesCount(), 2);
        // 240 samples arrived, but the charts were redrawn only a few times (timer-driven).
        QVERIFY2(tab.redrawCount() - before <= 3, qPrintable(QString::number(tab.redrawCount() - before)));
        // The default 5 min window keeps all 120 points; 1 min keeps only the last ~60.
        QCOMPARE(cpu->pointCount(QStringLiteral("demo-workspace")), 120);
        QCOMPARE(tab.chart(QStringLiteral("chartNetwork"))->seriesCount(), 4); // rx and tx per container
        // Legends drop the shared "demo-" prefix so they fit.
        QCOMPARE(tab.chart(QStringLiteral("chartNetwork"))->seriesLabel(QStringLiteral("demo-workspace rx")), QStringLiteral("workspace rx"));
        QCOMPARE(cpu->seriesLabel(QStringLiteral("demo-llm")), QStringLiteral("llm"));
        auto* window = tab.findChild<QComboBox*>(QStringLiteral("metricsWindow"));
        window->setCurrentIndex(0);
        QVERIFY(cpu->pointCount(QStringLiteral("demo-workspace")) <= 61);
        QVERIFY(cpu->pointCount(QStringLiteral("demo-workspace")) >= 59);

        // Paused: new samples do not redraw.
        auto* pause = tab.findChild<QPushButton*>(QStringLiteral("metricsPause"));
        QTest::mouseClick(pause, Qt::LeftButton);
        const int pausedAt = tab.redrawCount();
        store.append(QStringLiteral("demo-new"), QStringLiteral("workspace"), sample(now, 1, 1));
        // Several redraw ticks pass while paused, and none of them redraws.
        QSignalSpy ticks(tab.findChild<QTimer*>(QStringLiteral("metricsRedrawTimer")), &QTimer::timeout);
        QVERIFY(ticks.isValid());
        QTRY_VERIFY(ticks.count() >= 3);
        QCOMPARE(tab.redrawCount(), pausedAt);
        QTest::mouseClick(pause, Qt::LeftButton);
        QTRY_COMPARE(cpu->seriesCount(), 3);
        tab.resize(1100, 700);
        tab.grab().save(QStringLiteral("/tmp/metrics-tab-synthetic.png"));
    }

    void axesHaveTimeAndNiceTicksWithUnits()
    {
        MetricsStore store(900);
        MetricsTab tab(store, nullptr, 100);
        tab.resize(1280, 800);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        for (int i = 0; i < 60; ++i) {
            StatsSample s = sample(now - (59 - i) * 1000, i == 30 ? 79.6 : 10.0, qint64(3590) << 20);
            s.netRxBps = 2.3 * 1024;
            s.pids = 3;
            store.append(QStringLiteral("demo-workspace"), QStringLiteral("workspace"), s);
        }
        tab.redraw();
        MetricChart* cpu = tab.chart(QStringLiteral("chartCpu"));
        // Before: "%.3g" labels on a range of max × 1.15 ("91.5", "3.59e+03").
        QCOMPARE(cpu->yTickLabels(), QStringList({"0 %", "20 %", "40 %", "60 %", "80 %"}));
        QCOMPARE(tab.chart(QStringLiteral("chartMemory"))->yTickLabels(), QStringList({"0 GiB", "1 GiB", "2 GiB", "3 GiB", "4 GiB"}));
        QCOMPARE(tab.chart(QStringLiteral("chartNetwork"))->yTickLabels(),
                 QStringList({"0.0 KiB/s", "0.5 KiB/s", "1.0 KiB/s", "1.5 KiB/s", "2.0 KiB/s", "2.5 KiB/s"}));
        QCOMPARE(tab.chart(QStringLiteral("chartPids"))->yTickLabels(), QStringList({"0 PIDs", "1 PIDs", "2 PIDs", "3 PIDs"}));
        // A wall-clock time axis with a title, ticks on whole steps covering the 5 min window.
        QCOMPARE(cpu->timeAxisTitle(), QStringLiteral("Time (local)"));
        const QList<qint64> ticks = cpu->timeTicks();
        QVERIFY(ticks.size() >= 3);
        QVERIFY(ticks.first() <= now - 300 * 1000 && ticks.last() >= now);
        for (qint64 t : ticks)
            QCOMPARE(t % 60000, 0);
        tab.grab().save(QStringLiteral("/tmp/metrics-tab-axes.png"));
    }

    void outageBreaksTheLine()
    {
        MetricsStore store(900);
        MetricsTab tab(store, nullptr, 100);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // 60 s of samples, an engine outage of 90 s (none), then 30 s more.
        for (int i = 0; i < 60; ++i)
            store.append(QStringLiteral("demo-workspace"), QStringLiteral("workspace"), sample(now - (179 - i) * 1000, 20, 40 << 20));
        for (int i = 150; i < 180; ++i)
            store.append(QStringLiteral("demo-workspace"), QStringLiteral("workspace"), sample(now - (179 - i) * 1000, 60, 80 << 20));
        tab.redraw();
        MetricChart* cpu = tab.chart(QStringLiteral("chartCpu"));
        QCOMPARE(cpu->pointCount(QStringLiteral("demo-workspace")), 90);
        QCOMPARE(cpu->segmentCount(QStringLiteral("demo-workspace")), 2); // no line across the outage
        QCOMPARE(tab.chart(QStringLiteral("chartNetwork"))->segmentCount(QStringLiteral("demo-workspace rx")), 2);
        QCOMPARE(cpu->seriesCount(), 1); // one legend entry, not one per run
        // Samples again without a gap: one line.
        store.clear();
        for (int i = 0; i < 60; ++i)
            store.append(QStringLiteral("demo-workspace"), QStringLiteral("workspace"), sample(now - (59 - i) * 1000, 20, 40 << 20));
        tab.redraw();
        QCOMPARE(cpu->segmentCount(QStringLiteral("demo-workspace")), 1);
    }

    void csvHasOneRowPerSample()
    {
        MetricsStore store(10);
        for (int i = 0; i < 15; ++i)
            store.append(QStringLiteral("c1"), QStringLiteral("workspace"), sample(1000 * (i + 1), i, i));
        const QList<QByteArray> lines = MetricsCsv::format(store).trimmed().split('\n');
        QCOMPARE(lines.size(), 11); // header + capacity (ring buffer dropped the oldest 5)
        QVERIFY(lines[0].startsWith("timestamp,container,service,cpu_percent"));
        QVERIFY(lines[1].contains(",c1,workspace,5.00,"));
    }
};

QTEST_MAIN(TestMetricsTab)
#include "test_metrics_tab.moc"
