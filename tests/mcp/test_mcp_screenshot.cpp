// The MCP section of the Allowlists tab with one unreviewed remote server (egress full) and one
// local server holding an inline secret, grabbed offscreen: the widgets show the masked value
// and the findings, and the picture is saved to $MCP_SCREENSHOT (e.g. the note).
#include "McpFixture.h"

#include "ui/allowlist/McpPanel.h"

#include <QLabel>
#include <QPixmap>
#include <QSignalSpy>
#include <QTest>
#include <QTreeWidget>

class TestMcpScreenshot : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void unreviewedRemoteAndInlineSecret()
    {
        QTemporaryDir dir;
        McpFixture::make(dir, "NETWORK_EGRESS=full\n");
        const QByteArray config = "{\n"
                                  "  \"search\": {\"type\": \"remote\", \"url\": \"https://mcp.example.org/sse\"},\n"
                                  "  \"github\": {\"type\": \"local\", \"command\": [\"npx\", \"-y\", \"@modelcontextprotocol/server-github@0.6.2\"],\n"
                                  "             \"environment\": {\"GITHUB_PERSONAL_ACCESS_TOKEN\": \""
                                  + McpFixture::classicToken().toLatin1() + "\"}}\n}\n";
        QVERIFY(McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), config));
        McpPanel panel{Checkout(dir.path())};
        QVERIFY(QSignalSpy(&panel, &McpPanel::loaded).wait());
        panel.resize(1100, 360);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        auto* servers = panel.findChild<QTreeWidget*>(QStringLiteral("mcpServers"));
        QVERIFY(servers);
        QCOMPARE(servers->topLevelItemCount(), 2);
        for (int c = 0; c < servers->columnCount(); ++c)
            servers->resizeColumnToContents(c);
        QStringList shown;
        for (int i = 0; i < servers->topLevelItemCount(); ++i)
            for (int c = 0; c < servers->columnCount(); ++c)
                shown << servers->topLevelItem(i)->text(c);
        const QString all = shown.join(QLatin1Char('|'));
        QVERIFY2(all.contains(QStringLiteral("inline secret in environment GITHUB_PERSONAL_ACCESS_TOKEN (********)")), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("the agent can send data to this URL")), qPrintable(all));
        QVERIFY(!all.contains(McpFixture::classicToken()));
        QVERIFY(panel.findChild<QLabel*>(QStringLiteral("mcpSummary"))->text().contains(QStringLiteral("Unreviewed changes")));
        const QPixmap shot = panel.grab();
        QVERIFY(!shot.isNull());
        const QString out = qEnvironmentVariable("MCP_SCREENSHOT");
        if (!out.isEmpty())
            QVERIFY2(shot.save(out), qPrintable(out));
    }
};

QTEST_MAIN(TestMcpScreenshot)
#include "test_mcp_screenshot.moc"
