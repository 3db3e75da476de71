// The real sandbox-ctl on a scratch checkout: mcp list (findings, secrets masked, exit 1 on
// errors), mcp review (exit 4 without --yes and a terminal, audit line with --yes), and `up`
// refused with exit 4 while MCP changes are unreviewed (before any engine is asked).
#include "CtlRun.h"
#include "McpFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using Run = CtlRun;

class TestMcpCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;

    Run ctl(const QStringList& args) { return CtlRun::run(m_dir.path(), args); }
    QString audit() const { return m_dir.filePath(QStringLiteral("logs/mcp-audit.jsonl")); }

private Q_SLOTS:
    void init()
    {
        McpFixture::make(m_dir);
        QFile::remove(audit());
        QFile::remove(m_dir.filePath(QStringLiteral("logs/mcp-reviewed.json")));
    }

    void listShowsServersAndFindings()
    {
        const Run r = ctl({QStringLiteral("mcp"), QStringLiteral("list")});
        QCOMPARE(r.code, 1); // hostbad has errors
        QVERIFY(r.out.contains(QStringLiteral("docs\tremote\tenabled\thttps://mcp.example.org/sse")));
        QVERIFY(r.out.contains(QStringLiteral("unreachable in restricted mode")));
        QVERIFY(r.out.contains(QStringLiteral("host port 9999 is not listed")));
        QVERIFY(r.err.contains(QStringLiteral("unreviewed changes")));

        const Run j = ctl({QStringLiteral("--json"), QStringLiteral("mcp"), QStringLiteral("list")});
        const QJsonObject o = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("servers")).toArray().size(), 6);
        QCOMPARE(o.value(QStringLiteral("unreviewed")).toBool(), true);
    }

    void secretsNeverPrinted()
    {
        const QString token = McpFixture::classicToken();
        QJsonObject top = QJsonDocument::fromJson(McpFixture::read(m_dir.filePath(QStringLiteral("mcp.json")))).object();
        top.insert(QStringLiteral("leaky"),
                   QJsonObject{{QStringLiteral("type"), QStringLiteral("remote")},
                               {QStringLiteral("url"), QStringLiteral("https://mcp.example.org/x")},
                               {QStringLiteral("headers"), QJsonObject{{QStringLiteral("Authorization"), QStringLiteral("Bearer ") + token}}}});
        McpFixture::write(m_dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
        for (const QStringList& args :
             {QStringList{QStringLiteral("mcp"), QStringLiteral("list")}, QStringList{QStringLiteral("--json"), QStringLiteral("mcp"), QStringLiteral("list")},
              QStringList{QStringLiteral("mcp"), QStringLiteral("review"), QStringLiteral("--yes")}}) {
            const Run r = ctl(args);
            QVERIFY2(!r.out.contains(token) && !r.err.contains(token), qPrintable(args.join(u' ')));
        }
        QVERIFY(QFile::exists(audit()));
        QVERIFY(!McpFixture::read(audit()).contains(token.toUtf8()));
        QVERIFY(!McpFixture::read(m_dir.filePath(QStringLiteral("logs/mcp-reviewed.json"))).contains(token.toUtf8()));
        QVERIFY(McpFixture::read(audit()).contains("Authorization=********"));
    }

    void reviewNeedsYes()
    {
        Run r = ctl({QStringLiteral("mcp"), QStringLiteral("review")});
        QCOMPARE(r.code, 4);
        QVERIFY(r.out.contains(QStringLiteral("+ docs: remote, enabled")));
        QVERIFY(!QFile::exists(audit()));

        r = ctl({QStringLiteral("mcp"), QStringLiteral("review"), QStringLiteral("--yes"), QStringLiteral("--reason"), QStringLiteral("looked at all six")});
        QCOMPARE(r.code, 0);
        const QList<QByteArray> lines = McpFixture::read(audit()).trimmed().split('\n');
        QCOMPARE(lines.size(), 1);
        const QJsonObject line = QJsonDocument::fromJson(lines.first()).object();
        QCOMPARE(line.value(QStringLiteral("reason")).toString(), QStringLiteral("looked at all six"));
        QCOMPARE(line.value(QStringLiteral("added")).toArray().size(), 6);

        r = ctl({QStringLiteral("mcp"), QStringLiteral("review")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QStringLiteral("No MCP server changes")));
    }

    void reviewShowsEachLineOnceEscapedAndWhole()
    {
        // A name with a control character: shown as \x1b once (not \\x1b), and the review line
        // whole (with its fingerprint), not cut at 80 characters.
        QJsonObject top;
        top.insert(QStringLiteral("we\x1bird"),
                   QJsonObject{{QStringLiteral("command"), QJsonArray{QStringLiteral("a-rather-long-command-name"), QStringLiteral("--with"),
                                                                      QStringLiteral("several-arguments-that-make-the-line-long")}}});
        McpFixture::write(m_dir.filePath(QStringLiteral("mcp.json")), QJsonDocument(top).toJson());
        const Run r = ctl({QStringLiteral("mcp"), QStringLiteral("review")});
        QVERIFY2(r.out.contains(QStringLiteral("+ we\\x1bird: local, enabled, a-rather-long-command-name --with several-arguments-that-make-the-line-long [#")),
                 qPrintable(r.out));
        QVERIFY(!r.out.contains(QStringLiteral("\\\\x1b")));
        QVERIFY(!r.out.contains(QLatin1Char('\x1b')));
    }

    void upRefusedWhileUnreviewed()
    {
        const Run r = ctl({QStringLiteral("up")});
        QCOMPARE(r.code, 4);
        QVERIFY(r.err.contains(QStringLiteral("the MCP servers have unreviewed changes")));
        QVERIFY(r.err.contains(QStringLiteral("not started")));
        // (The reviewed case is not run here: `up` would go on to a real engine.)
    }
};

QTEST_GUILESS_MAIN(TestMcpCli)
#include "test_mcp_cli.moc"
