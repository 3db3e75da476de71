// EngineTime: the one precision (milliseconds, UTC, cut) of engine times and file times.
#include "core/docker/EngineTime.h"

#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

class TestEngineTime : public QObject {
    Q_OBJECT
    static QDateTime utc(const char* iso) { return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toUTC(); }

private Q_SLOTS:
    void parsesEveryEngineForm()
    {
        // Inspect's nanoseconds are cut, not rounded: .999999999 stays in its millisecond.
        QCOMPARE(EngineTime::parse(QStringLiteral("2026-11-26T17:19:03.123456789Z")), utc("2026-11-26T17:19:03.123Z"));
        QCOMPARE(EngineTime::parse(QStringLiteral("2026-11-26T17:19:03.999999999Z")), utc("2026-11-26T17:19:03.999Z"));
        QCOMPARE(EngineTime::parse(QStringLiteral("2026-11-26T17:19:03.5Z")), utc("2026-11-26T17:19:03.500Z"));
        QCOMPARE(EngineTime::parse(QStringLiteral("2026-11-26T17:19:03Z")), utc("2026-11-26T17:19:03.000Z"));
        // An offset is honoured and the result is UTC.
        const QDateTime offset = EngineTime::parse(QStringLiteral("2026-11-26T18:19:03.123456+01:00"));
        QCOMPARE(offset, utc("2026-11-26T17:19:03.123Z"));
        QCOMPARE(offset.timeSpec(), Qt::UTC);
        // The container list's Created: whole seconds since the epoch, and flagged as such.
        const QJsonValue seconds(double(utc("2026-11-26T17:19:03Z").toSecsSinceEpoch()));
        QCOMPARE(EngineTime::parse(seconds), utc("2026-11-26T17:19:03Z"));
        QVERIFY(EngineTime::isWholeSeconds(seconds));
        QVERIFY(!EngineTime::isWholeSeconds(QJsonValue(QStringLiteral("2026-11-26T17:19:03.1Z"))));
        // An event's timeNano.
        QCOMPARE(EngineTime::fromNanos(utc("2026-11-26T17:19:03.123Z").toMSecsSinceEpoch() * 1000000 + 999999), utc("2026-11-26T17:19:03.123Z"));
    }

    void noTimeIsInvalid()
    {
        QVERIFY(!EngineTime::parse(QString()).isValid());
        QVERIFY(!EngineTime::parse(QStringLiteral("0001-01-01T00:00:00Z")).isValid()); // the engine's "never"
        QVERIFY(!EngineTime::parse(QStringLiteral("yesterday")).isValid());
        QVERIFY(!EngineTime::parse(QJsonValue()).isValid());
        QVERIFY(!EngineTime::fromNanos(0).isValid());
        QVERIFY(!EngineTime::fileModified(QStringLiteral("/nonexistent/file")).isValid());
        QVERIFY(!EngineTime::isAfter(QDateTime(), utc("2026-11-26T17:19:03Z")));
        QVERIFY(!EngineTime::isAfter(utc("2026-11-26T17:19:03Z"), QDateTime()));
    }

    void comparesAtOnePrecision()
    {
        // The regression of issue 21: a container created 0.5 s after a change in the same
        // second. At whole seconds it read as older; at the one precision it is not.
        const QDateTime change = utc("2026-11-26T18:23:30.280Z");
        const QDateTime created = EngineTime::parse(QStringLiteral("2026-11-26T18:23:30.780123456Z"));
        QVERIFY(!EngineTime::isAfter(change, created));
        QVERIFY(EngineTime::isAfter(created, change));
        // The same millisecond is not "after" either way.
        const QDateTime sameMs = EngineTime::parse(QStringLiteral("2026-11-26T18:23:30.280999999Z"));
        QVERIFY(!EngineTime::isAfter(change, sameMs));
        QVERIFY(!EngineTime::isAfter(sameMs, change));
        // A finer QDateTime (local time spec) compares the same once cut.
        QVERIFY(EngineTime::isAfter(change.toLocalTime(), utc("2026-11-26T18:23:30.279Z")));
        QCOMPARE(EngineTime::atPrecision(change.toLocalTime()).timeSpec(), Qt::UTC);
    }

    void fileTimesShareThePrecision()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("f"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("x");
        f.close();
        const QDateTime when = utc("2026-11-26T18:23:30.280Z");
        QFile touched(path);
        QVERIFY(touched.open(QIODevice::ReadWrite));
        QVERIFY(touched.setFileTime(when, QFileDevice::FileModificationTime));
        touched.close();
        const QDateTime m = EngineTime::fileModified(path);
        QCOMPARE(m, when);
        QCOMPARE(m.timeSpec(), Qt::UTC);
        // A file changed in the millisecond a container was created is not newer than it.
        QVERIFY(!EngineTime::isAfter(m, EngineTime::parse(QStringLiteral("2026-11-26T18:23:30.280500000Z"))));
        QVERIFY(EngineTime::isAfter(m, EngineTime::parse(QStringLiteral("2026-11-26T18:23:30.279999999Z"))));
    }
};

QTEST_GUILESS_MAIN(TestEngineTime)
#include "test_engine_time.moc"
