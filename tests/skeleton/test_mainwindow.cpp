#include "ui/main/MainWindow.h"
#include "core/sandbox/Notification.h"
#include "core/sandbox/Sandbox.h"

#include <QTabWidget>
#include <QtTest>
#include "SandboxTestPaths.h"

class TestMainWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void windowShowsTitleAndTabs()
    {
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QVERIFY(window.windowTitle().startsWith(QLatin1String("fixture-checkout")));
        auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
        QVERIFY(tabs);
        QStringList names;
        for (int i = 0; i < tabs->count(); ++i)
            names << tabs->widget(i)->objectName();
        QCOMPARE(names, (QStringList{QStringLiteral("overviewTab"), QStringLiteral("metricsTab"),
                                     QStringLiteral("reportsTab"), QStringLiteral("allowlistsTab"),
                                     QStringLiteral("logsTab"), QStringLiteral("postureTab")}));
        QVERIFY(window.showTab(QStringLiteral("reportsTab")));
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("reportsTab"));
        QVERIFY(!window.showTab(QStringLiteral("noSuchTab")));
        QVERIFY(window.findChild<QWidget*>(QStringLiteral("statusHeader")));
        // A click on a notification opens its target.
        window.open({NotificationTarget::Tab::Posture, {}});
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("postureTab"));
        window.open({NotificationTarget::Tab::Reports, {QStringLiteral("/nowhere/portscan.jsonl"), 0, 1}});
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("reportsTab"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
