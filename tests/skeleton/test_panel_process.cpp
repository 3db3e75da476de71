// The panel as a process: its log file holds every line as it is written (not only warnings),
// and SIGTERM quits it through the normal path (exit 0, "SIGTERM: quitting" logged).
#include "core/checkout/Checkout.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

#include "SandboxTestPaths.h"

class TestPanelProcess : public QObject {
    Q_OBJECT
    static QString readLog(const QTemporaryDir& home)
    {
        QFile f(home.filePath(QStringLiteral("state/sandbox-panel/sandbox-panel.log")));
        return f.open(QIODevice::ReadOnly) ? QString::fromUtf8(f.readAll()) : QString();
    }

private Q_SLOTS:
    void logFlushesEveryLineAndSigtermQuits()
    {
        QTemporaryDir home;
        QProcess panel;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_STATE_HOME"), home.filePath(QStringLiteral("state")));
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home.path());
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        panel.setProcessEnvironment(env);
        panel.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        panel.start(QStringLiteral(SANDBOX_PANEL_PATH), {QStringLiteral("--sandbox"), QStringLiteral(SANDBOX_FIXTURE_CHECKOUT)});
        QVERIFY(panel.waitForStarted(10000));
        // An info line is in the file while the panel runs.
        QTRY_VERIFY_WITH_TIMEOUT(readLog(home).contains(QStringLiteral("sandbox-panel " SANDBOX_VERSION)), 20000);
        ::kill(panel.processId(), SIGTERM);
        QVERIFY(panel.waitForFinished(20000));
        QCOMPARE(panel.exitStatus(), QProcess::NormalExit);
        QCOMPARE(panel.exitCode(), 0);
        const QString log = readLog(home);
        QVERIFY2(log.contains(QStringLiteral("SIGTERM: quitting")), qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("quit (exit 0)")), qPrintable(log));
    }
};

QTEST_GUILESS_MAIN(TestPanelProcess)
#include "test_panel_process.moc"
