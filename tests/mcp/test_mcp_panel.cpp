// The MCP section of the Allowlists tab, through object names: servers with kind and findings,
// the review through the allowlists' ReviewDialog (tick + typed name for a server with an inline
// secret), the audit line, and no secret in any widget.
#include "McpFixture.h"

#include "core/allowlist/AuditLog.h"
#include "core/compose/Lifecycle.h"
#include "core/compose/Preflight.h"
#include "core/sandbox/Sandbox.h"
#include "ui/allowlist/McpPanel.h"
#include "ui/allowlist/ReviewDialog.h"
#include "ui/lifecycle/LifecyclePanel.h"
#include "ui/main/MainWindow.h"
#include "ui/main/PanelBinding.h"
#include "ui/tray/TrayIcon.h"
#include "ui/tray/TrayPresenter.h"

#include <QAction>

#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

namespace {
QString allText(QWidget* root)
{
    QStringList out;
    for (QLabel* l : root->findChildren<QLabel*>())
        out << l->text();
    for (QLineEdit* e : root->findChildren<QLineEdit*>())
        out << e->text() << e->placeholderText();
    for (QListWidget* w : root->findChildren<QListWidget*>())
        for (int i = 0; i < w->count(); ++i)
            out << w->item(i)->text();
    for (QTreeWidget* t : root->findChildren<QTreeWidget*>())
        for (int i = 0; i < t->topLevelItemCount(); ++i)
            for (int c = 0; c < t->columnCount(); ++c)
                out << t->topLevelItem(i)->text(c) << t->topLevelItem(i)->toolTip(c);
    return out.join(QLatin1Char('\n'));
}
} // namespace

class TestMcpPanel : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    void addLeakyServer()
    {
        QJsonObject top = QJsonDocument::fromJson(McpFixture::read(m_dir.filePath(QStringLiteral("mcp.json")))).object();
        top.insert(QStringLiteral("leaky"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("local")},
                               {QStringLiteral("command"), QJsonArray{QStringLiteral("node"), QStringLiteral("server.js")}},
                               {QStringLiteral("environment"), QJsonObject{{QStringLiteral("GITHUB_TOKEN"), McpFixture::classicToken()}}}});
        McpFixture::write(m_dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
    }

