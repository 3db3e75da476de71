// The native security check's parts: one pattern table (scan and MCP), the scan's exclusions and
// masking, the compose/Dockerfile rules, and sandbox-ctl check's output and exit codes.
#include "CheckScratch.h"

#include "DemoSandbox.h"
#include "ScratchCheckout.h"
#include "TestEngine.h"

#include "core/check/CheckoutRules.h"
#include "core/check/SecretScan.h"
#include "core/mcp/McpChecks.h"

#include <QDir>
#include <QTest>

#include <sys/stat.h>

namespace {
using CheckScratch::token;
QByteArray ghp()
{
    return "gh"
           "p_"
           + token(30);
}
QByteArray aws()
{
    return "AK"
           "IA"
           + token(16, "ABCDEFGHJKLMNPQRSTUVWXYZ234567");
}
} // namespace

class TestCheckUnit : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void mcpUsesTheScanPatterns()
    {
        // Every kind the scan finds is an inline secret for the MCP review, too.
        for (const QByteArray& s : {ghp(), aws(),
                                    QByteArray("xo"
                                               "xp-")
                                        + token(12),
                                    QByteArray("-----BEGIN EC PRI"
                                               "VATE KEY-----")}) {
            QVERIFY2(SecretPatterns::matchesAny(QString::fromLatin1(s)), s.constData());
            QVERIFY2(McpChecks::looksLikeSecret(QString::fromLatin1(s)), s.constData());
        }
        QVERIFY(!SecretPatterns::matchesAny(QStringLiteral("{env:GITHUB_TOKEN}")));
        QCOMPARE(SecretPatterns::active(false).size(), 1);
        QCOMPARE(SecretPatterns::active(true).size(), SecretPatterns::all().size());
    }

    void scanFindsMasksAndExcludes()
    {
        QTemporaryDir dir;
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("a/app.py")), "x = 1\ntoken = '" + ghp() + "'  # here\n"));
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("README.md")), ghp() + "\n"));
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral(".git/HEAD")), ghp() + "\n"));
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("keys.txt")), aws() + "\n"));
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("esc.txt")), "\x1b]0;title\x07" + ghp() + "\n"));
        SecretScan::Result r = SecretScan::scan(dir.path(), true);
        QCOMPARE(r.findings.size(), 3);
        QCOMPARE(r.findings.at(0).location(), QStringLiteral("a/app.py:2"));
        QCOMPARE(r.findings.at(0).text, QStringLiteral("token = '********'  # here"));
        QCOMPARE(r.findings.at(1).location(), QStringLiteral("esc.txt:1"));
        QVERIFY2(r.findings.at(1).text.startsWith(QStringLiteral("\\x1b]0;title\\x07")), qPrintable(r.findings.at(1).text));
        QCOMPARE(r.findings.at(2).patternId, QStringLiteral("aws-key"));
        r = SecretScan::scan(dir.path(), false); // the AWS key is strict-only
        QCOMPARE(r.findings.size(), 2);
    }

    void largeFilesAreScannedWhole()
    {
        // Nothing is skipped for its size: a 270 MB text file whose last line holds a key (the
        // checkout's own security_check.sh fails on it), and one 40 MB line with the key across the
        // scan's 16 MiB window boundary, found once and shown as a short excerpt.
        QTemporaryDir dir;
        const QByteArray key = "sk"
                               "-"
                               + token(40);
        {
            QFile big(dir.filePath(QStringLiteral("big.log")));
            QVERIFY(big.open(QIODevice::WriteOnly));
            const QByteArray block = QByteArray(1023, 'a') + '\n';
            for (int i = 0; i < 270 * 1024; ++i)
                QVERIFY(big.write(block) == block.size());
            QVERIFY(big.write("tail " + key) > 0);
        }
        QByteArray line(40 * 1024 * 1024, 'b');
        line.replace(16 * 1024 * 1024 - 10, key.size(), key);
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("one-line.txt")), "first\n" + line + "\n"));
        const SecretScan::Result r = SecretScan::scan(dir.path(), false);
        QVERIFY2(r.errors.isEmpty(), qPrintable(r.errors.join(QLatin1Char('\n'))));
        QCOMPARE(r.filesScanned, 2);
        QCOMPARE(r.findings.size(), 2);
        QCOMPARE(r.findings.at(0).location(), QStringLiteral("big.log:276481"));
        QCOMPARE(r.findings.at(0).text, QStringLiteral("tail ********"));
        QCOMPARE(r.findings.at(1).location(), QStringLiteral("one-line.txt:2"));
        QVERIFY2(r.findings.at(1).text.size() < 400, qPrintable(r.findings.at(1).text.left(500)));
        QVERIFY2(r.findings.at(1).text.contains(QStringLiteral("bbb********")), qPrintable(r.findings.at(1).text));
        QVERIFY(!r.findings.at(1).text.toLatin1().contains(key));
    }

    void fifoIsSkippedNotBlocking()
    {
        QTemporaryDir dir;
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("ok.txt")), "nothing\n"));
        QCOMPARE(::mkfifo(QFile::encodeName(dir.filePath(QStringLiteral("pipe"))).constData(), 0600), 0);
        QVERIFY(QFile::link(dir.path(), dir.filePath(QStringLiteral("loop"))));
        const SecretScan::Result r = SecretScan::scan(dir.path(), true);
        QCOMPARE(r.filesScanned, 1);
        QVERIFY(r.findings.isEmpty());
    }

    void composeAndDockerfileRules()
    {
        QVERIFY(CheckoutRules::dockerfileEndsAsAgent("FROM x\nUSER agent\n"));
        QVERIFY(!CheckoutRules::dockerfileEndsAsAgent("FROM x\nUSER agent2\n# USER agent\n"));
        QVERIFY(CheckoutRules::workspaceReadOnly("services:\n  workspace:\n    read_only: true\n"));
        QVERIFY(!CheckoutRules::workspaceReadOnly("services:\n  workspace:\n    # read_only: true\n    image: x\n"));
        QVERIFY(!CheckoutRules::workspaceReadOnly("services: [\n"));
        QVERIFY(CheckoutRules::workspaceSeccomp("services:\n  workspace:\n    security_opt:\n      - no-new-privileges:true\n      - seccomp=./p.json\n"));
        QVERIFY(!CheckoutRules::workspaceSeccomp("services:\n  workspace:\n    security_opt:\n      - no-new-privileges:true\n"));
        ComposePort loop{QStringLiteral("workspace"), QStringLiteral("127.0.0.1"), 3000, 3000};
        ComposePort open{QStringLiteral("workspace"), QString(), 7860, 7860};
        QVERIFY(CheckoutRules::portsProblem({loop}).isEmpty());
        // Stricter than the script's grep for '127.0.0.1:': one port on all interfaces fails.
        QVERIFY(CheckoutRules::portsProblem({loop, open}).contains(QStringLiteral("all interfaces")));
        QVERIFY(!CheckoutRules::portsProblem({}).isEmpty());
    }

    void demoPassesItsOwnCheck()
    {
        // The shipped demo is a well-formed checkout: it ends its Dockerfile as USER agent (the
        // real image's user, uid 1000) and passes every step of `sandbox-ctl check`.
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        QProcess p;
        p.start(ScratchCheckout::ctlPath(), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("check")});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY2(out.contains(QStringLiteral("PASS dockerfile-user")), qPrintable(out));
        QVERIFY2(p.exitCode() == 0, qPrintable(out));
    }

    // The MCP servers the workspace will load: findings are warnings named in the summary line
    // (the script has no such step, so they never fail it), secrets masked.
    void mcpWarningsAreNamedNotFailed()
    {
        DemoSandbox demo;
        QVERIFY2(demo.isValid(), qPrintable(demo.error()));
        const QString project = demo.root() + QStringLiteral("/projects/demo_project");
        QVERIFY(QDir().mkpath(project));
        QVERIFY(CheckScratch::write(project + QStringLiteral("/mcp.json"),
                                    R"({"leaky": {"type": "local", "command": ["npx", "srv", "--api-key", "hunter2hunter2"]}})"));
        demo.setEnv(QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("mcp.json"));
        QProcess p;
        p.start(ScratchCheckout::ctlPath(), {QStringLiteral("--sandbox"), demo.root(), QStringLiteral("check")});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput() + p.readAllStandardError());
        QVERIFY2(p.exitCode() == 0, qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("PASS mcp")) && out.contains(QStringLiteral("in the project folder, which the agent can write")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("Security checks passed, with 2 warning(s): mcp: ")), qPrintable(out));
        QVERIFY(!out.contains(QStringLiteral("hunter2hunter2")));
    }

    void ctlOutputAndExitCodes()
    {
        QTemporaryDir dir;
        if (!CheckScratch::make(dir.path()))
            QSKIP("../shared/reference/sandbox-latest is missing");
        const QString ctl = ScratchCheckout::ctlPath();
        QProcess p;
        p.start(ctl, {QStringLiteral("--sandbox"), dir.path(), QStringLiteral("check"), QStringLiteral("extra")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 2);
        QVERIFY(CheckScratch::write(dir.filePath(QStringLiteral("src/app.py")), "a\nb\nT='" + ghp() + "'\n"));
        p.start(ctl, {QStringLiteral("--sandbox"), dir.path(), QStringLiteral("check")});
        QVERIFY(p.waitForFinished(120000));
        const QString out = QString::fromUtf8(p.readAllStandardOutput());
        if (out.contains(QStringLiteral("no compose tool")))
            SANDBOX_SKIP_UNLESS_CI("no compose tool on this machine");
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(out.contains(QStringLiteral("FAIL secret:committed-secret: Error: potential committed secret detected.")), qPrintable(out));
        QVERIFY2(out.contains(QStringLiteral("    src/app.py:3: T='********'")), qPrintable(out));
        QVERIFY(!out.toLatin1().contains(ghp()));
        QVERIFY(out.contains(QStringLiteral("PASS dockerfile-user")));
    }
};

QTEST_MAIN(TestCheckUnit)
#include "test_check_unit.moc"
