// GUI: loosening a setting from the settings panel opens the review (what changes, the risk, a
// typed confirmation for the worst, a reason); Cancel leaves .env untouched, Approve writes it
// with its audit line; tightening applies at once.
#include "core/settings/Settings.h"
#include "ui/settings/LooseningDialog.h"
#include "ui/settings/SettingsPanel.h"

#include "SandboxTestPaths.h"
#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

#include <functional>

class TestLooseningDialog : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString env() const { return m_dir.filePath(QStringLiteral(".env")); }
    QString audit() const { return m_dir.filePath(QStringLiteral("logs/settings-audit.jsonl")); }
    QByteArray bytes(const QString& path) const
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    template<typename T> static T* find(QWidget* root, const QString& name)
    {
        T* w = root->findChild<T*>(name);
        if (!w)
            qFatal("no widget %s", qPrintable(name));
        return w;
    }
    /// Runs \a act on the review dialog once it is shown modally (by the click that follows).
    void onDialog(const std::function<void(LooseningDialog*)>& act)
    {
        QTimer::singleShot(0, this, [act] {
            auto* d = qobject_cast<LooseningDialog*>(QApplication::activeModalWidget());
            QVERIFY2(d, "no loosening review shown");
            act(d);
        });
    }

private Q_SLOTS:
    void init()
    {
        QDir d(m_dir.path());
        d.removeRecursively();
        QVERIFY(d.mkpath(QStringLiteral("config")));
        QVERIFY(QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"), env()));
        QVERIFY(QFile::setPermissions(env(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void typedConfirmationRequiredForEgressFull()
    {
        SettingsChangeSet change = SettingsChangeSet::of(EnvValues(), QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        LooseningDialog d(change);
        d.show();
        auto* table = find<QTreeWidget>(&d, QStringLiteral("looseningChanges"));
        QCOMPARE(table->topLevelItemCount(), 1);
        QCOMPARE(table->topLevelItem(0)->text(0), QStringLiteral("NETWORK_EGRESS"));
        QCOMPARE(table->topLevelItem(0)->text(1), QStringLiteral("restricted"));
        QCOMPARE(table->topLevelItem(0)->text(2), QStringLiteral("full"));
        QVERIFY(table->topLevelItem(0)->text(3).contains(QLatin1String("internet")));
        QVERIFY(find<QLabel>(&d, QStringLiteral("looseningRisks"))->text().contains(QLatin1String("send out anything in the workspace")));
        auto* approve = find<QPushButton>(&d, QStringLiteral("looseningApprove"));
        auto* typed = find<QLineEdit>(&d, QStringLiteral("confirmLoosen_full"));
        QVERIFY(!approve->isEnabled());
        find<QCheckBox>(&d, QStringLiteral("looseningUnderstood"))->setChecked(true);
        QTest::keyClicks(find<QLineEdit>(&d, QStringLiteral("looseningReason")), QStringLiteral("one download"));
        QVERIFY(!approve->isEnabled()); // not typed yet
        QTest::keyClicks(typed, QStringLiteral("ful"));
        QVERIFY(!approve->isEnabled());
        QTest::keyClicks(typed, QStringLiteral("l"));
        QVERIFY(approve->isEnabled());
        find<QLineEdit>(&d, QStringLiteral("looseningReason"))->clear();
        QVERIFY(!approve->isEnabled()); // a reason is required
        QVERIFY(find<QPushButton>(&d, QStringLiteral("looseningCancel"))->isDefault());
    }

    void cancelLeavesEnvUntouched()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QByteArray before = bytes(env());
        bool shown = false;
        onDialog([&shown](LooseningDialog* d) {
            shown = true;
            QTest::mouseClick(find<QPushButton>(d, QStringLiteral("looseningCancel")), Qt::LeftButton);
        });
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_full")), Qt::LeftButton);
        QVERIFY(shown);
        QCOMPARE(bytes(env()), before);
        QVERIFY(!QFile::exists(audit()));
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("egress_restricted"))->isChecked());
        QVERIFY(!find<QPushButton>(&panel, QStringLiteral("egress_full"))->isChecked());
    }

    void approveWritesValueAndAuditLine()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        onDialog([](LooseningDialog* d) {
            QTest::keyClicks(find<QLineEdit>(d, QStringLiteral("confirmLoosen_full")), QStringLiteral("full"));
            QTest::keyClicks(find<QLineEdit>(d, QStringLiteral("looseningReason")), QStringLiteral("npm install for the task"));
            find<QCheckBox>(d, QStringLiteral("looseningUnderstood"))->setChecked(true);
            QTest::mouseClick(find<QPushButton>(d, QStringLiteral("looseningApprove")), Qt::LeftButton);
        });
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_full")), Qt::LeftButton);
        QVERIFY(bytes(env()).contains("\nNETWORK_EGRESS=full\n"));
        QVERIFY(find<QPushButton>(&panel, QStringLiteral("egress_full"))->isChecked());
        QVERIFY(bytes(audit()).contains("\"reason\":\"npm install for the task\""));

        // Tightening applies at once: no review (a review here would block the click).
        LooseningDialog::setNextAnswer(false); // would refuse, were it asked
        QTest::mouseClick(find<QPushButton>(&panel, QStringLiteral("egress_restricted")), Qt::LeftButton);
        QVERIFY(bytes(env()).contains("\nNETWORK_EGRESS=restricted\n"));
        LooseningDialog::setNextAnswer(std::nullopt);
    }

    void monitorOffAsksToo()
    {
        Settings s(env(), m_dir.path());
        QVERIFY(s.load());
        QVERIFY(s.setMonitorEnabled(Monitor::PortScan, true).ok()); // tightening: no review
        SettingsPanel panel(s);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        const QByteArray before = bytes(env());
        LooseningDialog::setNextAnswer(false);
        QTest::mouseClick(find<QCheckBox>(&panel, QStringLiteral("monitor_portscan")), Qt::LeftButton);
        QCOMPARE(bytes(env()), before);
        QVERIFY(find<QCheckBox>(&panel, QStringLiteral("monitor_portscan"))->isChecked()); // put back
    }
};

QTEST_MAIN(TestLooseningDialog)
#include "test_loosening_dialog.moc"
