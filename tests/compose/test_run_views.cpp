// The Overview's ways into a running stack (Open OpenCode, Copy MCP endpoint) and the
// autonomous run view (task file, live autonomous.log, elapsed time, exit status, one
// notification), offscreen, through object names.
#include "core/compose/Lifecycle.h"
#include "core/sandbox/Notifier.h"
#include "core/settings/Settings.h"
#include "ui/lifecycle/AutonomousRunView.h"
#include "ui/overview/EndpointActions.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

namespace {
template<typename T> T* find(QWidget& root, const char* name)
{
    T* w = root.findChild<T*>(QLatin1String(name));
    if (!w)
        qFatal("no widget %s", name);
    return w;
}

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

class TestRunViews : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void endpointActionsFollowModeAndState()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral(".env")), "PROJECT_NAME=demo\nOPERATION_MODE=interactive\nOPENCODE_PORT=3123\nMCP_BRIDGE_PORT=8555\n");
        Settings settings(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(settings.load());
        Lifecycle lc{Checkout(dir.path())};
        EndpointActions view(settings, lc);
        QList<QUrl> opened;
        view.setUrlOpener([&](const QUrl& url) {
            opened << url;
            return true;
        });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto* open = find<QPushButton>(view, "openOpenCodeButton");
        auto* copy = find<QPushButton>(view, "copyMcpEndpointButton");
        view.setStackState(StackState::Stopped);
        QVERIFY(open->isVisible());
        QVERIFY(!open->isEnabled()); // nothing answers while the stack is down
        QVERIFY(!copy->isVisible());
        ServiceInfo workspace;
        workspace.service = QStringLiteral("workspace");
        workspace.state = ServiceState::Healthy; // its health check probes OpenCode's port
        view.setStackState(StackState::Running, workspace);
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(opened, QList<QUrl>{QUrl(QStringLiteral("http://localhost:3123/"))});
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        QTest::keyClick(&view, Qt::Key_O, Qt::ControlModifier); // keyboard: Ctrl+O (an animated click)
        QTRY_COMPARE(opened.size(), 2);

        QVERIFY(settings.setMode(OperationMode::Conductor).ok());
        QTRY_VERIFY(copy->isVisible());
        QVERIFY(!open->isVisible());
        QVERIFY(copy->isEnabled());
        QGuiApplication::clipboard()->clear();
        QTest::mouseClick(copy, Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://localhost:8555/mcp"));
        QVERIFY(find<QLabel>(view, "endpointStatus")->text().contains(QLatin1String("http://localhost:8555/mcp")));
        QGuiApplication::clipboard()->clear();
        QTest::keyClick(&view, Qt::Key_C, Qt::ControlModifier | Qt::ShiftModifier);
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://localhost:8555/mcp"));

        view.setStackState(StackState::Stopped);
        QVERIFY(!copy->isEnabled());
    }

    /// Open OpenCode waits until OpenCode answers (the workspace's health check), and says so
    /// when no browser could be started instead of claiming it opened.
    void openOpenCodeOnlyWhenItAnswers()
    {
        QTemporaryDir dir;
        write(dir.filePath(QStringLiteral(".env")), "PROJECT_NAME=demo\nOPERATION_MODE=interactive\nOPENCODE_PORT=3123\n");
        Settings settings(dir.filePath(QStringLiteral(".env")), dir.path());
        QVERIFY(settings.load());
        Lifecycle lc{Checkout(dir.path())};
        EndpointActions view(settings, lc);
        bool browser = false;
        int asked = 0;
        view.setUrlOpener([&](const QUrl&) {
            ++asked;
            return browser;
        });
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        auto* open = find<QPushButton>(view, "openOpenCodeButton");
        auto* status = find<QLabel>(view, "endpointStatus");
        ServiceInfo workspace;
        workspace.service = QStringLiteral("workspace");
        workspace.hasHealthcheck = workspace.healthcheckKnown = true;
        workspace.state = ServiceState::Starting; // running, OpenCode not answering yet
        view.setStackState(StackState::Starting, workspace);
        QVERIFY(!open->isEnabled());
        QVERIFY(open->toolTip().contains(QStringLiteral("once OpenCode answers")));
        workspace.state = ServiceState::Healthy;
        view.setStackState(StackState::Running, workspace);
        QVERIFY(open->isEnabled());
        QTest::mouseClick(open, Qt::LeftButton); // no browser on this machine
        QCOMPARE(asked, 1);
        QVERIFY2(!status->text().startsWith(QStringLiteral("Opened")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("no web browser")) && status->text().contains(QStringLiteral("http://localhost:3123/")),
                 qPrintable(status->text()));
        browser = true;
        QTest::mouseClick(open, Qt::LeftButton);
        QCOMPARE(status->text(), QStringLiteral("Opened http://localhost:3123/"));
        workspace.state = ServiceState::Unhealthy; // up, but OpenCode stopped answering
        view.setStackState(StackState::Degraded, workspace);
        QVERIFY(!open->isEnabled());
    }

    void autonomousRunView_data()
    {
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("status");
        QTest::addColumn<int>("kind");
        QTest::newRow("finished") << 0 << "finished (exit 0)" << int(Notification::Kind::AutonomousFinished);
        QTest::newRow("failed") << 3 << "failed (exit 3)" << int(Notification::Kind::AutonomousFailed);
    }
    void autonomousRunView()
    {
        QFETCH(int, exitCode);
        QFETCH(QString, status);
        QFETCH(int, kind);
        QTemporaryDir dir;
        const QString log = dir.filePath(QStringLiteral("projects/demo/logs/autonomous.log"));
        write(dir.filePath(QStringLiteral(".env")),
              "PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + dir.filePath(QStringLiteral("projects")).toUtf8() + "\nTASK_FILE=tasks/hello.md\n");
        // A stand-in for `compose run --rm -T workspace`: the task writes its log and exits.
        const QString compose = dir.filePath(QStringLiteral("fake-compose"));
        write(compose, "#!/bin/sh\nfor i in 1 2 3; do echo \"step $i done\" >> '" + log.toUtf8() + "'; done\nexit " + QByteArray::number(exitCode) + "\n",
              true);
        Lifecycle lc{Checkout(dir.path())};
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, compose, QStringLiteral("1.29.2")));
        Notifier notifier;
        notifier.followLifecycle(lc);
        QSignalSpy notes(&notifier, &Notifier::notification);
        QWidget overview; // the view sits in the Overview, hidden until a run starts
        auto& view = *new AutonomousRunView(lc, &overview);
        overview.show();
        QVERIFY(!view.isVisible());
        QSignalSpy finished(&lc, &Lifecycle::autonomousFinished);
        Job* job = lc.runAutonomous();
        QVERIFY(finished.wait(20000));
        QCOMPARE(job->exitCode(), exitCode);
        QVERIFY(view.isVisible());
        QCOMPARE(find<QLabel>(view, "autonomousTaskFile")->text(), QStringLiteral("tasks/hello.md"));
        QTRY_VERIFY(find<QPlainTextEdit>(view, "autonomousOutput")->toPlainText().contains(QLatin1String("step 3 done")));
        QVERIFY2(find<QLabel>(view, "autonomousStatus")->text().startsWith(status), qPrintable(find<QLabel>(view, "autonomousStatus")->text()));
        QVERIFY(find<QLabel>(view, "autonomousElapsed")->text().endsWith(QLatin1String(" s")));
        QCOMPARE(notes.size(), 1);
        const Notification n = notes.at(0).at(0).value<Notification>();
        QCOMPARE(int(n.kind), kind);
        QVERIFY(n.detail.contains(QLatin1String("tasks/hello.md")));
    }
};

QTEST_MAIN(TestRunViews)
#include "test_run_views.moc"