private Q_SLOTS:
    void init()
    {
        McpFixture::make(m_dir);
        QFile::remove(m_dir.filePath(QStringLiteral("logs/mcp-audit.jsonl")));
        QFile::remove(m_dir.filePath(QStringLiteral("logs/mcp-reviewed.json")));
    }

    void listsServersWithFindings()
    {
        addLeakyServer();
        McpPanel panel{Checkout(m_dir.path())};
        QVERIFY(QSignalSpy(&panel, &McpPanel::loaded).wait());
        auto* servers = panel.findChild<QTreeWidget*>(QStringLiteral("mcpServers"));
        QVERIFY(servers);
        QCOMPARE(servers->topLevelItemCount(), 7);
        const QList<QTreeWidgetItem*> docs = servers->findItems(QStringLiteral("docs"), Qt::MatchExactly, 0);
        QCOMPARE(docs.size(), 1);
        QCOMPARE(docs.first()->text(1), QStringLiteral("remote"));
        QVERIFY(docs.first()->text(4).contains(QStringLiteral("unreachable in restricted mode")));
        const QList<QTreeWidgetItem*> leaky = servers->findItems(QStringLiteral("leaky"), Qt::MatchExactly, 0);
        QVERIFY(leaky.first()->text(4).contains(QStringLiteral("inline secret")));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("mcpSummary"))->text().contains(QStringLiteral("Unreviewed")));
        QVERIFY(panel.findChild<QPushButton*>(QStringLiteral("mcpReviewButton"))->isEnabled());
        QVERIFY(!allText(&panel).contains(McpFixture::classicToken()));
    }

    void reviewDialogAsksForTheRiskyName()
    {
        addLeakyServer();
        McpPanel panel{Checkout(m_dir.path())};
        QVERIFY(QSignalSpy(&panel, &McpPanel::loaded).wait());
        ReviewDialog dialog(panel.reviews().unreviewed());
        QVERIFY(dialog.windowTitle().contains(m_dir.filePath(QStringLiteral("mcp.json"))));
        auto* diff = dialog.findChild<QListWidget*>(QStringLiteral("reviewDiff"));
        QCOMPARE(diff->count(), 7);
        auto* notes = dialog.findChild<QTreeWidget*>(QStringLiteral("reviewNotes"));
        QVERIFY(!notes->findItems(QStringLiteral("+leaky"), Qt::MatchExactly, 0).isEmpty());
        auto* approve = dialog.findChild<QPushButton*>(QStringLiteral("approveButton"));
        QStringList risky = panel.reviews().unreviewed().highRisk; // leaky (secret), hostbad (port)
        risky.sort();
        QCOMPARE(risky, (QStringList{QStringLiteral("hostbad"), QStringLiteral("leaky")}));
        dialog.findChild<QCheckBox*>(QStringLiteral("reviewedCheck"))->setChecked(true);
        for (const QString& name : risky) {
            QVERIFY(!approve->isEnabled());
            auto* typed = dialog.findChild<QLineEdit*>(QStringLiteral("confirmEntry_") + name);
            QVERIFY(typed);
            QTest::keyClicks(typed, name);
        }
        QVERIFY(approve->isEnabled());
        QVERIFY(!allText(&dialog).contains(McpFixture::classicToken()));
    }

    void approvedReviewIsAudited()
    {
        McpPanel panel{Checkout(m_dir.path())};
        QSignalSpy loaded(&panel, &McpPanel::loaded);
        QVERIFY(loaded.wait());
        auto* button = panel.findChild<QPushButton*>(QStringLiteral("mcpReviewButton"));
        ReviewDialog::setNextAnswer(false);
        button->click();
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("logs/mcp-audit.jsonl"))));
        QVERIFY(button->isEnabled());

        ReviewDialog::setNextAnswer(true, QStringLiteral("checked in the panel"));
        button->click();
        QVERIFY(!button->isEnabled()); // recording: no second review meanwhile
        QVERIFY(loaded.wait());
        const QList<AuditEntry> lines = AuditLog(m_dir.filePath(QStringLiteral("logs/mcp-audit.jsonl"))).read();
        QCOMPARE(lines.size(), 1);
        QCOMPARE(lines.first().reason, QStringLiteral("checked in the panel"));
        QCOMPARE(lines.first().sha256After, AuditLog::sha256(McpFixture::read(m_dir.filePath(QStringLiteral("mcp.json")))));
        QVERIFY(!button->isEnabled());
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("mcpSummary"))->text().contains(QStringLiteral("Reviewed.")));
    }

    void startWarnsWhileUnreviewed()
    {
        Lifecycle lifecycle{Checkout(m_dir.path())};
        LifecyclePanel panel(lifecycle);
        QStringList asked;
        panel.setStartConfirmation([&asked](const QString& warning) {
            asked << warning;
            return false; // the person says no: nothing starts
        });
        QSignalSpy started(&lifecycle, &Lifecycle::jobStarted);
        for (const char* name : {"startButton", "startRestrictedButton", "startConductorButton", "runAutonomousButton"})
            panel.findChild<QPushButton*>(QLatin1String(name))->click();
        QCOMPARE(asked.size(), 4);
        QVERIFY2(asked.first().contains(QStringLiteral("the MCP servers have unreviewed changes")), qPrintable(asked.first()));
        QCOMPARE(started.count(), 0);
        // Reviewed: Start has nothing to warn about.
        McpReviews reviews{Checkout(m_dir.path())};
        QVERIFY(reviews.load());
        QVERIFY(reviews.recordReviewed(reviews.unreviewed(), {}).ok());
        QVERIFY(Preflight::mcpReview(Checkout(m_dir.path())).warnings.isEmpty());
    }

    // The tray's Start (and `sandbox-panel --start`) is the Start button's path: same question.
    void trayStartAsksToo()
    {
        Sandbox sandbox{Checkout(m_dir.path())};
        MainWindow window(sandbox);
        TrayPresenter presenter;
        TrayIcon tray(window, presenter);
        PanelBinding binding(sandbox, presenter, tray, window);
        QStringList asked;
        window.findChild<LifecyclePanel*>()->setStartConfirmation([&asked](const QString& warning) {
            asked << warning;
            return false;
        });
        QSignalSpy started(&sandbox.lifecycle(), &Lifecycle::jobStarted);
        tray.action(QStringLiteral("trayStart"))->trigger();
        window.startSandbox();
        QCOMPARE(asked.size(), 2);
        QVERIFY2(asked.first().contains(QStringLiteral("the MCP servers have unreviewed changes")), qPrintable(asked.first()));
        QCOMPARE(started.count(), 0);
    }
};

QTEST_MAIN(TestMcpPanel)
#include "test_mcp_panel.moc"
