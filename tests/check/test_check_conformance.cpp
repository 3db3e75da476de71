// sandbox-ctl check against the real scripts/security_check.sh on generated checkouts (scratch
// copies of the reference): pass/fail, the failing step and its file:line findings agree.
#include "CheckScratch.h"

#include "ScratchCheckout.h"
#include "TestEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

#include <functional>

namespace {
using CheckScratch::token;

struct Case {
    const char* name;
    std::function<void(const QString& root)> plant;
    QString expected; ///< the failing step; empty: passes
};

void put(const QString& root, const char* rel, const QByteArray& bytes)
{
    QVERIFY(CheckScratch::write(root + QLatin1Char('/') + QLatin1String(rel), bytes));
}

void edit(const QString& root, const char* rel, const QByteArray& from, const QByteArray& to)
{
    const QString path = root + QLatin1Char('/') + QLatin1String(rel);
    QByteArray bytes = CheckScratch::read(path);
    QVERIFY2(bytes.contains(from), rel);
    bytes.replace(from, to);
    QVERIFY(CheckScratch::write(path, bytes));
}

// Secrets of each kind, assembled here so that no source file holds one.
QByteArray sk()
{
    return "s"
           "k-"
           + token(26);
}
QByteArray ghp()
{
    return "gh"
           "p_"
           + token(30);
}
QByteArray pat()
{
    return "github"
           "_pat_"
           + token(30);
}
QByteArray aws()
{
    return "AK"
           "IA"
           + token(16, "ABCDEFGHJKLMNPQRSTUVWXYZ234567");
}
QByteArray pem()
{
    return "-----BEGIN RSA PRI"
           "VATE KEY-----";
}
QByteArray jwt()
{
    return "ey"
           "J"
           + token(24) + "." + token(24) + "." + token(10);
}
QByteArray slack()
{
    return "xo"
           "xb-"
           + token(14);
}
QByteArray hf()
{
    return "h"
           "f_"
           + token(36);
}
QByteArray ant()
{
    return "sk"
           "-ant-"
           + token(24);
}
QByteArray google()
{
    return "AI"
           "za"
           + token(35);
}

QList<Case> cases()
{
    const QString committed = QStringLiteral("secret:committed-secret");
    return {
        {"clean reference", [](const QString&) {}, {}},
        {"sk- key in source", [](const QString& r) { put(r, "src/app.py", "import os\nKEY = '" + sk() + "'\n"); }, committed},
        {"ghp_ token in json", [](const QString& r) { put(r, "config/tokens.json", "{\n  \"t\": \"" + ghp() + "\"\n}\n"); }, committed},
        {"github_pat_ deep", [](const QString& r) { put(r, "a/b/c/notes.txt", "one\ntwo\n" + pat() + "\n"); }, committed},
        {"three findings in two files",
         [](const QString& r) {
             put(r, "x/one.sh", "A=" + ghp() + "\nB=ok\nC=" + sk() + "\n");
             put(r, "y/two.yaml", "token: " + pat() + "\n");
         },
         committed},
        {"AWS key", [](const QString& r) { put(r, "deploy.sh", "export AWS=" + aws() + "\n"); }, QStringLiteral("secret:aws-key")},
        {"private key", [](const QString& r) { put(r, "keys/id.pem", pem() + "\nMIIE\n"); }, QStringLiteral("secret:private-key")},
        {"private key in a file named security_check.sh", [](const QString& r) { put(r, "tools/security_check.sh", pem() + "\n"); }, {}},
        {"JWT", [](const QString& r) { put(r, "web/session.txt", "cookie=" + jwt() + "\n"); }, QStringLiteral("secret:jwt")},
        {"Slack token", [](const QString& r) { put(r, "notify.py", "SLACK = '" + slack() + "'\n"); }, QStringLiteral("secret:slack")},
        {"Hugging Face token", [](const QString& r) { put(r, "ml/train.py", "hf = '" + hf() + "'\n"); }, QStringLiteral("secret:ai-token")},
        {"Google API key", [](const QString& r) { put(r, "maps.js", "const k = \"" + google() + "\";\n"); }, QStringLiteral("secret:ai-token")},
        {"Anthropic key (also an sk- key)", [](const QString& r) { put(r, "ai.py", "k = '" + ant() + "'\n"); }, committed},
        {"secret in a .md file", [](const QString& r) { put(r, "docs/notes.md", sk() + "\n"); }, {}},
        {"secret under .git", [](const QString& r) { put(r, ".git/config", "url = https://" + ghp() + "@example\n"); }, {}},
        {"secret in a nested .env", [](const QString& r) { put(r, "sub/.env", "T=" + ghp() + "\n"); }, {}},
        {"secret in a binary file",
         [](const QString& r) {
             put(r, "bin/blob.dat",
                 QByteArray("\x7f"
                            "ELF\0\0",
                            6)
                     + sk() + "\n");
         },
         {}},
        {"short sk- is no secret", [](const QString& r) { put(r, "src/short.py", "x = 'sk-abc123'\n"); }, {}},
        {"strict off hides the AWS key",
         [](const QString& r) {
             edit(r, ".env", "SECRET_SCAN_STRICT=true", "SECRET_SCAN_STRICT=false");
             put(r, "deploy.sh", "export AWS=" + aws() + "\n");
         },
         {}},
        {"strict off still finds sk-",
         [](const QString& r) {
             edit(r, ".env", "SECRET_SCAN_STRICT=true", "SECRET_SCAN_STRICT=false");
             put(r, "src/app.py", sk() + "\n");
         },
         committed},
        {"secret through a linked folder",
         [](const QString& r) {
             put(r, "real/key.txt", ghp() + "\n");
             QVERIFY(QFile::link(r + QStringLiteral("/real"), r + QStringLiteral("/linked")));
         },
         committed},
        {"compose file not YAML", [](const QString& r) { put(r, "docker-compose.yml", "services: [unclosed\n  workspace: {\n"); },
         QStringLiteral("compose-config")},
        {"compose needs an unset variable",
         [](const QString& r) { edit(r, "docker-compose.yml", "read_only: true", "read_only: true\n    working_dir: ${NOT_SET_ANYWHERE:?must be set}"); },
         QStringLiteral("compose-config")},
        {"Dockerfile ends as root", [](const QString& r) { edit(r, "Dockerfile", "\nUSER agent\n", "\nUSER root\n"); }, QStringLiteral("dockerfile-user")},
        {"broad apt-get install", [](const QString& r) { edit(r, "Dockerfile", "\nUSER agent\n", "\nRUN echo 'apt-get install *'\nUSER agent\n"); },
         QStringLiteral("apt-pattern")},
        {"ports on all interfaces", [](const QString& r) { edit(r, "docker-compose.yml", "127.0.0.1:", ""); }, QStringLiteral("ports-loopback")},
        {"no read_only", [](const QString& r) { edit(r, "docker-compose.yml", "    read_only: true\n", ""); }, QStringLiteral("read-only")},
        {"no seccomp",
         [](const QString& r) {
             edit(r, "docker-compose.yml", "      - seccomp=${SECCOMP_PROFILE:-./config/seccomp-workspace.json}\n", "      - no-new-privileges:true\n");
         },
         QStringLiteral("seccomp")},
        {"invalid PROJECT_NAME", [](const QString& r) { edit(r, ".env", "PROJECT_NAME=", "PROJECT_NAME=bad/name"); }, QStringLiteral("validation")},
    };
}

/// The script's verdict: the step its last error line names, and grep's file:line lines.
struct ScriptVerdict {
    bool passed = false;
    QString step;
    QSet<QString> locations;
};

ScriptVerdict runScript(const QString& root)
{
    QProcess p;
    p.setWorkingDirectory(root);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("CONFIG_FILE"), QStringLiteral(".env"));
    env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
    p.setProcessEnvironment(env);
    p.start(root + QStringLiteral("/scripts/security_check.sh"), {});
    p.waitForFinished(120000);
    const QString out = QString::fromUtf8(p.readAllStandardOutput());
    const QString err = QString::fromUtf8(p.readAllStandardError());
    ScriptVerdict v;
    v.passed = p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    if (v.passed)
        return v;
    static const QList<QPair<const char*, const char*>> messages{{"Dockerfile must end runtime stages as USER agent", "dockerfile-user"},
                                                                 {"broad apt-get sudo/install pattern detected", "apt-pattern"},
                                                                 {"compose ports must bind to 127.0.0.1", "ports-loopback"},
                                                                 {"compose workspace must use read_only: true", "read-only"},
                                                                 {"compose workspace must reference a seccomp profile", "seccomp"},
                                                                 {"potential committed secret detected", "secret:committed-secret"},
                                                                 {"potential AWS access key detected", "secret:aws-key"},
                                                                 {"potential private key detected", "secret:private-key"},
                                                                 {"potential JWT token detected", "secret:jwt"},
                                                                 {"potential Slack token detected", "secret:slack"},
                                                                 {"potential AI provider token detected", "secret:ai-token"}};
    for (const auto& [text, id] : messages)
        if (err.contains(QLatin1String(text)))
            v.step = QLatin1String(id);
    if (v.step.isEmpty())
        v.step = out.contains(QLatin1String("Configuration is valid.")) ? QStringLiteral("compose-config") : QStringLiteral("validation");
    static const QRegularExpression location(QStringLiteral(R"(^(?:\./)?([^:\n]+):(\d+):)"), QRegularExpression::MultilineOption);
    for (auto it = location.globalMatch(out); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        v.locations.insert(m.captured(1) + QLatin1Char(':') + m.captured(2));
    }
    return v;
}
} // namespace

