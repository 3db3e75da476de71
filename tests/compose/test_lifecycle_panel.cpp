// LifecyclePanel and LogsTab wiring (offscreen): buttons, live output, nuke confirmation.
#include "core/compose/Lifecycle.h"
#include "core/sandbox/Sandbox.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/logs/LogsTab.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
void write(const QString& path, const QByteArray& bytes, bool executable = false)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
    f.close();
    if (executable)
        f.setPermissions(f.permissions() | QFileDevice::ExeOwner);
}
} // namespace

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

    /// Switching the service cancels the old `logs -f`: its last lines and its end belong to it,
    /// not to the new view, which keeps saying what it follows.
    void logsTabLeavesACancelledJobOut()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral(".env")), "PROJECT_NAME=demo\n");
        // A stand-in for `compose logs -f`: prints its arguments, follows until terminated, and
        // says goodbye on the way out (as a real follower flushes its last lines).
        const QString compose = dir.filePath(QStringLiteral("fake-compose"));
        write(compose,
              "#!/bin/sh\necho \"following: $*\"\ntrap 'echo \"late line of: $*\"; exit 0' TERM\n"
              "while :; do sleep 0.05; done\n",
              true);
        Sandbox sandbox{Checkout(dir.path())};
        sandbox.lifecycle().setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, compose, QStringLiteral("1.29.2")));
        LogsTab tab(sandbox);
        auto* view = tab.findChild<QPlainTextEdit*>(QStringLiteral("logsView"));
        auto* status = tab.findChild<QLabel*>(QStringLiteral("logsStatus"));
        auto* service = tab.findChild<QComboBox*>(QStringLiteral("logsService"));
        QVERIFY(view && status && service);
        QVERIFY(!view->placeholderText().isEmpty()); // an empty view says why
        QSignalSpy done(&sandbox.lifecycle(), &Lifecycle::jobFinished);
        tab.findChild<QPushButton*>(QStringLiteral("logsFollow"))->click();
        QTRY_VERIFY(view->toPlainText().contains(QStringLiteral("following:")));
        service->setCurrentIndex(service->findData(QStringLiteral("workspace"))); // follows the workspace now
        QVERIFY(done.wait(10000));                                                // the first follower ended (cancelled)
        QTRY_VERIFY(view->toPlainText().contains(QStringLiteral("workspace")));
        QCOMPARE(status->text(), QStringLiteral("Following workspace"));
        QVERIFY2(!view->toPlainText().contains(QStringLiteral("late line")), qPrintable(view->toPlainText()));
        QVERIFY2(!view->toPlainText().contains(QStringLiteral("cancel")), qPrintable(view->toPlainText()));
        tab.stopFollowing();
        QVERIFY(done.wait(10000));
        QCOMPARE(status->text(), QStringLiteral("Not following"));
    }

    /// The bar is busy while the job waits for something it cannot measure; 100 % only at the end.
    void progressIsBusyUntilTheEnd()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral(".env")), "PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + dir.path().toUtf8() + "/projects\n");
        const QString go = dir.filePath(QStringLiteral("go"));
        // `compose build`: the last build step starts, then the image is written (it waits for "go").
        const QString compose = dir.filePath(QStringLiteral("fake-compose"));
        write(compose,
              "#!/bin/sh\necho 'Step 1/2 : FROM debian'\necho 'Step 2/2 : RUN true'\necho 'Successfully built'\n"
              "echo ' Container demo-workspace  Creating'\nwhile [ ! -e '"
                  + go.toUtf8() + "' ]; do sleep 0.05; done\n",
              true);
        Lifecycle lc{Checkout(dir.path())};
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, compose, QStringLiteral("1.29.2")));
        LifecyclePanel panel(lc);
        auto* bar = panel.findChild<QProgressBar*>(QStringLiteral("lifecycleProgress"));
        auto* output = panel.findChild<QPlainTextEdit*>(QStringLiteral("lifecycleOutput"));
        QVERIFY(bar && output);
        QSignalSpy finished(&lc, &Lifecycle::jobFinished);
        Job* job = lc.build();
        QTRY_VERIFY(output->toPlainText().contains(QStringLiteral("Creating")));
        QVERIFY(!job->isFinished());
        QCOMPARE(bar->maximum(), 0); // busy: nothing measurable is left, and it has not ended
        QVERIFY(job->progress() < 100);
        write(go, "");
        QVERIFY(finished.wait(10000));
        QCOMPARE(job->status(), Job::Status::Succeeded);
        QCOMPARE(bar->maximum(), 100);
        QCOMPARE(bar->value(), 100);
    }

    /// Every lifecycle button says what it runs.
    void buttonsSayWhatTheyRun()
    {
        QTemporaryDir dir;
        Lifecycle lc{Checkout(dir.path())};
        LifecyclePanel panel(lc);
        for (const char* name : {"startButton", "startRestrictedButton", "startConductorButton", "runAutonomousButton", "stopButton", "restartButton",
                                 "buildButton", "nukeButton", "cancelButton"}) {
            auto* b = panel.findChild<QPushButton*>(QLatin1String(name));
            QVERIFY2(b && !b->toolTip().isEmpty(), name);
        }
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("stopButton"))->toolTip().contains(QStringLiteral("down")));
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("buildButton"))->toolTip().contains(QStringLiteral("build workspace")));
        QVERIFY(!panel.findChild<QPlainTextEdit*>(QStringLiteral("lifecycleOutput"))->placeholderText().isEmpty());
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
