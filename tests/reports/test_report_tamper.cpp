// Tamper evidence: rewrites of bytes already read alert; operator truncation/rotation does not.
#include "ReportTestUtil.h"
#include "core/reports/FileFollower.h"

#include <QDateTime>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class TestReportTamper : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    int m_n = 0;
    QString freshFile(int records)
    {
        const QString path = m_dir.filePath(QStringLiteral("t%1.jsonl").arg(++m_n));
        QByteArray all;
        for (int i = 0; i < records; ++i)
            all += resourceLine(i);
        appendBytes(path, all);
        return path;
    }
    static const FollowerEvent* find(const FileFollower::Batch& b, FollowerEvent::Type t)
    {
        for (const FollowerEvent& e : b.events)
            if (e.type == t)
                return &e;
        return nullptr;
    }
    static void overwrite(const QString& path, qint64 at, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadWrite));
        QVERIFY(f.seek(at));
        QCOMPARE(f.write(bytes), bytes.size());
        // Same-size rewrites are looked for when the modification time moves (as any write does).
        QVERIFY(f.setFileTime(QDateTime::currentDateTime().addSecs(5), QFileDevice::FileModificationTime));
    }

private Q_SLOTS:
    void untouchedFileRaisesNothing()
    {
        const QString path = freshFile(50);
        FileFollower f(path, ReportKind::Resources);
        f.open(50);
        for (int i = 0; i < 3; ++i) {
            QVERIFY(appendBytes(path, resourceLine(100 + i)));
            const auto b = f.poll();
            QVERIFY(b.events.isEmpty());
            QCOMPARE(b.records.size(), 1);
        }
    }

    void sameSizeRewriteOfTheLastRecord()
    {
        const QString path = freshFile(20);
        FileFollower f(path, ReportKind::Resources);
        f.open(20);
        const qint64 size = QFileInfo(path).size();
        overwrite(path, size - 40, "9");
        const auto b = f.poll();
        const FollowerEvent* e = find(b, FollowerEvent::Type::Rewritten);
        QVERIFY(e);
        QCOMPARE(e->file, path);
        QVERIFY(e->isAlert());
    }

    void rewriteFarBackWhileAppending()
    {
        // 3 MB read at start (48 chunks): a change in the first chunk, hidden behind an append.
        const QString path = freshFile(12000);
        FileFollower f(path, ReportKind::Resources);
        f.open(20000);
        overwrite(path, 10, "X");
        QVERIFY(appendBytes(path, resourceLine(99999)));
        bool alerted = false;
        for (int i = 0; i < 60 && !alerted; ++i) { // rotating checks reach every chunk
            alerted = find(f.poll(), FollowerEvent::Type::Rewritten) != nullptr;
            QVERIFY(appendBytes(path, resourceLine(100000 + i)));
        }
        QVERIFY(alerted);
    }

    void inPlaceRewriteWithoutGrowthIsCheckedFully()
    {
        const QString path = freshFile(12000);
        FileFollower f(path, ReportKind::Resources);
        f.open(20000);
        overwrite(path, 100, "Z");
        QVERIFY(find(f.poll(), FollowerEvent::Type::Rewritten));
    }

    void shrinkWithoutRotationIsARewrite()
    {
        const QString path = freshFile(30);
        FileFollower f(path, ReportKind::Resources);
        f.open(30);
        qint64 keep = 0;
        for (int i = 0; i < 10; ++i)
            keep += resourceLine(i).size();
        QFile(path).resize(keep); // cut whole records off the end
        const auto b = f.poll();
        QVERIFY(find(b, FollowerEvent::Type::Rewritten));
        QVERIFY(!find(b, FollowerEvent::Type::Truncated));
        // Following continues after the alert.
        QVERIFY(appendBytes(path, resourceLine(500)));
        QCOMPARE(f.poll().records.size(), 1);
    }

    void replacedWithOlderContentIsARewrite()
    {
        const QString path = freshFile(30);
        FileFollower f(path, ReportKind::Resources);
        f.open(30);
        QFile(path).resize(0);
        QVERIFY(appendBytes(path, resourceLine(0))); // older timestamp than what we saw
        QVERIFY(find(f.poll(), FollowerEvent::Type::Rewritten));
    }

    void truncationToZeroIsInfo()
    {
        const QString path = freshFile(30);
        FileFollower f(path, ReportKind::Resources);
        f.open(30);
        QFile(path).resize(0);
        const auto b = f.poll();
        const FollowerEvent* e = find(b, FollowerEvent::Type::Truncated);
        QVERIFY(e);
        QVERIFY(!e->isAlert());
    }

    void rotationIsInfo()
    {
        const QString path = freshFile(30);
        FileFollower f(path, ReportKind::Resources);
        f.open(30);
        QVERIFY(QFile::rename(path, path + QStringLiteral(".old")));
        QVERIFY(appendBytes(path, resourceLine(0)));
        const auto b = f.poll();
        QVERIFY(find(b, FollowerEvent::Type::Rotated));
        QVERIFY(!find(b, FollowerEvent::Type::Rewritten));
    }
};

QTEST_GUILESS_MAIN(TestReportTamper)
#include "test_report_tamper.moc"
