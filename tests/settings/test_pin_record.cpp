// PinRecord: the pinned versions of the last successful build vs .env ("rebuild needed: KEY a → b"),
// recorded by a building lifecycle job only when it succeeds; a corrupt or missing record is never
// a crash and never a pending rebuild.
#include "core/checkout/Checkout.h"
#include "core/compose/Lifecycle.h"
#include "core/sandbox/LifecycleWiring.h"
#include "core/settings/PinRecord.h"
#include "core/settings/SettingsTypes.h"

#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestPinRecord : public QObject {
    Q_OBJECT
    QTemporaryDir m_checkout;
    QTemporaryDir m_state;

    QString env() const { return m_checkout.filePath(QStringLiteral(".env")); }
    QString record() const { return PinRecord::path(m_state.path(), m_checkout.path()); }
    QStringList attention() const { return PinRecord::attention(m_state.path(), m_checkout.path(), env()); }
    static void write(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }
    void writeEnv(const QByteArray& opencode)
    {
        write(env(), "PROJECT_NAME=demo\nPYTHON_BASE_IMAGE=python:3.12-slim\nNODE_VERSION=22.11.0\nOPENCODE_VERSION=" + opencode
                         + "\nGH_VERSION=2.62.0\nHOST_UID=1000\nHOST_GID=1000\n");
    }
    void recordNow() { QVERIFY(PinRecord::save(record(), PinRecord::current(env(), m_checkout.path())).ok()); }

private Q_SLOTS:
    void init()
    {
        QFile::remove(record());
        writeEnv("1.18.33");
    }

    void rebuildKeysHoldEveryPin()
    {
        for (const char* key :
             {"PYTHON_BASE_IMAGE", "UV_IMAGE", "NODE_VERSION", "OPENCODE_VERSION", "GH_VERSION", "GH_AMD64_SHA256", "GH_ARM64_SHA256", "HOST_UID", "HOST_GID"})
            QVERIFY2(SettingsTypes::rebuildKeys().contains(QLatin1String(key)), key);
    }

    void noRecordNothingPending()
    {
        QVERIFY(!QFile::exists(record()));
        QVERIFY(attention().isEmpty());
        QVERIFY(PinRecord::changed({}, PinRecord::current(env(), m_checkout.path())).isEmpty());
    }

    void changedPinNamedWithBothValues()
    {
        recordNow();
        QVERIFY(attention().isEmpty());
        writeEnv("1.19.0");
        const PinRecord::Loaded loaded = PinRecord::load(record());
        QVERIFY(loaded.ok() && loaded.exists);
        const QList<PinRecord::Change> changes = PinRecord::changed(loaded.pins, PinRecord::current(env(), m_checkout.path()));
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes.first().key, QStringLiteral("OPENCODE_VERSION"));
        QCOMPARE(changes.first().built, QStringLiteral("1.18.33"));
        QCOMPARE(changes.first().current, QStringLiteral("1.19.0"));
        QCOMPARE(attention(), QStringList{QStringLiteral("rebuild needed: OPENCODE_VERSION 1.18.33 → 1.19.0")});
        // Recording again (the next build) clears it.
        recordNow();
        QVERIFY(attention().isEmpty());
    }

    void unsetAndAddedPinsShown()
    {
        recordNow();
        write(env(), "PROJECT_NAME=demo\nPYTHON_BASE_IMAGE=python:3.12-slim\nNODE_VERSION=22.11.0\nOPENCODE_VERSION=1.18.33\n"
                     "GH_VERSION=2.62.0\nHOST_UID=1000\nUV_IMAGE=uv:0.5\n");
        QCOMPARE(attention(), QStringList{QStringLiteral("rebuild needed: UV_IMAGE (unset) → uv:0.5, HOST_GID 1000 → (unset)")});
    }

    void corruptRecordIsAClearErrorNotAPendingRebuild_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("not json") << QByteArray("{\"built_pins\": {\"OPENCODE_VERSION\": ");
        QTest::newRow("no object") << QByteArray("[1, 2]");
        QTest::newRow("number value") << QByteArray("{\"built_pins\": {\"OPENCODE_VERSION\": 1}}");
        QTest::newRow("binary") << QByteArray("\x00\xff\xfe garbage", 12);
    }
    void corruptRecordIsAClearErrorNotAPendingRebuild()
    {
        QFETCH(QByteArray, bytes);
        QDir().mkpath(QFileInfo(record()).absolutePath());
        write(record(), bytes);
        writeEnv("1.19.0");
        const PinRecord::Loaded loaded = PinRecord::load(record());
        QVERIFY(!loaded.ok());
        QVERIFY(loaded.pins.isEmpty());
        QVERIFY(loaded.error.contains(QLatin1String("corrupt")));
        const QStringList lines = attention();
        QCOMPARE(lines.size(), 1);
        QVERIFY(!lines.first().contains(QLatin1String("rebuild needed")));
        QVERIFY(lines.first().contains(record()));
    }

    void recordIsADirectoryIsAnError()
    {
        QDir().mkpath(record());
        const PinRecord::Loaded loaded = PinRecord::load(record());
        QVERIFY(!loaded.ok());
        QVERIFY(!PinRecord::save(record(), PinRecord::current(env(), m_checkout.path())).ok());
        QDir(record()).removeRecursively();
    }

    void perCheckoutFileName()
    {
        QVERIFY(record().startsWith(m_state.filePath(QStringLiteral("pins/"))));
        QVERIFY(record().contains(QFileInfo(m_checkout.path()).fileName()));
        QVERIFY(record() != PinRecord::path(m_state.path(), m_checkout.filePath(QStringLiteral("other"))));
    }

    void buildJobRecordsOnlyOnSuccess()
    {
        Lifecycle lc{Checkout(m_checkout.path())};
        LifecycleWiring::recordPins(lc, m_state.path());
        QSignalSpy finished(&lc, &Lifecycle::jobFinished);
        // A compose that fails: nothing recorded.
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, QStringLiteral("false"), QStringLiteral("1.29.2")));
        QCOMPARE(lc.build()->name(), QStringLiteral("Build"));
        QVERIFY(finished.wait(10000));
        QVERIFY(!QFile::exists(record()));
        // A compose that succeeds: the pins read when the build started are recorded.
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, QStringLiteral("true"), QStringLiteral("1.29.2")));
        Job* job = lc.build();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job->status(), Job::Status::Succeeded);
        const PinRecord::Loaded loaded = PinRecord::load(record());
        QVERIFY(loaded.exists);
        QCOMPARE(loaded.pins.value(QStringLiteral("OPENCODE_VERSION")), QStringLiteral("1.18.33"));
        writeEnv("1.19.0");
        QCOMPARE(attention(), QStringList{QStringLiteral("rebuild needed: OPENCODE_VERSION 1.18.33 → 1.19.0")});
        lc.build();
        QVERIFY(finished.wait(10000));
        QVERIFY(attention().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestPinRecord)
#include "test_pin_record.moc"
