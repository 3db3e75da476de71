// Conformance: the reference checkout's config/mcp-example.json reads as the entrypoint would
// merge it, and our missing/invalid messages are the entrypoint's own words.
#include "core/allowlist/AuditLog.h"
#include "core/mcp/McpChecks.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray read(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
} // namespace

class TestMcpReference : public QObject {
    Q_OBJECT
    const QString m_ref = QStringLiteral(SANDBOX_REFERENCE_LATEST_DIR);
private Q_SLOTS:
    void exampleParses()
    {
        QList<McpServer> servers;
        QString error;
        QVERIFY2(McpConfig::parse(read(m_ref + QStringLiteral("/config/mcp-example.json")), &servers, &error), qPrintable(error));
        QCOMPARE(servers.size(), 1);
        const McpServer& s = servers.first();
        QCOMPARE(s.name, QStringLiteral("filesystem"));
        QVERIFY(s.kind == McpServer::Kind::Local);
        QVERIFY(s.enabled);
        QCOMPARE(s.command.first(), QStringLiteral("npx"));
        QCOMPARE(McpChecks::unpinnedPackage(s.command), QStringLiteral("@modelcontextprotocol/server-filesystem"));
    }

    void resolvedFromTheSharedFolderAsTheEntrypointDoes()
    {
        QTemporaryDir checkout, shared;
        QVERIFY(QFile::copy(m_ref + QStringLiteral("/config/mcp-example.json"), shared.filePath(QStringLiteral("mcp-example.json"))));
        const EnvFile env = EnvFile::parse(QStringLiteral("MCP_CONFIG_FILE=mcp-example.json\nSHARED_SYSTEM_PATH=%1\n").arg(shared.path()).toUtf8());
        const McpConfig c = McpConfig::load(env, checkout.path());
        QVERIFY2(c.error.isEmpty(), qPrintable(c.error));
        QCOMPARE(c.path, shared.filePath(QStringLiteral("mcp-example.json")));
        const McpFindings fs = McpChecks::check(c, {});
        QCOMPARE(fs.size(), 1);
        QVERIFY(fs.first().message.contains(QStringLiteral("unpinned")));
    }

    void messagesAreTheEntrypointsOwn()
    {
        const QByteArray script = read(m_ref + QStringLiteral("/entrypoint.sh"));
        QVERIFY(script.contains("Warning: MCP_CONFIG_FILE '${MCP_CONFIG_FILE}' not found."));
        QVERIFY(script.contains("Warning: MCP_CONFIG_FILE '${mcp_path}' contains invalid JSON or could not be merged."));
        QVERIFY(script.contains("/home/agent/projects/${mcp_path}"));
        QVERIFY(script.contains("/home/agent/shared/${mcp_path}"));
        QVERIFY(script.indexOf("/home/agent/projects/${mcp_path}") < script.indexOf("/home/agent/shared/${mcp_path}"));
        QTemporaryDir dir;
        const McpConfig c = McpConfig::load(EnvFile::parse("MCP_CONFIG_FILE=absent.json\n"), dir.path());
        QCOMPARE(c.error, QStringLiteral("Warning: MCP_CONFIG_FILE 'absent.json' not found."));
    }
};

QTEST_GUILESS_MAIN(TestMcpReference)
#include "test_mcp_reference.moc"
