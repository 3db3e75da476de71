// Core MCP reader, checks and review: resolution as the entrypoint does it, OpenCode's format,
// each finding of SECURITY.md's MCP rules, secrets masked everywhere, and the review/audit cycle.
#include "McpFixture.h"

#include "core/allowlist/AuditLog.h"
#include "core/mcp/McpReviews.h"
#include "core/settings/SettingsValidator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

namespace {
McpFindings of(const McpFindings& all, const QString& server)
{
    McpFindings out;
    for (const McpFinding& f : all)
        if (f.server == server)
            out.append(f);
    return out;
}
bool anyContains(const McpFindings& fs, const QString& text)
{
    for (const McpFinding& f : fs)
        if (f.message.contains(text))
            return true;
    return false;
}
EnvFile env(const QByteArray& text)
{
    return EnvFile::parse(text);
}
} // namespace

class TestMcpConfig : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void resolvesAsTheEntrypoint()
    {
        QTemporaryDir root, projects, shared;
        McpFixture::write(projects.filePath(QStringLiteral("demo/only-project.json")), "{}");
        McpFixture::write(shared.filePath(QStringLiteral("only-shared.json")), "{}");
        McpFixture::write(shared.filePath(QStringLiteral("both.json")), "{}");
        McpFixture::write(projects.filePath(QStringLiteral("demo/both.json")), "{}");
        McpFixture::write(root.filePath(QStringLiteral("given.json")), "{}");
        const EnvFile e = env(QStringLiteral("PROJECTS_ROOT_PATH=%1\nPROJECT_NAME=demo\nSHARED_SYSTEM_PATH=%2\n").arg(projects.path(), shared.path()).toUtf8());
        const QString r = root.path();
        QCOMPARE(McpConfig::resolve(QStringLiteral("given.json"), e, r), root.filePath(QStringLiteral("given.json")));
        QCOMPARE(McpConfig::resolve(QStringLiteral("only-project.json"), e, r), projects.filePath(QStringLiteral("demo/only-project.json")));
        QCOMPARE(McpConfig::resolve(QStringLiteral("only-shared.json"), e, r), shared.filePath(QStringLiteral("only-shared.json")));
        // The project folder comes before the shared folder.
        QCOMPARE(McpConfig::resolve(QStringLiteral("both.json"), e, r), projects.filePath(QStringLiteral("demo/both.json")));
        // Container paths map to the mounted host folders.
        QCOMPARE(McpConfig::resolve(QStringLiteral("/home/agent/shared/only-shared.json"), e, r), shared.filePath(QStringLiteral("only-shared.json")));
        QCOMPARE(McpConfig::resolve(QStringLiteral("/home/agent/projects/both.json"), e, r), projects.filePath(QStringLiteral("demo/both.json")));
        QVERIFY(McpConfig::resolve(QStringLiteral("nowhere.json"), e, r).isEmpty());
        // The validator uses the same resolution (one place): a shared-only file is found.
        Findings fs = SettingsValidator(r).validate(env(e.serialize() + "MCP_CONFIG_FILE=only-shared.json\n"));
        for (const Finding& f : fs)
            QVERIFY2(f.key != QLatin1String("MCP_CONFIG_FILE"), qPrintable(f.toString()));
        fs = SettingsValidator(r).validate(env(e.serialize() + "MCP_CONFIG_FILE=nowhere.json\n"));
        bool warned = false;
        for (const Finding& f : fs)
            warned = warned || f.key == QLatin1String("MCP_CONFIG_FILE");
        QVERIFY(warned);
    }

    void parsesOpenCodeFormat()
    {
        QList<McpServer> servers;
        QString error;
        QVERIFY(McpConfig::parse(McpFixture::read(QStringLiteral(MCP_FIXTURES "/servers.json")), &servers, &error));
        QCOMPARE(servers.size(), 6);
        QHash<QString, McpServer> by;
        for (const McpServer& s : servers)
            by.insert(s.name, s);
        QVERIFY(by[QStringLiteral("files")].kind == McpServer::Kind::Local);
        QCOMPARE(by[QStringLiteral("files")].target(), QStringLiteral("npx -y @modelcontextprotocol/server-filesystem /home/agent/projects"));
        QCOMPARE(by[QStringLiteral("fetcher")].enabled, false);
        QCOMPARE(by[QStringLiteral("pinned")].enabled, true);
        QVERIFY(by[QStringLiteral("docs")].kind == McpServer::Kind::Remote);
        QVERIFY(by[QStringLiteral("hostok")].kind == McpServer::Kind::Host);
        QVERIFY(by[QStringLiteral("hostbad")].kind == McpServer::Kind::Host);
    }

    void readAsTheEntrypointsJqMergesIt()
    {
        // Each file goes through the workspace's own merge (jq --slurpfile ... + $mcp[0]) and
        // through ours: the same servers, or both fail.
        QTemporaryDir dir;
        const QList<QByteArray> files{
            "{\"a\":{\"command\":[\"x\"]}}\n{\"b\":{\"command\":[\"y\"]}}\n", // two documents: the first
            "{\"a\xff\":{\"command\":[\"x\xfe\"]}}",                          // invalid UTF-8: replaced
            "",                                                               // nothing: no servers
            "null",                                                           // null: no servers
            "{\"a\":{\"command\":[\"x\"]}} garbage",                          // jq fails: so do we
            "[1]",                                                            // not an object: fails
        };
        for (const QByteArray& bytes : files) {
            const QString path = dir.filePath(QStringLiteral("m.json"));
            McpFixture::write(path, bytes);
            QProcess jq;
            jq.start(QStringLiteral("jq"), {QStringLiteral("-c"), QStringLiteral("-n"), QStringLiteral("--slurpfile"), QStringLiteral("mcp"), path,
                                            QStringLiteral("{} + $mcp[0] | keys")});
            QVERIFY2(jq.waitForFinished(10000) && jq.exitStatus() == QProcess::NormalExit, "jq (Debian's package) is needed");
            QList<McpServer> servers;
            QString error;
            QStringList notes;
            const bool ok = McpConfig::parse(bytes, &servers, &error, &notes);
            QCOMPARE(ok, jq.exitCode() == 0);
            if (!ok)
                continue;
            QStringList ours;
            for (const McpServer& s : servers)
                ours << s.name;
            ours.sort();
            const QJsonArray theirs = QJsonDocument::fromJson(jq.readAllStandardOutput()).array();
            QCOMPARE(QJsonArray::fromStringList(ours), theirs);
            QCOMPARE(notes.isEmpty(), bytes == QString::fromUtf8(bytes).toUtf8() && !bytes.contains("\n{"));
        }
        // A file in the project folder, which the agent can write: a warning in the review.
        QTemporaryDir projects;
        McpFixture::write(projects.filePath(QStringLiteral("demo/mcp.json")), "{}");
        const McpConfig c = McpConfig::load(
            env(QStringLiteral("PROJECTS_ROOT_PATH=%1\nPROJECT_NAME=demo\nMCP_CONFIG_FILE=mcp.json\n").arg(projects.path()).toUtf8()), dir.path());
        QVERIFY(c.inProjectFolder);
        QVERIFY(anyContains(McpChecks::check(c, {}), QStringLiteral("which the agent can write")));
    }

    void missingAndInvalidGiveTheEntrypointError()
    {
        QTemporaryDir dir;
        McpConfig c = McpConfig::load(env("MCP_CONFIG_FILE=absent.json\n"), dir.path());
        QCOMPARE(c.error, QStringLiteral("Warning: MCP_CONFIG_FILE 'absent.json' not found."));
        McpFixture::write(dir.filePath(QStringLiteral("bad.json")), "{\"a\": {\"type\": \"local\",}");
        c = McpConfig::load(env("MCP_CONFIG_FILE=bad.json\n"), dir.path());
        QVERIFY2(
            c.error.startsWith(
                QStringLiteral("Warning: MCP_CONFIG_FILE '%1' contains invalid JSON or could not be merged.").arg(dir.filePath(QStringLiteral("bad.json")))),
            qPrintable(c.error));
        const McpFindings fs = McpChecks::check(c, {});
        QCOMPARE(fs.size(), 1);
        QVERIFY(fs.first().isError());
        QVERIFY(McpConfig::load(env("NETWORK_EGRESS=full\n"), dir.path()).error.isEmpty());
    }

    void findingsFollowSecurityMd()
    {
        QTemporaryDir dir;
        McpFixture::make(dir);
        McpReviews m{Checkout(dir.path())};
        QVERIFY(m.load());
        const McpFindings& fs = m.findings();
        QVERIFY(anyContains(of(fs, QStringLiteral("files")), QStringLiteral("unpinned")));
        QVERIFY(anyContains(of(fs, QStringLiteral("fetcher")), QStringLiteral("unpinned")));
        QVERIFY(of(fs, QStringLiteral("pinned")).isEmpty()); // pinned, {env:} reference only
        QVERIFY(anyContains(of(fs, QStringLiteral("docs")), QStringLiteral("unreachable in restricted mode")));
        QVERIFY(of(fs, QStringLiteral("hostok")).isEmpty());
        const McpFindings bad = of(fs, QStringLiteral("hostbad"));
        QVERIFY(anyContains(bad, QStringLiteral("host port 9999 is not listed in config/port-allowlist.txt")));
        QVERIFY(anyContains(bad, QStringLiteral("host port 9999 is not published on 127.0.0.1")));

        McpFixture::make(dir, "NETWORK_EGRESS=full\n");
        QVERIFY(m.load());
        QVERIFY(anyContains(m.findingsOf(QStringLiteral("docs")), QStringLiteral("the agent can send data to this URL")));
    }

    void inlineSecretsAreErrorsAndMasked()
    {
        const QString classic = McpFixture::classicToken();
        const QString entropy = McpFixture::entropyToken();
        QVERIFY(McpChecks::looksLikeSecret(classic));
        QVERIFY(McpChecks::looksLikeSecret(entropy));
        QVERIFY(McpChecks::looksLikeSecret(QStringLiteral("Bearer abc123")));
        QVERIFY(!McpChecks::looksLikeSecret(QStringLiteral("{env:GITHUB_TOKEN}")));
        QVERIFY(!McpChecks::looksLikeSecret(QStringLiteral("Bearer {env:DOCS_TOKEN}")));
        QVERIFY(!McpChecks::looksLikeSecret(QStringLiteral("/home/agent/projects/some/long/path/name")));
        QVERIFY(!McpChecks::looksLikeSecret(QStringLiteral("info")));

        QTemporaryDir dir;
        McpFixture::make(dir);
        QJsonObject top = QJsonDocument::fromJson(McpFixture::read(dir.filePath(QStringLiteral("mcp.json")))).object();
        top.insert(QStringLiteral("leaky"), QJsonObject{{QStringLiteral("type"), QStringLiteral("local")},
                                                        {QStringLiteral("command"), QJsonArray{QStringLiteral("node"), QStringLiteral("server.js")}},
                                                        {QStringLiteral("environment"), QJsonObject{{QStringLiteral("GITHUB_TOKEN"), classic}}},
                                                        {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Key"), entropy}}}});
        McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
        McpReviews m{Checkout(dir.path())};
        QVERIFY(m.load());
        const McpFindings leaky = m.findingsOf(QStringLiteral("leaky"));
        QCOMPARE(leaky.size(), 2);
        for (const McpFinding& f : leaky) {
            QVERIFY(f.isError());
            QVERIFY(f.message.contains(QStringLiteral("inline secret")));
            QVERIFY(!f.message.contains(classic) && !f.message.contains(entropy));
        }
        const QString joined = m.entries().join(QLatin1Char('\n'));
        QVERIFY(joined.contains(QStringLiteral("GITHUB_TOKEN=********")));
        QVERIFY(!joined.contains(classic) && !joined.contains(entropy));
        QVERIFY(m.unreviewed().highRisk.contains(QStringLiteral("leaky")));
    }

    void secretsOutsideEnvAndHeadersNeverShown()
    {
        // Generated servers with secrets planted in every form a careless config uses: after a
        // secret-named flag (both spellings), URL user information, and short values of
        // secret-named keys. None may reach a finding, a review entry, the review text, the audit
        // line or the reviewed-state file; each is an inline-secret error.
        QTemporaryDir dir;
        McpFixture::make(dir);
        QJsonObject top;
        QStringList planted;
        int n = 0, server = 0;
        const auto secret = [&planted, &n] {
            ++n;
            const QString s = QStringLiteral("pw%1x%2").arg(n).arg(QStringLiteral("q7Z").repeated(n % 3 + 1));
            planted << s;
            return s;
        };
        for (const char* f : {"--api-key", "--token", "--password", "--auth-token", "--db-passwd"})
            top.insert(QStringLiteral("arg%1").arg(++server), QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("srv"), QString::fromLatin1(f),
                                                                                                                 secret(), QStringLiteral("--verbose")}}});
        for (const char* f : {"--api-key=", "--client-secret=", "DB_PASSWORD="})
            top.insert(QStringLiteral("eq%1").arg(++server),
                       QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("srv"), QString::fromLatin1(f) + secret()}}});
        top.insert(QStringLiteral("url1"), QJsonObject{{QStringLiteral("type"), QStringLiteral("remote")},
                                                       {QStringLiteral("url"), QStringLiteral("https://user:%1@mcp.example.test/x").arg(secret())}});
        top.insert(QStringLiteral("url2"), QJsonObject{{QStringLiteral("type"), QStringLiteral("remote")},
                                                       {QStringLiteral("url"), QStringLiteral("https://%1@mcp.example.test/").arg(secret())}});
        top.insert(QStringLiteral("short"),
                   QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("srv")}},
                               {QStringLiteral("environment"), QJsonObject{{QStringLiteral("DB_PASSWORD"), secret()}}},
                               {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-API-Key"), secret()}, {QStringLiteral("Authorization"), secret()}}}});
        // References and ordinary values stay as they are.
        top.insert(QStringLiteral("clean"),
                   QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("srv"), QStringLiteral("--token"), QStringLiteral("{env:MY_TOKEN}"),
                                                                      QStringLiteral("--port"), QStringLiteral("8080")}},
                               {QStringLiteral("environment"), QJsonObject{{QStringLiteral("API_KEY"), QStringLiteral("{env:API_KEY}")},
                                                                           {QStringLiteral("LOG_LEVEL"), QStringLiteral("info")}}},
                               {QStringLiteral("headers"), QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer {env:DOCS_TOKEN}")}}}});
        McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
        McpReviews m{Checkout(dir.path())};
        QVERIFY(m.load());
        QStringList shown = m.entries();
        for (const McpServer& s : m.config().servers)
            shown << s.shownTarget();
        const AllowlistReview review = m.unreviewed();
        for (const auto& note : review.notes)
            shown << note.entry + QLatin1Char(' ') + note.reason;
        for (const QString& server : top.keys()) {
            const McpFindings fs = m.findingsOf(server);
            if (server == QLatin1String("clean")) {
                QVERIFY2(!anyContains(fs, QStringLiteral("inline")), qPrintable(server));
                continue;
            }
            QVERIFY2(anyContains(fs, QStringLiteral("inline")), qPrintable(server));
        }
        QVERIFY(m.recordReviewed(review, QStringLiteral("generated")).ok());
        shown << QString::fromUtf8(McpFixture::read(m.auditPath())) << QString::fromUtf8(McpFixture::read(m.reviewedStatePath()));
        const QString all = shown.join(QLatin1Char('\n'));
        for (const QString& p : planted)
            QVERIFY2(!all.contains(p), qPrintable(QStringLiteral("%1 shown in:\n%2").arg(p, all)));
        QVERIFY(all.contains(QStringLiteral("--token {env:MY_TOKEN} --port 8080")));
        QVERIFY(all.contains(QStringLiteral("https://********@mcp.example.test/x")));
        QVERIFY(all.contains(QStringLiteral("--api-key ******** --verbose")));
    }

    void reviewCycleIsAudited()
    {
        QTemporaryDir dir;
        McpFixture::make(dir);
        McpReviews m{Checkout(dir.path())};
        QVERIFY(m.load());
        // No review yet: every server is unreviewed.
        QVERIFY(m.hasUnreviewed());
        AllowlistReview r = m.unreviewed();
        QCOMPARE(r.change.added.size(), 6);
        QVERIFY(r.change.removed.isEmpty());
        QCOMPARE(r.file, dir.filePath(QStringLiteral("mcp.json")));
        const WriteResult first = m.recordReviewed(r, QStringLiteral("first look"));
        QVERIFY2(first.ok(), qPrintable(first.message));
        QVERIFY(!m.hasUnreviewed());
        QCOMPARE(m.recordReviewed(m.unreviewed(), {}).status, WriteResult::Status::Refused); // nothing left to record

        McpReviews fresh{Checkout(dir.path())};
        QVERIFY(fresh.load());
        QVERIFY(!fresh.hasUnreviewed());
        QVERIFY(fresh.attention().isEmpty());

        // Enabling a disabled server and changing an env value (even a masked one) are changes.
        const QByteArray before = McpFixture::read(dir.filePath(QStringLiteral("mcp.json")));
        QJsonObject top = QJsonDocument::fromJson(before).object();
        QJsonObject fetcher = top.value(QStringLiteral("fetcher")).toObject();
        fetcher.insert(QStringLiteral("enabled"), true);
        top.insert(QStringLiteral("fetcher"), fetcher);
        McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
        QVERIFY(fresh.load());
        QVERIFY(fresh.hasUnreviewed());
        QCOMPARE(fresh.attention(), QStringList{QStringLiteral("MCP servers: unreviewed changes")});
        r = fresh.unreviewed();
        QCOMPARE(r.change.added.size(), 1);
        QCOMPARE(r.change.removed.size(), 1);
        QVERIFY(r.change.added.first().startsWith(QStringLiteral("fetcher: local, enabled")));

        // The file changed on disk after the review was shown: refused, nothing recorded.
        McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson(QJsonDocument::Compact));
        const WriteResult stale = fresh.recordReviewed(r, {});
        QCOMPARE(stale.status, WriteResult::Status::ChangedOnDisk);
        QVERIFY(stale.message.contains(QStringLiteral("changed since the review")));
        QCOMPARE(AuditLog(fresh.auditPath()).read().size(), 1);
    }

    void auditLinesCarryShaBeforeAndAfter()
    {
        QTemporaryDir dir;
        McpFixture::make(dir);
        McpReviews m{Checkout(dir.path())};
        QVERIFY(m.load());
        QVERIFY(m.recordReviewed(m.unreviewed(), QStringLiteral("first")).ok());
        const QString sha1 = AuditLog::sha256(McpFixture::read(dir.filePath(QStringLiteral("mcp.json"))));
        McpFixture::write(dir.filePath(QStringLiteral("mcp.json")), "{}");
        QVERIFY(m.load());
        QVERIFY(m.hasUnreviewed());
        QVERIFY(m.recordReviewed(m.unreviewed(), QStringLiteral("removed all")).ok());
        const QList<AuditEntry> lines = AuditLog(m.auditPath()).read();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].sha256Before, QString());
        QCOMPARE(lines[0].sha256After, sha1);
        QCOMPARE(lines[1].sha256Before, sha1);
        QCOMPARE(lines[1].sha256After, AuditLog::sha256("{}"));
        QCOMPARE(lines[1].removed.size(), 6);
        QCOMPARE(lines[1].reason, QStringLiteral("removed all"));
        QCOMPARE(QFileInfo(m.auditPath()).fileName(), QStringLiteral("mcp-audit.jsonl"));
    }

    void unpinnedPackages()
    {
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("npx"), QStringLiteral("-y"), QStringLiteral("pkg")}), QStringLiteral("pkg"));
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("npx"), QStringLiteral("-y"), QStringLiteral("@scope/pkg@1.2.3")}), QString());
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("npx"), QStringLiteral("@scope/pkg")}), QString()); // asks first
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("uvx"), QStringLiteral("mcp-server-git")}), QStringLiteral("mcp-server-git"));
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("uvx"), QStringLiteral("mcp-server-git==0.6.2")}), QString());
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("uvx"), QStringLiteral("--from"), QStringLiteral("git+https://x/y"), QStringLiteral("tool")}),
                 QStringLiteral("git+https://x/y"));
        QCOMPARE(McpChecks::unpinnedPackage({QStringLiteral("node"), QStringLiteral("server.js")}), QString());
    }
};

QTEST_GUILESS_MAIN(TestMcpConfig)
#include "test_mcp_config.moc"
