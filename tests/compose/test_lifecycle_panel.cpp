// LifecyclePanel and LogsTab wiring (offscreen): buttons, live output, nuke confirmation.
#include "core/compose/Lifecycle.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/logs/LogsTab.h"
#include "core/sandbox/Sandbox.h"

#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

class TestLifecyclePanel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void buttonsOutputAndNuke()
    {
        QTemporaryDir dir;
        QFile env(dir.filePath(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + dir.path().toUtf8() + "/projects\n");
        env.close();
        Lifecycle lc{Checkout(dir.path())};
        // a "compose" that always fails: the job fails at once with its exit code
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, QStringLiteral("false"), QStringLiteral("1.29.2")));
        LifecyclePanel panel(lc);
        auto* build = panel.findChild<QPushButton*>(QStringLiteral("buildButton"));
        auto* cancel = panel.findChild<QPushButton*>(QStringLiteral("cancelButton"));
        auto* output = panel.findChild<QPlainTextEdit*>(QStringLiteral("lifecycleOutput"));
        QVERIFY(build && cancel && output);
        QVERIFY(build->isEnabled());
        QVERIFY(!cancel->isEnabled());
        QSignalSpy finished(&lc, &Lifecycle::jobFinished);
        build->click();
        QVERIFY(finished.wait(10000));
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("failed with exit code 1")));
        QVERIFY(build->isEnabled());
        // the status line names the cause, as the output's last line does (once there)
        const QString phase = panel.findChild<QLabel*>(QStringLiteral("lifecyclePhase"))->text();
        QVERIFY2(phase.startsWith(QLatin1String("Build: failed after ")) && phase.endsWith(QLatin1String(" s: false failed with exit code 1")),
                 qPrintable(phase));
        QVERIFY2(output->toPlainText().endsWith(phase), qPrintable(output->toPlainText()));
        QCOMPARE(output->toPlainText().count(QStringLiteral("false failed with exit code 1")), 1);

        QString asked;
        panel.setNukeConfirmation([&](const QString& project) {
            asked = project;
            return false; // the operator typed something else
        });
        finished.clear();
        panel.findChild<QPushButton*>(QStringLiteral("nukeButton"))->click();
        QCOMPARE(asked, QStringLiteral("demo"));
        QVERIFY(output->toPlainText().contains(QStringLiteral("Nuke not confirmed")));
        QCOMPARE(finished.size(), 0); // no job was even submitted

        for (StackState up : {StackState::Running, StackState::Starting, StackState::Degraded}) {
            panel.setStackState(up);
            QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("startButton"))->isEnabled());
            QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
        }
        panel.setStackState(StackState::Stopped);
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("startButton"))->isEnabled());
        QVERIFY(!panel.findChild<QPushButton*>(QStringLiteral("restartButton"))->isEnabled());
        panel.setStackState(StackState::EngineUnavailable); // unknown: nothing is held back
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("startButton"))->isEnabled());
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("stopButton"))->isEnabled());
    }

    void logsTabFollowsAndPauses()
    {
        QTemporaryDir dir;
        QFile env(dir.filePath(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write("PROJECT_NAME=demo\n");
        env.close();
        Sandbox sandbox{Checkout(dir.path())};
        sandbox.lifecycle().setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, QStringLiteral("echo"), QStringLiteral("1.29.2")));
        LogsTab tab(sandbox);
        auto* view = tab.findChild<QPlainTextEdit*>(QStringLiteral("logsView"));
        auto* pause = tab.findChild<QPushButton*>(QStringLiteral("logsPause"));
        QVERIFY(view && pause);
        pause->click(); // paused: lines are held back
        QSignalSpy done(&sandbox.lifecycle(), &Lifecycle::jobFinished);
        tab.findChild<QPushButton*>(QStringLiteral("logsFollow"))->click();
        QVERIFY(done.wait(10000)); // `echo` prints the arguments and ends
        QVERIFY(!view->toPlainText().contains(QStringLiteral("logs --no-color -f --tail 500")));
        pause->click(); // resumed: held lines appear
        QTRY_VERIFY(view->toPlainText().contains(QStringLiteral("logs --no-color -f --tail 500")));
        tab.findChild<QLineEdit*>(QStringLiteral("logsSearch"))->setText(QStringLiteral("tail"));
        tab.findNext();
        QCOMPARE(view->textCursor().selectedText(), QStringLiteral("tail"));
    }
};

QTEST_MAIN(TestLifecyclePanel)
#include "test_lifecycle_panel.moc"
