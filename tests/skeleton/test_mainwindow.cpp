#include "core/sandbox/Notification.h"
#include "core/sandbox/Sandbox.h"
#include "ui/main/MainWindow.h"

#include "SandboxTestPaths.h"
#include <QAction>
#include <QLabel>
#include <QMessageBox>
#include <QTabWidget>
#include <QtTest>

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
        QCOMPARE(names, (QStringList{QStringLiteral("overviewTab"), QStringLiteral("metricsTab"), QStringLiteral("reportsTab"), QStringLiteral("allowlistsTab"),
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

    void helpAboutAndEmptyViews()
    {
        QCoreApplication::setApplicationVersion(QStringLiteral("9.8.7-test"));
        Sandbox sandbox{Checkout(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT))};
        MainWindow window(sandbox);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* help = window.findChild<QAction*>(QStringLiteral("actionHelp"));
        auto* about = window.findChild<QAction*>(QStringLiteral("actionAbout"));
        QVERIFY(help && about);
        QCOMPARE(help->shortcut(), QKeySequence(QKeySequence::HelpContents)); // F1
        about->trigger();
        QMessageBox* box = nullptr;
        QTRY_VERIFY((box = window.findChild<QMessageBox*>(QStringLiteral("aboutDialog"))));
        QVERIFY2(box->text().contains(QLatin1String("9.8.7-test")), qPrintable(box->text()));
        QVERIFY(box->text().contains(QLatin1String(QT_VERSION_STR)));
        QVERIFY(box->text().contains(QLatin1String("README.md")));
        box->close();

        // Empty views say why they are empty.
        window.showTab(QStringLiteral("overviewTab"));
        auto* services = window.findChild<QLabel*>(QStringLiteral("servicesTableEmpty"));
        QVERIFY(services);
        QTRY_VERIFY(services->isVisible());
        QVERIFY(services->text().contains(QLatin1String("Start")));
        for (const char* name : {"reportsAlertsEmpty", "reportsTimelineEmpty", "postureTableEmpty", "checkResultsEmpty"}) {
            auto* label = window.findChild<QLabel*>(QLatin1String(name));
            QVERIFY2(label && !label->text().isEmpty() && !label->isHidden(), name);
        }
        window.showTab(QStringLiteral("reportsTab"));
        const auto shownEmptyText = [&window] { // the Reports page on show says why it is empty
            for (QLabel* l : window.findChildren<QLabel*>())
                if (l->objectName().startsWith(QLatin1String("reports")) && l->objectName().endsWith(QLatin1String("Empty")) && l->isVisible())
                    return true;
            return false;
        };
        QTRY_VERIFY(shownEmptyText());
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_mainwindow.moc"
