// The Allowlists tab's summary names a pinned version changed since the last recorded build.
#include "core/sandbox/Sandbox.h"
#include "core/settings/PinRecord.h"
#include "core/settings/Settings.h"
#include "ui/allowlist/AllowlistsTab.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QTemporaryDir>
#include <QTest>

class TestPinRecordPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_state;
    QTemporaryDir m_dir;

    static void copy(const QString& from, const QString& to)
    {
        QFile::remove(to);
        QVERIFY(QFile::copy(from, to));
        QVERIFY(QFile::setPermissions(to, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

private Q_SLOTS:
    void initTestCase() { qputenv("XDG_STATE_HOME", m_state.path().toUtf8()); }

    void summaryShowsChangedPin()
    {
        QDir(m_dir.path()).mkpath(QStringLiteral("config"));
        QDir(m_dir.path()).mkpath(QStringLiteral("logs"));
        for (const char* f : {"docker-compose.yml", "config/apt-package-allowlist.txt", "config/port-allowlist.txt"})
            copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/") + QString::fromLatin1(f), m_dir.filePath(QString::fromLatin1(f)));
        copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"), m_dir.filePath(QStringLiteral(".env")));
        Sandbox sandbox{Checkout(m_dir.path())};
        sandbox.start({.watchFiles = false, .followEngine = false}); // loads .env and the allowlists
        QVERIFY(sandbox.settings().set(QStringLiteral("OPENCODE_VERSION"), QStringLiteral("1.18.33")).ok());
        // The last build used 1.18.33.
        const QString record = PinRecord::path(m_state.filePath(QStringLiteral("sandbox-panel")), m_dir.path());
        QVERIFY(PinRecord::save(record, PinRecord::current(sandbox.checkout().envFile(), m_dir.path())).ok());
        AllowlistsTab tab(sandbox);
        auto* summary = tab.findChild<QLabel*>(QStringLiteral("allowlistsSummary"));
        QVERIFY(summary);
        QVERIFY(!summary->text().contains(QLatin1String("OPENCODE_VERSION")));
        QVERIFY(sandbox.settings().set(QStringLiteral("OPENCODE_VERSION"), QStringLiteral("1.19.0")).ok());
        QTRY_VERIFY(summary->text().contains(QStringLiteral("rebuild needed: OPENCODE_VERSION 1.18.33 → 1.19.0")));
    }
};

QTEST_MAIN(TestPinRecordPanel)
#include "test_pin_record_panel.moc"
