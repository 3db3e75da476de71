// FileFollower and ReportFollower: every case a JSONL report can present (files written here).
#include "ReportTestUtil.h"
#include "core/reports/FileFollower.h"
#include "core/reports/ReportFollower.h"

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestReportFollower : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString file(const char* name) const { return m_dir.filePath(QString::fromLatin1(name)); }
    static QList<int> seqs(const QList<ReportRecord>& records)
    {
        QList<int> out;
        for (const ReportRecord& r : records)
            out << r.object.value(QLatin1String("seq")).toInt(-1);
        return out;
    }
    static bool hasEvent(const FileFollower::Batch& b, FollowerEvent::Type t)
    {
        for (const FollowerEvent& e : b.events)
            if (e.type == t)
                return true;
        return false;
    }

private Q_SLOTS:
    void newestRecordsFromTheEnd()
    {
        const QString path = file("tail.jsonl");
        QByteArray all;
        for (int i = 0; i < 20000; ++i)
            all += resourceLine(i);
        QVERIFY(appendBytes(path, all));
        FileFollower f(path, ReportKind::Resources);
        const auto batch = f.open(100);
        QCOMPARE(batch.records.size(), 100);
        QCOMPARE(seqs(batch.records).first(), 19900);
        QCOMPARE(seqs(batch.records).last(), 19999);
        // Only the tail was read: the start offset is near the end, not 0.
        QVERIFY(batch.records.first().offset > all.size() - 100 * resourceLine(0).size() - 2000);
        QCOMPARE(f.position(), all.size());
        QVERIFY(appendBytes(path, resourceLine(20000)));
        QCOMPARE(seqs(f.poll().records), QList<int>{20000});
    }

    void fewerRecordsThanAsked()
    {
        const QString path = file("few.jsonl");
        QVERIFY(appendBytes(path, resourceLine(0) + resourceLine(1)));
        FileFollower f(path, ReportKind::Resources);
        QCOMPARE(seqs(f.open(50).records), (QList<int>{0, 1}));
    }

    void lastLineStillBeingWritten()
    {
        const QString path = file("partial.jsonl");
        const QByteArray line = resourceLine(2);
        QVERIFY(appendBytes(path, resourceLine(1) + line.left(30)));
        FileFollower f(path, ReportKind::Resources);
        QCOMPARE(seqs(f.open(10).records), QList<int>{1});
        QVERIFY(appendBytes(path, line.mid(30, 20)));
        QVERIFY(f.poll().records.isEmpty());
        QVERIFY(appendBytes(path, line.mid(50, line.size() - 51))); // everything but the newline
        QVERIFY(f.poll().records.isEmpty());
        QVERIFY(appendBytes(path, "\n"));
        const auto b = f.poll();
        QCOMPARE(seqs(b.records), QList<int>{2});
        QVERIFY(b.records.first().ok());
    }

    void crlfLines()
    {
        const QString path = file("crlf.jsonl");
        QByteArray l1 = resourceLine(1), l2 = resourceLine(2);
        l1.chop(1);
        l2.chop(1);
        QVERIFY(appendBytes(path, l1 + "\r\n" + l2 + "\r\n"));
        FileFollower f(path, ReportKind::Resources);
        const auto b = f.open(10);
        QCOMPARE(seqs(b.records), (QList<int>{1, 2}));
        QVERIFY(!b.records.at(0).raw.endsWith('\r'));
        QCOMPARE(f.counters().malformed, 0);
    }

    void compactJsonStaysOneLine()
    {
        // Found by fuzz_records: a raw newline or tab inside a string, which the JSON parser
        // tolerates, must come out escaped so the compact form is still one line.
        RawRecord raw;
        raw.bytes = QByteArray("{\n  \"timestamp\": \"2026-01-01T10:00:00Z\",\n  \"note\": \"a\nb\tc\\\"\"\n}");
        raw.lines = 4;
        const ReportRecord r = parseRecord(raw, ReportKind::Portscan, QStringLiteral("/x.jsonl"));
        QVERIFY2(r.ok(), qPrintable(r.error));
        const QByteArray compact = r.compactJson();
        QVERIFY2(!compact.contains('\n') && !compact.contains('\t'), compact.constData());
        const QJsonObject back = QJsonDocument::fromJson(compact).object();
        QCOMPARE(back.value(QLatin1String("note")).toString(), QStringLiteral("a\nb\tc\""));
    }

    void prettyPrintedRecords()
    {
        const QString path = file("portscan.jsonl");
        QByteArray text = R"({"timestamp":"2026-01-01T10:00:00Z","status":"ok","expected_ports":["3000"],"unexpected":[]})"
                          "\n";
        text += prettyWarning(QStringLiteral("2026-01-01T10:00:05Z"), QStringLiteral("0.0.0.0:5555"), QStringLiteral("nc"));
        text += R"({"timestamp":"2026-01-01T10:00:10Z","status":"ok","expected_ports":["3000"],"unexpected":[]})"
                "\n";
        QVERIFY(appendBytes(path, text));
        FileFollower f(path, ReportKind::Portscan);
        const auto b = f.open(10);
        QCOMPARE(b.records.size(), 3);
        const ReportRecord& w = b.records.at(1);
        QVERIFY2(w.ok(), qPrintable(w.error));
        QCOMPARE(w.lines, 6);
        const PortScanResult p = PortScanResult::fromJson(w.object);
        QVERIFY(p.isWarning());
        QCOMPARE(p.unexpected.first().address, QStringLiteral("0.0.0.0:5555"));
        QVERIFY(!w.compactJson().contains('\n'));
        // A multi-line record at the very end, arriving in pieces, is reassembled.
        const QByteArray more = prettyWarning(QStringLiteral("2026-01-01T10:00:15Z"), QStringLiteral("0.0.0.0:6666"), QStringLiteral("sh"));
        QVERIFY(appendBytes(path, more.left(40)));
        QVERIFY(f.poll().records.isEmpty());
        QVERIFY(appendBytes(path, more.mid(40)));
        const auto b2 = f.poll();
        QCOMPARE(b2.records.size(), 1);
        QCOMPARE(PortScanResult::fromJson(b2.records.first().object).unexpected.first().address, QStringLiteral("0.0.0.0:6666"));
        // Opening at the end counts a multi-line record once.
        FileFollower g(path, ReportKind::Portscan);
        const auto b3 = g.open(2);
        QCOMPARE(b3.records.size(), 2);
        QVERIFY(b3.records.at(0).ok() && b3.records.at(1).ok());
        QCOMPARE(b3.records.at(1).lines, 6);
    }

    void brokenRecordDoesNotSwallowTheNext()
    {
        const QString path = file("broken.jsonl");
        QVERIFY(appendBytes(path, QByteArray("{\"timestamp\": \"x\", \"unfinished\": [1, 2\n") + resourceLine(7)));
        FileFollower f(path, ReportKind::Resources);
        const auto b = f.open(10);
        QCOMPARE(b.records.size(), 2);
        QCOMPARE(b.records.at(0).status, ReportRecord::Status::Malformed);
        QCOMPARE(seqs(b.records).last(), 7);
    }

    void oversizeLinesSkippedAndCounted()
    {
        const QString path = file("huge.jsonl");
        const QByteArray huge = "{\"timestamp\":\"2026-01-01T00:00:00Z\",\"pad\":\"" + QByteArray(5000, 'x') + "\"}\n";
        QVERIFY(appendBytes(path, resourceLine(1) + huge + resourceLine(2)));
        FileFollower f(path, ReportKind::Resources, 1000);
        const auto b = f.open(10);
        QCOMPARE(b.records.size(), 3);
        QCOMPARE(b.records.at(1).status, ReportRecord::Status::Oversize);
        QVERIFY(b.records.at(1).raw.size() <= RecordSplitter::kPreviewBytes);
        QCOMPARE(f.counters().oversize, 1);
        QCOMPARE(seqs(b.records).last(), 2);
    }

    void malformedAndNotUtf8Kept()
    {
        const QString path = file("bad.jsonl");
        QVERIFY(appendBytes(path, QByteArray("this is not json\n{\"a\": tru}\n{\"text\":\"caf\xe9\"}\n[1,2]\n") + resourceLine(3)));
        FileFollower f(path, ReportKind::Resources);
        const auto b = f.open(10);
        QCOMPARE(b.records.size(), 5);
        QCOMPARE(b.records.at(0).status, ReportRecord::Status::Malformed);
        QCOMPARE(b.records.at(0).displayText(), QStringLiteral("this is not json"));
        QCOMPARE(b.records.at(1).status, ReportRecord::Status::Malformed);
        QCOMPARE(b.records.at(2).status, ReportRecord::Status::NotUtf8);
        QVERIFY(b.records.at(2).raw.contains("caf\xe9"));
        QCOMPARE(b.records.at(3).status, ReportRecord::Status::Malformed); // not an object
        QVERIFY(b.records.at(4).ok());
        QCOMPARE(f.counters().malformed, 3);
        QCOMPARE(f.counters().notUtf8, 1);
        QCOMPARE(f.counters().skipped(), 4);
    }

    void truncationStartsOver()
    {
        const QString path = file("trunc.jsonl");
        QVERIFY(appendBytes(path, resourceLine(1) + resourceLine(2)));
        FileFollower f(path, ReportKind::Resources);
        f.open(10);
        QFile(path).resize(0);
        auto b = f.poll();
        QVERIFY(hasEvent(b, FollowerEvent::Type::Truncated));
        QVERIFY(!hasEvent(b, FollowerEvent::Type::Rewritten));
        QVERIFY(appendBytes(path, resourceLine(3)));
        QCOMPARE(seqs(f.poll().records), QList<int>{3});
    }

    void truncatedAndRefilledBeforeThePoll()
    {
        const QString path = file("refill.jsonl");
        QVERIFY(appendBytes(path, resourceLine(1) + resourceLine(2) + resourceLine(3)));
        FileFollower f(path, ReportKind::Resources);
        f.open(10);
        QFile(path).resize(0);
        QVERIFY(appendBytes(path, resourceLine(4)));
        const auto b = f.poll();
        QVERIFY(hasEvent(b, FollowerEvent::Type::Truncated));
        QVERIFY(!hasEvent(b, FollowerEvent::Type::Rewritten));
        QCOMPARE(seqs(b.records), QList<int>{4});
    }

    void rotationFinishesOldThenFollowsNew()
    {
        const QString path = file("rot.jsonl");
        QVERIFY(appendBytes(path, resourceLine(1)));
        FileFollower f(path, ReportKind::Resources);
        f.open(10);
        QVERIFY(QFile::rename(path, path + QStringLiteral(".1")));
        QVERIFY(appendBytes(path + QStringLiteral(".1"), resourceLine(2))); // late write to the old file
        QVERIFY(appendBytes(path, resourceLine(3) + resourceLine(4)));
        const auto b = f.poll();
        QVERIFY(hasEvent(b, FollowerEvent::Type::Rotated));
        QCOMPARE(seqs(b.records), (QList<int>{2, 3, 4}));
        QCOMPARE(b.records.at(0).file, path);
        QVERIFY(appendBytes(path, resourceLine(5)));
        QCOMPARE(seqs(f.poll().records), QList<int>{5});
    }

    void deletionAndRecreation()
    {
        const QString path = file("del.jsonl");
        QVERIFY(appendBytes(path, resourceLine(1)));
        FileFollower f(path, ReportKind::Resources);
        f.open(10);
        QVERIFY(QFile::remove(path));
        QVERIFY(hasEvent(f.poll(), FollowerEvent::Type::Deleted));
        QVERIFY(f.poll().events.isEmpty()); // reported once
        QVERIFY(appendBytes(path, resourceLine(2)));
        const auto b = f.poll();
        QVERIFY(hasEvent(b, FollowerEvent::Type::Created));
        QCOMPARE(seqs(b.records), QList<int>{2});
    }

    void missingAtStart()
    {
        const QString path = file("later.jsonl");
        FileFollower f(path, ReportKind::Resources);
        QVERIFY(hasEvent(f.open(10), FollowerEvent::Type::Missing));
        QVERIFY(f.poll().records.isEmpty());
        QVERIFY(appendBytes(path, resourceLine(9)));
        QCOMPARE(seqs(f.poll().records), QList<int>{9});
    }

    void threadedFollowerDeliversAppends()
    {
        const QString path = file("live.jsonl");
        QVERIFY(appendBytes(path, resourceLine(1)));
        ReportFollower follower(path, ReportKind::Resources, 60000, 10); // timer too slow: the watcher must do it
        QSignalSpy spy(&follower, &ReportFollower::recordsRead);
        follower.start();
        QTRY_COMPARE(spy.size(), 1);
        QCOMPARE(spy.at(0).at(1).toBool(), true);
        QCOMPARE(spy.at(0).at(0).value<QList<ReportRecord>>().size(), 1);
        QVERIFY(appendBytes(path, resourceLine(2)));
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
        const auto records = spy.at(1).at(0).value<QList<ReportRecord>>();
        QCOMPARE(seqs(records), QList<int>{2});
        QCOMPARE(spy.at(1).at(1).toBool(), false);
        QCOMPARE(follower.counters().records, 2);
        follower.stop();
    }

    void statFallbackWithoutWatcherEvents()
    {
        // A file created after start in a folder created after start: only the timer can see it.
        const QString dir = m_dir.filePath(QStringLiteral("late-dir"));
        const QString path = dir + QStringLiteral("/r.jsonl");
        ReportFollower follower(path, ReportKind::Resources, 100, 10);
        QSignalSpy spy(&follower, &ReportFollower::recordsRead);
        follower.start();
        QTRY_COMPARE(spy.size(), 1);
        QVERIFY(QDir().mkpath(dir));
        QVERIFY(appendBytes(path, resourceLine(4)));
        QTRY_COMPARE_WITH_TIMEOUT(spy.size(), 2, 5000);
        QCOMPARE(seqs(spy.at(1).at(0).value<QList<ReportRecord>>()), QList<int>{4});
    }
};

QTEST_GUILESS_MAIN(TestReportFollower)
#include "test_report_follower.moc"
