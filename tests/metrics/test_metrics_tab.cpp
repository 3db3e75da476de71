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