class TestCheckConformance : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        if (!QFileInfo::exists(CheckScratch::referenceRoot())) {
            if (TestEngine::isCi())
                QFAIL("../shared/reference/sandbox-latest is missing (CI=true)");
            QSKIP("../shared/reference/sandbox-latest is missing");
        }
        TestEngine::activate(); // DOCKER_CONFIG with the compose v2 plugin the script calls
    }

    void ctlAndScriptAgree_data()
    {
        QTest::addColumn<int>("index");
        const QList<Case> all = cases();
        for (int i = 0; i < all.size(); ++i)
            QTest::newRow(all.at(i).name) << i;
    }

    void ctlAndScriptAgree()
    {
        QFETCH(int, index);
        const Case c = cases().at(index);
        QTemporaryDir dir;
        QVERIFY(CheckScratch::make(dir.path()));
        c.plant(dir.path());
        if (QTest::currentTestFailed())
            return;

        const ScriptVerdict script = runScript(dir.path());
        QProcess ctl;
        ctl.start(ScratchCheckout::ctlPath(), {QStringLiteral("--sandbox"), dir.path(), QStringLiteral("--json"), QStringLiteral("check")});
        QVERIFY(ctl.waitForFinished(120000));
        const QByteArray out = ctl.readAllStandardOutput();
        const QJsonObject doc = QJsonDocument::fromJson(out).object();
        QVERIFY2(!doc.isEmpty(), out.constData());

        const QString ours = doc.value(QStringLiteral("first_failure")).toString();
        QCOMPARE(ours, c.expected); // the case plants what it says
        QCOMPARE(script.passed, c.expected.isEmpty());
        QCOMPARE(ctl.exitCode(), script.passed ? 0 : 1);
        QCOMPARE(ours, script.step);
        QSet<QString> locations;
        for (const QJsonValue& s : doc.value(QStringLiteral("steps")).toArray())
            if (s.toObject().value(QStringLiteral("id")).toString() == ours)
                for (const QJsonValue& f : s.toObject().value(QStringLiteral("findings")).toArray())
                    locations.insert(f.toObject().value(QStringLiteral("file")).toString() + QLatin1Char(':')
                                     + QString::number(f.toObject().value(QStringLiteral("line")).toInt()));
        QCOMPARE(locations, script.locations);
        // The finding is masked: no planted secret in sandbox-ctl's output.
        for (const QByteArray& secret : {sk(), ghp(), pat(), aws(), jwt(), slack(), hf(), ant(), google()})
            QVERIFY2(!out.contains(secret), c.name);
    }

    void cleanupTestCase() { qInfo("security_check.sh conformance: %d generated checkouts", int(cases().size())); }
};

QTEST_MAIN(TestCheckConformance)
#include "test_check_conformance.moc"
