// The chart axes' pure logic (core/chart): nice steps of 1, 2, 5 × 10ⁿ, the top of the axis,
// label digits, binary units, wall-clock tick steps and the runs a gap in the samples splits.
#include "core/chart/NiceScale.h"
#include "core/chart/SampleRuns.h"

#include <QtTest>

#include <cmath>

class TestNiceScale : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void niceSteps_data()
    {
        QTest::addColumn<double>("rough");
        QTest::addColumn<double>("nice");
        QTest::newRow("1") << 1.0 << 1.0;
        QTest::newRow("1.01") << 1.01 << 2.0;
        QTest::newRow("2") << 2.0 << 2.0;
        QTest::newRow("3") << 3.0 << 5.0;
        QTest::newRow("7") << 7.0 << 10.0;
        QTest::newRow("15.92") << 15.92 << 20.0;
        QTest::newRow("718") << 718.0 << 1000.0;
        QTest::newRow("0.13") << 0.13 << 0.2;
        QTest::newRow("0.031") << 0.031 << 0.05;
    }
    void niceSteps()
    {
        QFETCH(double, rough);
        QFETCH(double, nice);
        QCOMPARE(NiceScale::niceStep(rough), nice);
    }

    void scaleOfSeenValues()
    {
        // The labels the issue saw: 79.6 as a top tick, 3.59e+03 as a label.
        const NiceScale cpu = NiceScale::forMax(79.6);
        QCOMPARE(cpu.step, 20.0);
        QCOMPARE(cpu.max, 80.0);
        QCOMPARE(cpu.ticks, 5);
        QCOMPARE(cpu.label(4, QStringLiteral("%")), QStringLiteral("80 %"));
        const NiceScale big = NiceScale::forMax(3590);
        QCOMPARE(big.step, 1000.0);
        QCOMPARE(big.max, 4000.0);
        QCOMPARE(big.label(3, QStringLiteral("MiB")), QStringLiteral("3000 MiB"));
        const NiceScale small = NiceScale::forMax(2.3);
        QCOMPARE(small.step, 0.5);
        QCOMPARE(small.max, 2.5);
        QCOMPARE(small.ticks, 6);
        QCOMPARE(small.decimals, 1);
        QCOMPARE(small.label(3, QStringLiteral("KiB/s")), QStringLiteral("1.5 KiB/s"));
        QCOMPARE(NiceScale::forMax(0.07).label(1, {}), QStringLiteral("0.02"));
    }

    void topIsAtOrAboveTheData()
    {
        for (double v : {0.001, 0.9, 1.0, 5.0, 9.99, 10.0, 12.0, 99.0, 100.0, 101.0, 1234.5, 1e7}) {
            const NiceScale s = NiceScale::forMax(v);
            QVERIFY2(s.max >= v, qPrintable(QString::number(v)));
            QVERIFY2(s.ticks - 1 <= 5 && s.ticks >= 2, qPrintable(QString::number(v)));
            const double mantissa = s.step / std::pow(10.0, std::floor(std::log10(s.step)));
            QVERIFY2(qFuzzyCompare(mantissa, 1.0) || qFuzzyCompare(mantissa, 2.0) || qFuzzyCompare(mantissa, 5.0), qPrintable(QString::number(s.step)));
        }
    }

    void noDataAndCounts()
    {
        const NiceScale none = NiceScale::forMax(0);
        QCOMPARE(none.max, 1.0);
        QCOMPARE(none.ticks, 2);
        // Processes are whole: 3 PIDs never gives a 0.5 step.
        const NiceScale pids = NiceScale::forMax(3, 5, 1);
        QCOMPARE(pids.step, 1.0);
        QCOMPARE(pids.max, 3.0);
        QCOMPARE(pids.decimals, 0);
        QCOMPARE(NiceScale::forMax(0, 5, 1).max, 1.0);
    }

    void binaryUnits()
    {
        QCOMPARE(ByteUnit::forMax(500).name, QStringLiteral("B"));
        QCOMPARE(ByteUnit::forMax(2048, QStringLiteral("/s")).name, QStringLiteral("KiB/s"));
        QCOMPARE(ByteUnit::forMax(40.0 * 1048576).name, QStringLiteral("MiB"));
        const ByteUnit gib = ByteUnit::forMax(3590.0 * 1048576);
        QCOMPARE(gib.name, QStringLiteral("GiB"));
        QCOMPARE(gib.divisor, 1073741824.0);
    }

    void timeSteps()
    {
        QCOMPARE(niceTimeStepMs(60 * 1000), 10 * 1000);
        QCOMPARE(niceTimeStepMs(300 * 1000), 60 * 1000);
        QCOMPARE(niceTimeStepMs(900 * 1000), 300 * 1000);
        QCOMPARE(niceTimeStepMs(3600 * 1000), 600 * 1000);
    }

    void gapsSplitRuns()
    {
        QList<QPointF> points;
        for (int i = 0; i < 10; ++i)
            points << QPointF(1000.0 * i, i);
        for (int i = 0; i < 5; ++i)
            points << QPointF(60000.0 + 1000.0 * i, i);
        const auto runs = splitAtGaps(points, 3000);
        QCOMPARE(runs.size(), 2);
        QCOMPARE(runs[0].size(), 10);
        QCOMPARE(runs[1].first().x(), 60000.0);
        QCOMPARE(splitAtGaps(points.mid(0, 10), 3000).size(), 1);
        QVERIFY(splitAtGaps({}, 3000).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNiceScale)
#include "test_nice_scale.moc"
