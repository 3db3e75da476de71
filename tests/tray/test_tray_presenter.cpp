#include "core/appconfig/OneTimeNotices.h"
#include "core/docker/StackActions.h"
#include "core/sandbox/Sandbox.h"
#include "ui/main/MainWindow.h"
#include "ui/main/PanelBinding.h"
#include "ui/tray/StatusIcons.h"
#include "ui/tray/TrayIcon.h"
#include "ui/tray/TrayPresenter.h"

#include "SandboxTestPaths.h"
#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>

class TestTrayPresenter : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void eachStackStateHasItsOwnKind_data()
    {
        QTest::addColumn<StackState>("state");
        QTest::addColumn<int>("kind");
        QTest::newRow("running") << StackState::Running << int(StatusKind::Healthy);
        QTest::newRow("starting") << StackState::Starting << int(StatusKind::Transitional);
        QTest::newRow("stopping") << StackState::Stopping << int(StatusKind::Transitional);
        QTest::newRow("degraded") << StackState::Degraded << int(StatusKind::Degraded);
        QTest::newRow("error") << StackState::Error << int(StatusKind::Degraded);
        QTest::newRow("stopped") << StackState::Stopped << int(StatusKind::Stopped);
        QTest::newRow("engine") << StackState::EngineUnavailable << int(StatusKind::Unavailable);
    }
    void eachStackStateHasItsOwnKind()
    {
        QFETCH(StackState, state);
        QFETCH(int, kind);
        TrayPresenter p;
        p.setStackState(StackState::Stopped);
        QSignalSpy changed(&p, &TrayPresenter::changed);
        p.setStackState(state);
        QCOMPARE(int(p.kind()), kind);
        QCOMPARE(p.stackState(), state);
        QCOMPARE(changed.count(), state == StackState::Stopped ? 0 : 1);
        QVERIFY(p.toolTip().startsWith(QLatin1String("Sandbox: ")));
    }

    void iconsDifferInShapeNotOnlyColour()
    {
        // Compare alpha masks: the shapes must differ even with colour removed.
        QList<QImage> masks;
        for (StatusKind k : {StatusKind::Healthy, StatusKind::Transitional, StatusKind::Degraded, StatusKind::Stopped, StatusKind::Unavailable}) {
            QImage img = StatusIcons::icon(k).pixmap(32, 32).toImage().convertToFormat(QImage::Format_Grayscale8);
            masks << img;
        }
        for (int i = 0; i < masks.size(); ++i)
            for (int j = i + 1; j < masks.size(); ++j)
                QVERIFY2(masks[i] != masks[j], qPrintable(QStringLiteral("kinds %1 and %2 look alike").arg(i).arg(j)));
    }

    void tooltipAndHeaderCarryModeUsageAlertsAndPosture()
    {
        TrayPresenter p;
        p.setStackState(StackState::Running);
        p.setModeAndEgress(QStringLiteral("conductor"), QStringLiteral("restricted"));
        p.setUsage(150.0, 256 * 1024 * 1024);
        p.setUnacknowledgedAlerts(3);
        p.setPosture(15, 17);
        p.setUnreviewedAllowlists(true);
        QVERIFY(p.toolTip().contains(QLatin1String("conductor")));
        QVERIFY(p.toolTip().contains(QLatin1String("150.0%")));
        QVERIFY(p.toolTip().contains(QLatin1String("one core")));
        QVERIFY(p.headerText().contains(QLatin1String("15/17 controls pass")));
        QVERIFY(p.headerText().contains(QLatin1String("3 unacknowledged")));
        QVERIFY(p.headerText().contains(QLatin1String("unreviewed allowlist")));
        QCOMPARE(p.badge(), 3);
    }

    void headerShowsWhatRunsAndPendingEdits()
    {
        TrayPresenter p;
        p.setStackState(StackState::Running);
        p.setModeAndEgress(QStringLiteral("interactive"), QStringLiteral("restricted")); // what runs
        p.setPending({QStringLiteral("egress full")});                                   // the .env edit
        p.setPosture(16, 17, 1);
        QVERIFY2(p.headerText().contains(QStringLiteral("egress restricted · after restart: egress full")), qPrintable(p.headerText()));
        QVERIFY2(p.headerText().contains(QLatin1String("16/17 controls pass, 1 warning")), qPrintable(p.headerText()));
        QVERIFY(p.toolTip().contains(QLatin1String("After restart: egress full")));
        p.setLoosened({QStringLiteral("egress full"), QStringLiteral("port scan off")});
        QVERIFY(p.toolTip().contains(QLatin1String("Warning: loosened in the running workspace: egress full, port scan off")));
        p.setPending({});
        QVERIFY(!p.headerText().contains(QLatin1String("after restart")));
    }

    void windowHeaderFollowsPresenterAndNotificationsFallBackToStatusBar()
    {
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        TrayPresenter presenter;
        TrayIcon tray(window, presenter);
        QVERIFY(!tray.available()); // offscreen: no system tray, the clean fallback
        auto* header = window.findChild<QLabel*>(QStringLiteral("statusHeader"));
        presenter.setStackState(StackState::Degraded);
        QVERIFY(header->text().startsWith(QLatin1String("Degraded")));
        Notification n;
        n.title = QStringLiteral("Container exited");
        n.detail = QStringLiteral("workspace exited with 137");
        presenter.notify(n);
        QVERIFY(window.statusBar()->currentMessage().contains(QLatin1String("exited with 137")));
        for (const char* name : {"trayOpenPanel", "trayStart", "trayStop", "trayRestart", "trayModeConductor", "trayEgressFull", "trayMonitorPortscan",
                                 "trayOpenWebUi", "trayQuit"})
            QVERIFY2(tray.action(QString::fromLatin1(name)), name);
        QVERIFY(tray.action(QStringLiteral("trayOpenPanel"))->isEnabled());
    }

    void notificationIconFollowsSeverityNotTheStack()
    {
        // "Hardening control failed" while the stack runs: an orange triangle, not a green check.
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        TrayPresenter presenter;
        TrayIcon tray(window, presenter);
        presenter.setStackState(StackState::Running);
        QCOMPARE(presenter.kind(), StatusKind::Healthy);
        const std::pair<Alert::Severity, StatusKind> cases[] = {{Alert::Severity::Warning, StatusKind::Degraded},
                                                                {Alert::Severity::Critical, StatusKind::Unavailable},
                                                                {Alert::Severity::Info, StatusKind::Healthy}};
        for (const auto& [severity, kind] : cases) {
            Notification n;
            n.kind = Notification::Kind::ControlFailed;
            n.severity = severity;
            n.title = QStringLiteral("Hardening control failed: egress");
            n.detail = QStringLiteral("the workspace reaches the internet");
            presenter.notify(n);
            QCOMPARE(tray.notificationIcon(), kind);
            // Without a tray the status bar says the severity in words.
            const QString name = Alert::severityName(severity);
            QVERIFY2(window.statusBar()->currentMessage().startsWith(name.left(1).toUpper() + name.mid(1) + QStringLiteral(" — Hardening")),
                     qPrintable(window.statusBar()->currentMessage()));
        }
        presenter.setStackState(StackState::Stopped);
        Notification critical;
        critical.severity = Alert::Severity::Critical;
        presenter.notify(critical);
        QCOMPARE(tray.notificationIcon(), StatusKind::Unavailable);
    }

    /// Start while stopped; Stop, Restart while up; Open OpenCode once it answers; nothing during a job.
    void trayMenuOffersWhatTheStateAllows()
    {
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        TrayPresenter presenter;
        TrayIcon tray(window, presenter);
        PanelBinding binding(sandbox, presenter, tray, window);
        const auto enabled = [&tray] {
            QStringList on;
            for (const char* name : {"trayStart", "trayStop", "trayRestart", "trayOpenWebUi"})
                if (tray.action(QString::fromLatin1(name))->isEnabled())
                    on << QString::fromLatin1(name);
            return on;
        };
        // The engine has not answered yet: the lifecycle is offered, OpenCode is not known to answer.
        QCOMPARE(enabled(), (QStringList{"trayStart", "trayStop", "trayRestart"}));
        tray.offer(StackActions::of(StackState::Stopped, false));
        QCOMPARE(enabled(), QStringList{"trayStart"});
        ServiceInfo workspace;
        workspace.service = QStringLiteral("workspace");
        workspace.hasHealthcheck = workspace.healthcheckKnown = true;
        workspace.state = ServiceState::Starting;
        tray.offer(StackActions::of(StackState::Starting, false, workspace));
        QCOMPARE(enabled(), (QStringList{"trayStop", "trayRestart"}));
        workspace.state = ServiceState::Healthy;
        tray.offer(StackActions::of(StackState::Running, false, workspace));
        QCOMPARE(enabled(), (QStringList{"trayStop", "trayRestart", "trayOpenWebUi"}));
        tray.offer(StackActions::of(StackState::Running, true, workspace)); // a Restart runs
        QCOMPARE(enabled(), QStringList{"trayOpenWebUi"});
        tray.offer(StackActions::of(StackState::Stopping, false, workspace));
        QCOMPARE(enabled(), QStringList{"trayStart"});
    }

    /// The first close that only hides the window says the panel still runs and how to quit it;
    /// later closes (and later runs) do not repeat it.
    void closingToTheTrayIsExplainedOnce()
    {
        QTemporaryDir config;
        qputenv("SANDBOX_PANEL_CONFIG", config.filePath(QStringLiteral("sandbox-panel.yaml")).toUtf8());
        QVERIFY(!OneTimeNotices::shown(OneTimeNotices::kCloseToTray));
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        TrayPresenter presenter;
        TrayIcon tray(window, presenter);
        window.setHideOnClose(true);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.close();
        QVERIFY(!window.isVisible());
        const QString notice = window.statusBar()->currentMessage();
        QVERIFY2(notice.contains(QLatin1String("still runs in the tray")) && notice.contains(QLatin1String("Quit from its menu")), qPrintable(notice));
        QVERIFY(OneTimeNotices::shown(OneTimeNotices::kCloseToTray));
        QVERIFY(QFile::exists(config.filePath(QStringLiteral("panel-state.ini"))));
        window.statusBar()->clearMessage();
        window.show();
        window.close();
        QVERIFY(!window.isVisible());
        QVERIFY(window.statusBar()->currentMessage().isEmpty());
        qunsetenv("SANDBOX_PANEL_CONFIG");
    }
};

QTEST_MAIN(TestTrayPresenter)
#include "test_tray_presenter.moc"
