// A writer appends 10,000 lines/s for 10 s (in pieces that split lines) while a ReportFollower
// follows: every sequence number must arrive exactly once, in order.
#include "ReportTestUtil.h"
#include "core/reports/ReportFollower.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <thread>
#include <vector>

class TestReportStress : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void tenThousandLinesPerSecond()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("resources.jsonl"));
        QVERIFY(appendBytes(path, {}));
        constexpr int kPerSecond = 10000, kSeconds = 10, kTotal = kPerSecond * kSeconds, kBatch = 50;

        ReportFollower follower(path, ReportKind::Resources, 1000, 0);
        std::vector<int> seen;
        seen.reserve(kTotal);
        qint64 bad = 0;
        bool opened = false;
        connect(&follower, &ReportFollower::recordsRead, this, [&](const QList<ReportRecord>& records, bool initial) {
            opened = opened || initial;
            for (const ReportRecord& r : records) {
                if (!r.ok())
                    ++bad;
                else
                    seen.push_back(r.object.value(QLatin1String("seq")).toInt(-1));
            }
        });
        follower.start();
        // The follower starts at the end of the file: write only once it has opened it.
        QTRY_VERIFY(opened);
        QCOMPARE(follower.counters().records, 0);

        std::atomic<bool> writeFailed{false};
        std::thread writer([&] {
            QFile f(path);
            if (!f.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Unbuffered)) {
                writeFailed = true;
                return;
            }
            QElapsedTimer clock;
            clock.start();
            for (int next = 0; next < kTotal;) {
                QByteArray chunk;
                for (int i = 0; i < kBatch; ++i)
                    chunk += resourceLine(next++);
                // Two writes that split a line: the follower must wait for its newline.
                const qsizetype cut = chunk.size() / 2 + 7;
                if (f.write(chunk.left(cut)) != cut || f.write(chunk.mid(cut)) != chunk.size() - cut) {
                    writeFailed = true;
                    return;
                }
                const qint64 due = static_cast<qint64>(next) * 1000 / kPerSecond;
                while (clock.elapsed() < due)
                    std::this_thread::yield();
            }
        });
        QTRY_VERIFY_WITH_TIMEOUT(static_cast<int>(seen.size()) >= kTotal || writeFailed, 40000);
        writer.join();
        QVERIFY(!writeFailed);
        QCOMPARE(bad, 0);
        QCOMPARE(static_cast<int>(seen.size()), kTotal);
        for (int i = 0; i < kTotal; ++i)
            QCOMPARE(seen[static_cast<size_t>(i)], i);
        follower.stop();
    }
};

QTEST_GUILESS_MAIN(TestReportStress)
#include "test_report_stress.moc"
