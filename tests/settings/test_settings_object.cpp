// Settings: typed access, atomic save keeping the mode, outside-change refusal, watcher reload,
// secret registration and the restart/rebuild-needed state.
#include "core/logging/Redaction.h"
#include "core/settings/Settings.h"

#include "SandboxTestPaths.h"
#include <QFile>
#include <QSaveFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsObject : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString m_env;

    static QByteArray read(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static void write(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write(bytes);
    }

private Q_SLOTS:
    void init()
    {
        m_env = m_dir.filePath(QStringLiteral(".env"));
        QFile::remove(m_env);
        QVERIFY(QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"), m_env));
        QVERIFY(QFile::setPermissions(m_env, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup));
        QDir(m_dir.path()).mkpath(QStringLiteral("config"));
        QFile::remove(m_dir.filePath(QStringLiteral("config/port-allowlist.txt")));
        QVERIFY(
            QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/config/port-allowlist.txt"), m_dir.filePath(QStringLiteral("config/port-allowlist.txt"))));
    }

    void typedAccess()
    {
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        QCOMPARE(s.mode(), OperationMode::Interactive);
        QCOMPARE(s.egress(), Egress::Restricted);
        QCOMPARE(s.interface(), Interface::Web);
        QCOMPARE(s.opencodePort(), 3000);
        QCOMPARE(s.mcpBridgePort(), 8443);
        QCOMPARE(s.llmSource(), QStringLiteral("lm_studio"));
        QCOMPARE(s.llmModel(), QStringLiteral("qwen3-4b-thinking"));
        QCOMPARE(s.mcpEndpoint(), QStringLiteral("http://localhost:8443/mcp"));
        QVERIFY(!s.monitorEnabled(Monitor::PortScan));
        QCOMPARE(s.monitorInterval(Monitor::PortScan), 300);
        QCOMPARE(s.monitorInterval(Monitor::AutoLog), 3600);
        QVERIFY(s.setMonitorEnabled(Monitor::PortScan, true).ok());
        QVERIFY(s.setMonitorInterval(Monitor::PortScan, 45).ok());
        QVERIFY(s.applyReviewed(s.propose(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full")), QStringLiteral("test")).ok());
        QVERIFY(s.setMode(OperationMode::Conductor).ok());
        Settings again(m_env, m_dir.path());
        QVERIFY(again.load());
        QVERIFY(again.monitorEnabled(Monitor::PortScan));
        QCOMPARE(again.monitorInterval(Monitor::PortScan), 45);
        QCOMPARE(again.egress(), Egress::Full);
        QCOMPARE(again.mode(), OperationMode::Conductor);
    }

    void saveKeepsModeAndOtherBytes()
    {
        const QByteArray before = read(m_env);
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        QVERIFY(s.set(QStringLiteral("APP_PORT"), QStringLiteral("8000")).ok());
        QByteArray expected = before;
        expected.replace("APP_PORT=7860", "APP_PORT=8000");
        QCOMPARE(read(m_env), expected);
        QCOMPARE(QFile::permissions(m_env) & 0x7077,
                 QFileDevice::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup) & 0x7077);
    }

    void newFileIs600()
    {
        const QString path = m_dir.filePath(QStringLiteral("new.env"));
        Settings s(path, m_dir.path());
        QVERIFY(s.load());
        QVERIFY(!s.existsOnDisk());
        QVERIFY(s.set(QStringLiteral("FOO"), QStringLiteral("bar")).ok());
        QCOMPARE(read(path), QByteArray("FOO=bar\n"));
        QCOMPARE(QFile::permissions(path) & 0x7077, QFileDevice::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) & 0x7077);
    }

    void invalidValueLeavesFileUntouched()
    {
        const QByteArray before = read(m_env);
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        Settings::Result r = s.set(QStringLiteral("APP_PORT"), QStringLiteral("9999"));
        QCOMPARE(r.status, Settings::Status::Refused);
        QVERIFY(r.message.contains(QStringLiteral("allowlist")));
        r = s.setMode(OperationMode::Autonomous);
        QCOMPARE(r.status, Settings::Status::Refused);
        QVERIFY(r.message.contains(QStringLiteral("TASK_FILE")));
        QCOMPARE(s.set(QStringLiteral("GIT_USERNAME"), QStringLiteral("a\nb")).status, Settings::Status::Refused);
        QCOMPARE(read(m_env), before);
    }

    void refusesWhenChangedOnDisk()
    {
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        QByteArray outside = read(m_env);
        outside.replace("APP_PORT=7860", "APP_PORT=8888");
        write(m_env, outside);
        QVERIFY(s.changedOnDisk());
        const Settings::Result r = s.set(QStringLiteral("OPENCODE_PORT"), QStringLiteral("8000"));
        QCOMPARE(r.status, Settings::Status::ChangedOnDisk);
        QCOMPARE(read(m_env), outside);
        const QStringList diff = s.diffWithDisk();
        QCOMPARE(diff, (QStringList{QStringLiteral("-APP_PORT=7860"), QStringLiteral("+APP_PORT=8888")}));
    }

    void watcherReloadsAfterAtomicReplace()
    {
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        s.setWatching(true);
        QSignalSpy reloaded(&s, &Settings::reloadedFromDisk);
        for (const char* port : {"8000", "8888"}) {
            QByteArray outside = read(m_env);
            outside.replace("APP_PORT=" + s.value(QStringLiteral("APP_PORT")).toLatin1(), QByteArray("APP_PORT=") + port);
            QSaveFile f(m_env); // rename over the file, as editors do
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(outside);
            QVERIFY(f.commit());
            QTRY_COMPARE_WITH_TIMEOUT(s.value(QStringLiteral("APP_PORT")), QString::fromLatin1(port), 5000);
        }
        QVERIFY(reloaded.size() >= 2);
        // Our own save is not reported as an outside change.
        const qsizetype n = reloaded.size();
        QVERIFY(s.set(QStringLiteral("APP_PORT"), QStringLiteral("7860")).ok());
        QVERIFY(!reloaded.wait(300));
        QCOMPARE(reloaded.size(), n);
    }

    void secretsMaskedAndRegistered()
    {
        QByteArray bytes = read(m_env);
        bytes.replace("GITHUB_TOKEN=\n", "GITHUB_TOKEN=ghp_verysecretvalue123\n");
        write(m_env, bytes);
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        QCOMPARE(s.displayValue(QStringLiteral("GITHUB_TOKEN")), QStringLiteral("********"));
        QCOMPARE(s.displayValue(QStringLiteral("GITHUB_TOKEN"), true), QStringLiteral("ghp_verysecretvalue123"));
        QCOMPARE(s.displayValue(QStringLiteral("GH_TOKEN")), QString());
        QCOMPARE(s.displayValue(QStringLiteral("SECRET_SCAN_STRICT")), QStringLiteral("true"));
        QVERIFY(!Redaction::redact(QStringLiteral("log ghp_verysecretvalue123 end")).contains(QStringLiteral("verysecret")));
    }

    void applyNeed()
    {
        Settings s(m_env, m_dir.path());
        QVERIFY(s.load());
        QSignalSpy spy(&s, &Settings::applyNeedChanged);
        QVERIFY(s.applyReviewed(s.propose(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full")), QStringLiteral("test")).ok());
        QCOMPARE(s.applyNeed(), ApplyNeed::None); // stack not running
        s.setStackRunning(true);
        QCOMPARE(s.applyNeed(), ApplyNeed::None);
        QVERIFY(s.setMonitorEnabled(Monitor::Dashboard, true).ok());
        QCOMPARE(s.applyNeed(), ApplyNeed::Restart);
        QCOMPARE(s.pendingKeys(), QStringList{QStringLiteral("DASHBOARD_ENABLED")});
        QVERIFY(s.set(QStringLiteral("OPENCODE_VERSION"), QStringLiteral("1.16.0")).ok());
        QCOMPARE(s.applyNeed(), ApplyNeed::Rebuild);
        QVERIFY(s.set(QStringLiteral("OPENCODE_VERSION"), QStringLiteral("1.15.10")).ok());
        QVERIFY(s.setMonitorEnabled(Monitor::Dashboard, false).ok());
        QCOMPARE(s.applyNeed(), ApplyNeed::None); // back to what runs
        QVERIFY(s.setMode(OperationMode::Conductor).ok());
        // The panel started after an edit: what runs (the container's environment) decides.
        s.setRunningValues({{QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor")}, {QStringLiteral("NETWORK_EGRESS"), QStringLiteral("restricted")}});
        QCOMPARE(s.pendingKeys(), QStringList{QStringLiteral("NETWORK_EGRESS")});
        QCOMPARE(s.applyNeed(), ApplyNeed::Restart);
        s.setStackRunning(false);
        QCOMPARE(s.applyNeed(), ApplyNeed::None);
        QVERIFY(spy.size() >= 4);
    }
};

QTEST_GUILESS_MAIN(TestSettingsObject)
#include "test_settings_object.moc"
