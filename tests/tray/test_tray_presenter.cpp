#include "core/sandbox/Sandbox.h"
#include "ui/main/MainWindow.h"
#include "ui/tray/StatusIcons.h"
#include "ui/tray/TrayIcon.h"
#include "ui/tray/TrayPresenter.h"

#include "SandboxTestPaths.h"
#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QStatusBar>
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
};

QTEST_MAIN(TestTrayPresenter)
#include "test_tray_presenter.moc"
