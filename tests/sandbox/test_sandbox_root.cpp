// The Sandbox as the one composition root: its constructor builds and wires everything and
// reads nothing; start() reads the files and opens only what its options say.
#include "TestFiles.h"
#include "core/allowlist/Allowlists.h"
#include "core/compose/StackAdviceMonitor.h"
#include "core/docker/StackMonitor.h"
#include "core/docker/StatsStream.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"

#include <QDir>
#include <QDirIterator>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestSandboxRoot : public QObject {
    Q_OBJECT
    QTemporaryDir m_engineDir;
    std::unique_ptr<QTemporaryDir> m_dir;

    QString path(const QString& relative) const { return m_dir->filePath(relative); }
    QStringList tree() const
    {
        QStringList names;
        QDirIterator it(m_dir->path(), QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
        while (it.hasNext())
            names << it.next();
        names.sort();
        return names;
    }

private Q_SLOTS:
    void initTestCase()
    {
        // An engine that does not answer: the panel's options may try it, nothing waits on it.
        qputenv("DOCKER_HOST", ("unix://" + m_engineDir.filePath(QStringLiteral("nothing.sock"))).toUtf8());
    }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        QVERIFY(TestFiles::write(path(QStringLiteral("docker-compose.yml")), "services: {}\n"));
    }

    void constructorReadsNothing()
    {
        // No .env yet: a constructor that read it would hold an empty model.
        const QStringList before = tree();
        Sandbox sandbox{Checkout(m_dir->path())};
        QCOMPARE(tree(), before); // nothing created either
        QVERIFY(TestFiles::write(path(QStringLiteral(".env")),
                                 "OPERATION_MODE=conductor\nPROJECT_NAME=written-after\nRESOURCE_MONITOR_ENABLED=true\nCOMPOSE_PROJECT_NAME=late-name\n"));
        QVERIFY(TestFiles::write(path(QStringLiteral("config/port-allowlist.txt")), "8080\n"));
        QVERIFY(!sandbox.settings().existsOnDisk());
        QVERIFY(sandbox.allowlists().file(AllowlistKind::Port).entries().isEmpty());

        sandbox.start({.watchFiles = false, .followEngine = false});
        QVERIFY(sandbox.started());
        QVERIFY(sandbox.settings().existsOnDisk());
        QCOMPARE(sandbox.settings().mode(), OperationMode::Conductor);
        QCOMPARE(sandbox.settings().projectName(), QStringLiteral("written-after"));
        QCOMPARE(sandbox.allowlists().file(AllowlistKind::Port).entries(), QStringList{QStringLiteral("8080")});
        // The reports follow what start() read, not the defaults of the constructor's time.
        QVERIFY(sandbox.reports().settings().resources.enabled);
        // The compose project too: asked when the stack is first refreshed, not at construction.
        QVERIFY(sandbox.stack().project().isEmpty());
        sandbox.stack().refresh();
        QCOMPARE(sandbox.stack().project(), QStringLiteral("late-name"));
    }

    void cliOptionsOpenNoWatcherNorStream()
    {
        QVERIFY(TestFiles::write(path(QStringLiteral(".env")), "OPERATION_MODE=interactive\n"));
        Sandbox sandbox{Checkout(m_dir->path())};
        sandbox.start({.watchFiles = false, .followEngine = false});
        QCOMPARE(sandbox.startOptions().watchFiles, false);
        QCOMPARE(sandbox.settings().mode(), OperationMode::Interactive);
        QVERIFY(!sandbox.settings().isWatching());
        QVERIFY(!sandbox.allowlists().isWatching());
        QVERIFY(!sandbox.reports().isRunning());
        QVERIFY(!sandbox.stack().isStarted());
        QVERIFY(!sandbox.statsStream().isRunning());
        QVERIFY(!sandbox.advice().isStarted());
        sandbox.start(); // once: a second call changes nothing
        QVERIFY(!sandbox.settings().isWatching());
        QVERIFY(!sandbox.stack().isStarted());
    }

    void panelOptionsFollowOutsideEdits()
    {
        QVERIFY(TestFiles::write(path(QStringLiteral(".env")), "OPERATION_MODE=interactive\n"));
        Sandbox sandbox{Checkout(m_dir->path())};
        QVERIFY(!sandbox.stack().isStarted());
        QVERIFY(!sandbox.settings().isWatching());
        sandbox.start();
        QVERIFY(sandbox.settings().isWatching());
        QVERIFY(sandbox.allowlists().isWatching());
        QVERIFY(sandbox.reports().isRunning());
        QVERIFY(sandbox.stack().isStarted());
        QVERIFY(sandbox.statsStream().isRunning());
        QVERIFY(sandbox.advice().isStarted());

        QSignalSpy keys(&sandbox.settings(), &Settings::keysChanged);
        QVERIFY(TestFiles::write(path(QStringLiteral(".env")), "OPERATION_MODE=conductor\n"));
        QVERIFY(keys.wait(5000));
        QCOMPARE(keys.first().at(0).toStringList(), QStringList{QStringLiteral("OPERATION_MODE")});
        QCOMPARE(keys.first().at(1).toBool(), true); // an outside change
        QCOMPARE(sandbox.settings().mode(), OperationMode::Conductor);
    }
};

QTEST_GUILESS_MAIN(TestSandboxRoot)
#include "test_sandbox_root.moc"
