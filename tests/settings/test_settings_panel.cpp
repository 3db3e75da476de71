// GUI: each toggle and switch of the settings panel changes exactly one line of .env on disk;
// autonomous asks for TASK_FILE; restart banner; outside changes; the All settings dialog.
#include "TextLines.h"

#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "ui/overview/OverviewTab.h"
#include "ui/settings/AllSettingsDialog.h"
#include "ui/settings/LooseningDialog.h"
#include "ui/settings/SettingsPanel.h"

#include "SandboxTestPaths.h"
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFile>
#include <QFrame>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

class TestSettingsPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString env() const { return m_dir.filePath(QStringLiteral(".env")); }
    QByteArray bytes() const
    {
        QFile f(env());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    template<typename T> static T* find(QWidget* root, const QString& name)
    {
        T* w = root->findChild<T*>(name);
        if (!w)
            qFatal("no widget %s", qPrintable(name));
        return w;
    }
    /// Clicks \a name and checks that exactly one line of .env changed to contain \a expect.
    void clickChangesOneLine(QWidget* root, const QString& name, const QByteArray& expect)
    {
        const QByteArray before = bytes();
        auto* b = find<QAbstractButton>(root, name);
        QVERIFY2(b->isVisible() && b->isEnabled(), qPrintable(name));
        QTest::mouseClick(b, Qt::LeftButton);
        QCOMPARE(changedLines(before, bytes()), 1);
        QVERIFY2(bytes().contains('\n' + expect + '\n'), qPrintable(name));
        QVERIFY(b->isChecked());
    }

private Q_SLOTS:
    void init()
    {
        QDir d(m_dir.path());
        d.removeRecursively();
        QVERIFY(d.mkpath(QStringLiteral("config")));
        QVERIFY(QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"), env()));
        QVERIFY(
            QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/config/port-allowlist.txt"), m_dir.filePath(QStringLiteral("config/port-allowlist.txt"))));
        QVERIFY(QFile::setPermissions(env(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void togglesAndSwitches()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("mode_interactive"))->isChecked());
        QVERIFY(!find<QWidget>(&panel, QStringLiteral("mcpRow"))->isVisible());
        clickChangesOneLine(&panel, QStringLiteral("mode_conductor"), "OPERATION_MODE=conductor");
        QVERIFY(find<QWidget>(&panel, QStringLiteral("mcpRow"))->isVisible());
        QCOMPARE(find<QLineEdit>(&panel, QStringLiteral("mcpEndpoint"))->text(), QStringLiteral("http://localhost:8443/mcp"));
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("mcpCopy")), Qt::LeftButton);
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("http://localhost:8443/mcp"));
        clickChangesOneLine(&panel, QStringLiteral("mode_interactive"), "OPERATION_MODE=interactive");
        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // a loosening asks first (test_loosening_dialog)
        clickChangesOneLine(&panel, QStringLiteral("egress_full"), "NETWORK_EGRESS=full");
        clickChangesOneLine(&panel, QStringLiteral("egress_restricted"), "NETWORK_EGRESS=restricted");
        clickChangesOneLine(&panel, QStringLiteral("monitor_portscan"), "PORTSCAN_ENABLED=true");
        clickChangesOneLine(&panel, QStringLiteral("monitor_resources"), "RESOURCE_MONITOR_ENABLED=true");
        clickChangesOneLine(&panel, QStringLiteral("monitor_autolog"), "AUTOLOG_ENABLED=true");
        clickChangesOneLine(&panel, QStringLiteral("monitor_dashboard"), "DASHBOARD_ENABLED=true");
        // Intervals: the spin box writes its key only.
        auto* spin = find<QSpinBox>(&panel, QStringLiteral("interval_portscan"));
        QVERIFY(spin->isEnabled());
        const QByteArray before = bytes();
        spin->setValue(120);
        QCOMPARE(changedLines(before, bytes()), 1);
        QVERIFY(bytes().contains("\nPORTSCAN_INTERVAL=120\n"));
        // Switch off again: one line.
        const QByteArray b2 = bytes();
        QTest::mouseClick(find<QCheckBox>(&panel, QStringLiteral("monitor_dashboard")), Qt::LeftButton);
        QCOMPARE(changedLines(b2, bytes()), 1);
        QVERIFY(bytes().contains("\nDASHBOARD_ENABLED=false\n"));
    }

    void autonomousAsksForTaskFile()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QByteArray before = bytes();
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("mode_autonomous")), Qt::LeftButton);
        QCOMPARE(bytes(), before); // nothing written yet
        QVERIFY(find<QWidget>(&panel, QStringLiteral("taskPrompt"))->isVisible());
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("mode_interactive"))->isChecked());
        QTest::keyClicks(find<QLineEdit>(&panel, QStringLiteral("taskFileEdit")), QStringLiteral("specs/task one.md"));
        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // autonomous loosens: reviewed
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("taskFileApply")), Qt::LeftButton);
        QCOMPARE(changedLines(before, bytes()), 2); // TASK_FILE and OPERATION_MODE
        QVERIFY(bytes().contains("\nTASK_FILE=\"specs/task one.md\"\n"));
        QVERIFY(bytes().contains("\nOPERATION_MODE=autonomous\n"));
        QVERIFY(!find<QWidget>(&panel, QStringLiteral("taskPrompt"))->isVisible());
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("mode_autonomous"))->isChecked());
        // With TASK_FILE set, the toggle is a single-line change.
        clickChangesOneLine(&panel, QStringLiteral("mode_interactive"), "OPERATION_MODE=interactive");
        LooseningDialog::setNextAnswer(true, QStringLiteral("test"));
        clickChangesOneLine(&panel, QStringLiteral("mode_autonomous"), "OPERATION_MODE=autonomous");
    }

    void restartBanner()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* banner = find<QFrame>(&panel, QStringLiteral("restartBanner"));
        QVERIFY(!banner->isVisible());
        s.setStackRunning(true);
        LooseningDialog::setNextAnswer(true, QStringLiteral("test"));
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_full")), Qt::LeftButton);
        QVERIFY(banner->isVisible());
        // The setting's label, not its .env key; the need in core's words (as Posture and the allowlists say it).
        const QString text = find<QLabel>(&panel, QStringLiteral("restartText"))->text();
        QVERIFY2(text.contains(QStringLiteral("Network egress")) && !text.contains(QStringLiteral("NETWORK_EGRESS")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("restart needed; restart the stack (Restart) to apply")), qPrintable(text));
        QSignalSpy restart(&panel, &SettingsPanel::restartRequested);
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("restartToApplyButton")), Qt::LeftButton);
        QCOMPARE(restart.size(), 1);
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_restricted")), Qt::LeftButton);
        QVERIFY(!banner->isVisible()); // back to what runs
    }

    void bannersDoNotMoveControls()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.resize(700, 900);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QStringList controls{QStringLiteral("mode_interactive"),  QStringLiteral("mode_autonomous"),  QStringLiteral("mode_conductor"),
                                   QStringLiteral("egress_restricted"), QStringLiteral("egress_full"),      QStringLiteral("monitor_portscan"),
                                   QStringLiteral("monitor_dashboard"), QStringLiteral("allSettingsButton")};
        const auto where = [&] {
            QList<QPoint> at;
            for (const QString& name : controls)
                at << find<QWidget>(&panel, name)->mapTo(&panel, QPoint(0, 0));
            return at;
        };
        const QList<QPoint> before = where();
        // Each click makes something appear: the restart banner, the MCP row, the task prompt, the
        // outside-change banner. The next click must still land on the control that was there.
        s.setStackRunning(true);
        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // full egress loosens: reviewed
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_full")), Qt::LeftButton);
        QVERIFY(find<QFrame>(&panel, QStringLiteral("restartBanner"))->isVisible());
        QCOMPARE(where(), before);
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("mode_conductor")), Qt::LeftButton);
        QVERIFY(find<QWidget>(&panel, QStringLiteral("mcpRow"))->isVisible());
        QCOMPARE(where(), before);
        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // autonomous loosens: reviewed
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("mode_autonomous")), Qt::LeftButton);
        QVERIFY(find<QWidget>(&panel, QStringLiteral("taskPrompt"))->isVisible());
        QCOMPARE(where(), before);
        QByteArray outside = bytes();
        outside.replace("AUTOLOG_ENABLED=false", "AUTOLOG_ENABLED=true");
        {
            QFile f(env());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(outside);
        }
        LooseningDialog::setNextAnswer(true, QStringLiteral("test"));                                   // in case the switch turns a monitor off
        QTest::mouseClick(find<QCheckBox>(&panel, QStringLiteral("monitor_portscan")), Qt::LeftButton); // refused: changed on disk
        LooseningDialog::setNextAnswer(std::nullopt);
        QVERIFY(find<QFrame>(&panel, QStringLiteral("diskBanner"))->isVisible());
        QCOMPARE(where(), before);
    }

    /// In the Overview, what appears in the settings box does not push the lifecycle buttons aside.
    void bannersDoNotMoveTheLifecycleButtons()
    {
        Sandbox sandbox{Checkout(m_dir.path())};
        sandbox.start({.watchFiles = false, .followEngine = false});
        OverviewTab tab(sandbox);
        tab.resize(1100, 900);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        const QStringList controls{QStringLiteral("startButton"), QStringLiteral("stopButton"), QStringLiteral("buildButton"),
                                   QStringLiteral("mode_autonomous"), QStringLiteral("egress_full")};
        // Relative to the settings panel: the row they share may move as a whole when the checkout
        // box above it changes, but neither column may push the other.
        auto* panel = find<SettingsPanel>(&tab, QStringLiteral("settingsPanel"));
        const auto where = [&] {
            QList<QRect> at;
            for (const QString& name : controls) {
                auto* w = find<QWidget>(&tab, name);
                at << QRect(w->mapTo(&tab, QPoint(0, 0)) - panel->mapTo(&tab, QPoint(0, 0)), w->size());
            }
            return at;
        };
        const QList<QRect> before = where();
        LooseningDialog::setNextAnswer(true, QStringLiteral("test"));                                  // autonomous loosens: reviewed
        QTest::mouseClick(find<QPushButton>(&tab, QStringLiteral("mode_autonomous")), Qt::LeftButton); // asks for TASK_FILE
        QVERIFY(find<QWidget>(&tab, QStringLiteral("taskPrompt"))->isVisible());
        QCOMPARE(where(), before);
        sandbox.settings().setStackRunning(true);
        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // full egress loosens: reviewed
        QTest::mouseClick(find<QPushButton>(&tab, QStringLiteral("egress_full")), Qt::LeftButton);
        QVERIFY(find<QFrame>(&tab, QStringLiteral("restartBanner"))->isVisible());
        QCOMPARE(where(), before);
    }

    void outsideChange()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        // Changed behind our back, before any watcher event: the toggle is refused.
        QByteArray outside = bytes();
        outside.replace("NETWORK_EGRESS=restricted", "NETWORK_EGRESS=full");
        {
            QFile f(env());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(outside);
        }
        QTest::mouseClick(find<QCheckBox>(&panel, QStringLiteral("monitor_portscan")), Qt::LeftButton);
        QCOMPARE(bytes(), outside);
        QVERIFY(!find<QCheckBox>(&panel, QStringLiteral("monitor_portscan"))->isChecked());
        QVERIFY(find<QFrame>(&panel, QStringLiteral("diskBanner"))->isVisible());
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("reloadButton")), Qt::LeftButton);
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("egress_full"))->isChecked());
        QVERIFY(!find<QFrame>(&panel, QStringLiteral("diskBanner"))->isVisible());
        clickChangesOneLine(&panel, QStringLiteral("monitor_portscan"), "PORTSCAN_ENABLED=true");
        // The watcher picks up outside edits and the panel follows.
        s.setWatching(true);
        outside = bytes();
        outside.replace("AUTOLOG_ENABLED=false", "AUTOLOG_ENABLED=true");
        {
            QFile f(env());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(outside);
        }
        QTRY_VERIFY_WITH_TIMEOUT(find<QCheckBox>(&panel, QStringLiteral("monitor_autolog"))->isChecked(), 5000);
        QVERIFY(find<QFrame>(&panel, QStringLiteral("diskBanner"))->isVisible());
        QCOMPARE(s.lastReloadDiff(), (QStringList{QStringLiteral("-AUTOLOG_ENABLED=false"), QStringLiteral("+AUTOLOG_ENABLED=true")}));
    }

    void allSettingsDialog()
    {
        QByteArray start = bytes();
        start.replace("GITHUB_TOKEN=\n", "GITHUB_TOKEN=ghp_dialogsecret99\n");
        {
            QFile f(env());
            QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
            f.write(start);
        }
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        AllSettingsDialog dialog(s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        // Grouped by the file's sections.
        QStringList titles;
        for (auto* box : dialog.findChildren<QGroupBox*>())
            titles << box->title();
        QVERIFY(titles.contains(QStringLiteral("Runtime monitoring (opt-in)")));
        QVERIFY(titles.contains(QStringLiteral("Security and hardening")));
        auto* token = find<QLineEdit>(&dialog, QStringLiteral("edit_GITHUB_TOKEN"));
        QCOMPARE(token->echoMode(), QLineEdit::Password);
        QVERIFY(token->displayText() != token->text());
        find<QToolButton>(&dialog, QStringLiteral("reveal_GITHUB_TOKEN"))->click();
        QCOMPARE(token->echoMode(), QLineEdit::Normal);
        QCOMPARE(token->displayText(), QStringLiteral("ghp_dialogsecret99"));
        // An invalid edit is refused inline; the file is untouched.
        auto* port = find<QLineEdit>(&dialog, QStringLiteral("edit_APP_PORT"));
        port->setFocus();
        port->setText(QStringLiteral("9999"));
        QMetaObject::invokeMethod(port, "editingFinished");
        QCOMPARE(bytes(), start);
        auto* note = find<QLabel>(&dialog, QStringLiteral("note_APP_PORT"));
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("port-allowlist")));
        // A valid edit changes one line.
        port->setText(QStringLiteral("8000"));
        QMetaObject::invokeMethod(port, "editingFinished");
        QCOMPARE(changedLines(start, bytes()), 1);
        QVERIFY(bytes().contains("\nAPP_PORT=8000\n"));
        QVERIFY(!note->isVisible());
        // Existing problems show inline (no seccomp file in this copy).
        QVERIFY(find<QLabel>(&dialog, QStringLiteral("note_SECCOMP_PROFILE"))->text().startsWith(QStringLiteral("error: ")));
    }

    void allSettingsShowsFileFindings()
    {
        QFile f(env());
        QVERIFY(f.open(QIODevice::Append));
        f.write("not a line\n");
        f.close();
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        AllSettingsDialog dialog(s);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        auto* notes = find<QLabel>(&dialog, QStringLiteral("fileFindings"));
        QVERIFY(notes->isVisible());
        QVERIFY2(notes->text().contains(QStringLiteral("error line ")), qPrintable(notes->text()));
        QVERIFY(find<QLabel>(&dialog, QStringLiteral("allSettingsStatus"))->text().contains(QStringLiteral("need attention")));
    }

    void resourcesSwitchChangesTheAlertRulesAtOnce()
    {
        // The Overview's RESOURCE_MONITOR_ENABLED switch: the sandbox's reports follow at once
        // (no restart of the panel): the "gone silent" rule for resources.jsonl is on, then off.
        Sandbox sandbox{Checkout(m_dir.path())};
        sandbox.start({.watchFiles = false, .followEngine = false}); // loads .env
        QVERIFY(sandbox.settings().setMonitorInterval(Monitor::Resources, 10).ok());
        Reports& reports = sandbox.reports();
        reports.start();
        QVERIFY(!reports.settings().resources.enabled);
        OverviewTab tab(sandbox);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        auto* panel = find<SettingsPanel>(&tab, QStringLiteral("settingsPanel"));
        const QDateTime later = QDateTime::currentDateTimeUtc().addSecs(3600);
        reports.checkSilence(later);
        QCOMPARE(reports.alerts().alerts().size(), 0);

        clickChangesOneLine(panel, QStringLiteral("monitor_resources"), "RESOURCE_MONITOR_ENABLED=true");
        QVERIFY(reports.settings().resources.enabled);
        QCOMPARE(reports.settings().resources.intervalSeconds, 10);
        reports.checkSilence(later);
        QCOMPARE(reports.alerts().alerts().size(), 1);
        QCOMPARE(reports.alerts().alerts().first().kind, Alert::Kind::ReportSilent);

        LooseningDialog::setNextAnswer(true, QStringLiteral("test")); // a monitor off is reviewed first
        QTest::mouseClick(find<QAbstractButton>(panel, QStringLiteral("monitor_resources")), Qt::LeftButton);
        QVERIFY(!reports.settings().resources.enabled);
        reports.checkSilence(later.addSecs(3600));
        QCOMPARE(reports.alerts().alerts().size(), 1);
    }

    void overviewScreenshot()
    {
        Sandbox sandbox{Checkout(m_dir.path())};
        sandbox.start({.watchFiles = false, .followEngine = false});
        sandbox.settings().setStackRunning(true);
        QVERIFY(sandbox.settings().setMode(OperationMode::Conductor).ok());
        QVERIFY(sandbox.settings().setMonitorEnabled(Monitor::PortScan, true).ok());
        OverviewTab tab(sandbox);
        tab.resize(900, 900);
        tab.show();
        QVERIFY(QTest::qWaitForWindowExposed(&tab));
        auto* panel = find<SettingsPanel>(&tab, QStringLiteral("settingsPanel"));
        QVERIFY(find<QPushButton>(panel, QStringLiteral("mode_conductor"))->isChecked());
        QVERIFY(tab.grab().save(QStringLiteral("/tmp/settings-overview.png")));
    }
};

QTEST_MAIN(TestSettingsPanel)
#include "test_settings_panel.moc"
