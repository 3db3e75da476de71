// Conformance against the real reference checkouts (../shared/reference/sandbox and
// sandbox-latest): a generated corpus of .env mutations, each run through that checkout's own
// scripts/validate_config.sh (bash, on a scratch copy) and through `sandbox-ctl validate`. The
// verdicts (valid or not) must agree, and where the script names a key the panel must name it
// too. Deliberate differences are listed below with the reason.
#include "DemoSandbox.h"
#include "TestEngine.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {
const QString kUnset = QStringLiteral("<unset>");

struct Mutation {
    QList<QPair<QString, QString>> changes; ///< KEY -> value (kUnset removes the line)
    QString describe() const
    {
        QStringList parts;
        for (const auto& c : changes)
            parts << (c.second == kUnset ? QStringLiteral("-%1").arg(c.first) : QStringLiteral("%1=%2").arg(c.first, c.second));
        return parts.join(QLatin1Char(' '));
    }
};

/// A deliberate difference: the panel is stricter (or looser) than the script, on purpose.
struct Deliberate {
    QString key;
    QRegularExpression value;
    bool panelValid;
    const char* reason;
    bool olderOnly = false; ///< only against the older checkout's script
};

const QList<Deliberate>& deliberateDifferences()
{
    static const QList<Deliberate> list = {
        {QStringLiteral("PROJECTS_ROOT_PATH|SHARED_SYSTEM_PATH|TEMP_PATH"), QRegularExpression(QStringLiteral("^~")), false,
         "bash expands a leading ~ when it sources .env, so the script sees an absolute path; compose does not expand "
         "it and would mount a relative path: the panel refuses it"},
    };
    return list;
}

const Deliberate* deliberateFor(const Mutation& m, bool older)
{
    // A profile mutation names MODEL_PROFILE alongside the model keys it empties.
    const auto it = std::find_if(m.changes.begin(), m.changes.end(),
                                 [](const auto& c) { return c.first == QLatin1String("MODEL_PROFILE") && !c.second.isEmpty(); });
    const QPair<QString, QString> change = it != m.changes.end() ? *it : m.changes.size() == 1 ? m.changes.first() : QPair<QString, QString>();
    for (const Deliberate& d : deliberateDifferences()) {
        if (d.olderOnly && !older)
            continue;
        if (QRegularExpression(QStringLiteral("^(%1)$").arg(d.key)).match(change.first).hasMatch() && d.value.match(change.second).hasMatch())
            return &d;
    }
    return nullptr;
}

QList<Mutation> corpus(bool latest)
{
    QList<Mutation> out;
    auto one = [&out](const QString& key, const QString& value) { out.append(Mutation{{{key, value}}}); };
    const QStringList required = {"PROJECT_NAME",  "PROJECTS_ROOT_PATH", "SHARED_SYSTEM_PATH", "TEMP_PATH",  "LLM_SOURCE",
                                  "OPENCODE_PORT", "APP_PORT",           "GIT_USERNAME",       "GIT_EMAIL",  "PYTHON_BASE_IMAGE",
                                  "UV_IMAGE",      "NODE_VERSION",       "OPENCODE_VERSION",   "GH_VERSION", "OLLAMA_IMAGE_TAG"};
    for (const QString& k : required) {
        one(k, kUnset);
        one(k, QString());
    }
    for (const char* v : {"ok_name-1", "a.b", "x/y", "\"bad name\"", "UPPER", "-lead"})
        one(QStringLiteral("PROJECT_NAME"), QString::fromLatin1(v));
    for (const char* k : {"PROJECTS_ROOT_PATH", "SHARED_SYSTEM_PATH", "TEMP_PATH"})
        for (const char* v : {"relative/path", "./here", "~/projects", "/abs/elsewhere"})
            one(QString::fromLatin1(k), QString::fromLatin1(v));
    for (const char* k : {"HOST_UID", "HOST_GID"})
        for (const char* v : {"0", "abc", "-1", "1001", "", "00"})
            one(QString::fromLatin1(k), QString::fromLatin1(v));
    for (const char* k : {"OPENCODE_PORT", "APP_PORT", "LLM_PORT", "DASHBOARD_PORT", "MCP_BRIDGE_PORT"})
        for (const char* v : {"80", "1023", "70000", "abc", "3001", "8888", "11434", "", "3000x"})
            one(QString::fromLatin1(k), QString::fromLatin1(v));
    for (const char* v : {"other", "lm_studio", "fastflow_amd", "ollama_docker", "LM_STUDIO"})
        one(QStringLiteral("LLM_SOURCE"), QString::fromLatin1(v));
    for (const char* k : {"LM_STUDIO_MODEL", "FASTFLOW_MODEL", "OLLAMA_MODEL"})
        one(QString::fromLatin1(k), QString());
    for (const char* src : {"lm_studio", "fastflow_amd", "ollama_docker", "other"}) {
        out.append(Mutation{{{QStringLiteral("LLM_SOURCE"), QString::fromLatin1(src)},
                             {QStringLiteral("MODEL_PROFILE"), QString()},
                             {QStringLiteral("LM_STUDIO_MODEL"), QString()},
                             {QStringLiteral("FASTFLOW_MODEL"), QString()},
                             {QStringLiteral("OLLAMA_MODEL"), QString()}}});
        out.append(Mutation{{{QStringLiteral("LLM_SOURCE"), QString::fromLatin1(src)},
                             {QStringLiteral("MODEL_PROFILE"), QStringLiteral("qwen-3-4b")},
                             {QStringLiteral("LM_STUDIO_MODEL"), QString()},
                             {QStringLiteral("FASTFLOW_MODEL"), QString()},
                             {QStringLiteral("OLLAMA_MODEL"), QString()}}});
    }
    for (const char* v : {"nonexistent", "qwen-3-4b", "qwen-3.5-9b", "", "gemma-4-e4b"})
        one(QStringLiteral("MODEL_PROFILE"), QString::fromLatin1(v));
    for (const char* v : {"\"bad host!\"", "host.example", "1.2.3.4", "999.1.1.1", "", "my_host-1", "\"a b\""})
        one(QStringLiteral("LLM_HOST"), QString::fromLatin1(v));
    for (const char* v : {"512", "abc", "2048", "", "1024", "1023"})
        one(QStringLiteral("MAX_CONTEXT_LENGTH"), QString::fromLatin1(v));
    for (const char* k : {"PORTSCAN_ENABLED", "RESOURCE_MONITOR_ENABLED", "AUTOLOG_ENABLED", "SECRET_SCAN_STRICT", "DASHBOARD_ENABLED"})
        for (const char* v : {"yes", "TRUE", "true", "false", "", "1"})
            one(QString::fromLatin1(k), QString::fromLatin1(v));
    for (const char* v : {"none", "full", "restricted", "", "Restricted"})
        one(QStringLiteral("NETWORK_EGRESS"), QString::fromLatin1(v));
    for (const char* k : {"ULIMIT_NOFILE", "ULIMIT_NPROC", "PORTSCAN_INTERVAL", "RESOURCE_MONITOR_INTERVAL", "DASHBOARD_REFRESH_INTERVAL"})
        for (const char* v : {"0", "-5", "abc", "10", "", "007"})
            one(QString::fromLatin1(k), QString::fromLatin1(v));
    for (const char* v : {"unconfined", "missing.json", "config/seccomp-workspace.json", ""})
        one(QStringLiteral("SECCOMP_PROFILE"), QString::fromLatin1(v));
    for (const char* v : {"gui", "tui", "web", ""})
        one(QStringLiteral("OPENCODE_INTERFACE"), QString::fromLatin1(v));
    for (const char* v : {"batch", "conductor", "autonomous", "interactive", ""})
        one(QStringLiteral("OPERATION_MODE"), QString::fromLatin1(v));
    out.append(Mutation{{{QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous")}, {QStringLiteral("TASK_FILE"), QStringLiteral("task.md")}}});
    for (const char* v : {"-1", "abc", "0", "", "999"})
        one(QStringLiteral("OLLAMA_NUM_GPU"), QString::fromLatin1(v));
    out.append(
        Mutation{{{QStringLiteral("GITHUB_TOKEN"), QStringLiteral("tok_aaaaaaaaaaaa")}, {QStringLiteral("GH_TOKEN"), QStringLiteral("tok_bbbbbbbbbbbb")}}});
    out.append(
        Mutation{{{QStringLiteral("GITHUB_TOKEN"), QStringLiteral("tok_aaaaaaaaaaaa")}, {QStringLiteral("GH_TOKEN"), QStringLiteral("tok_aaaaaaaaaaaa")}}});
    one(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("tok_aaaaaaaaaaaa"));
    one(QStringLiteral("GH_TOKEN"), QStringLiteral("tok_aaaaaaaaaaaa"));
    one(QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("missing.json"));
    one(QStringLiteral("UNKNOWN_KEY"), QStringLiteral("kept"));
    Q_UNUSED(latest);
    return out;
}

QByteArray applyMutation(const QByteArray& base, const Mutation& m)
{
    QList<QByteArray> lines = base.split('\n');
    for (const auto& [key, value] : m.changes) {
        bool found = false;
        for (qsizetype i = 0; i < lines.size(); ++i) {
            if (lines[i].startsWith(key.toUtf8() + '=')) {
                found = true;
                if (value == kUnset)
                    lines.removeAt(i--);
                else
                    lines[i] = key.toUtf8() + '=' + value.toUtf8();
            }
        }
        if (!found && value != kUnset)
            lines.append(key.toUtf8() + '=' + value.toUtf8());
    }
    return lines.join('\n');
}

QString scriptKey(const QString& output);

/// The keys the script's message names: "Error: KEY ...", "Error: KEY=value ...", bash's
/// "line N: KEY: KEY must be set", "Set only one of GITHUB_TOKEN or GH_TOKEN" (both). Empty: none.
QStringList scriptKeys(const QString& output)
{
    if (output.contains(QLatin1String("Set only one of GITHUB_TOKEN or GH_TOKEN")))
        return {QStringLiteral("GITHUB_TOKEN"), QStringLiteral("GH_TOKEN")};
    const QString key = scriptKey(output);
    return key.isEmpty() ? QStringList() : QStringList{key};
}

QString scriptKey(const QString& output)
{
    static const QRegularExpression errorKey(QStringLiteral("Error: (?:MODEL_PROFILE|SECCOMP_PROFILE file)?.*?\\b([A-Z][A-Z0-9_]{2,})\\b"));
    static const QRegularExpression bashKey(QStringLiteral(": ([A-Z][A-Z0-9_]{2,}): "));
    for (const QString& line : output.split(QLatin1Char('\n'))) {
        if (const auto m = bashKey.match(line); m.hasMatch())
            return m.captured(1);
        if (line.startsWith(QLatin1String("Error: SECCOMP_PROFILE")))
            return QStringLiteral("SECCOMP_PROFILE");
        if (line.startsWith(QLatin1String("Error: MODEL_PROFILE")))
            return QStringLiteral("MODEL_PROFILE");
        if (const auto m = errorKey.match(line); m.hasMatch())
            return m.captured(1);
    }
    return {};
}
} // namespace

class TestConformanceValidate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void corpusAgrees_data()
    {
        QTest::addColumn<int>("source");
        QTest::newRow("sandbox (older)") << int(DemoSandbox::Source::ReferenceOlder);
        QTest::newRow("sandbox-latest") << int(DemoSandbox::Source::ReferenceLatest);
    }

    void corpusAgrees()
    {
        QFETCH(int, source);
        const auto kind = DemoSandbox::Source(source);
        const QString ref = DemoSandbox::referenceDir(kind);
        SANDBOX_REQUIRE_REFERENCE(ref + QStringLiteral("/scripts/validate_config.sh"));
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString root = dir.path() + QStringLiteral("/checkout");
        QCOMPARE(runProgram(QStringLiteral("cp"), {QStringLiteral("-r"), ref, root}), 0);
        QCOMPARE(runProgram(QStringLiteral("chmod"), {QStringLiteral("-R"), QStringLiteral("u+w"), root}), 0);
        DemoSandbox::completeReferenceCopy(root);
        for (const char* sub : {"projects", "shared", "temp"})
            QVERIFY(QDir(dir.path()).mkpath(QString::fromLatin1(sub)));
        QFile example(root + QStringLiteral("/env.example"));
        QVERIFY(example.open(QIODevice::ReadOnly));
        QByteArray base = example.readAll();
        base.replace("/absolute/path/to/sandboxed-projects", (dir.path() + QStringLiteral("/projects")).toUtf8());
        base.replace("/absolute/path/to/read-only-shared", (dir.path() + QStringLiteral("/shared")).toUtf8());
        base.replace("/absolute/path/to/sandbox-temp", (dir.path() + QStringLiteral("/temp")).toUtf8());

        QProcessEnvironment clean;
        clean.insert(QStringLiteral("PATH"), QStringLiteral("/usr/bin:/bin"));
        clean.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        clean.insert(QStringLiteral("HOME"), dir.path());

        const bool latest = kind == DemoSandbox::Source::ReferenceLatest;
        const QList<Mutation> mutations = corpus(latest);
        QVERIFY2(mutations.size() >= 200, qPrintable(QString::number(mutations.size())));
        int agree = 0, keyAgree = 0, keyNamed = 0, deliberate = 0;
        QStringList disagreements;
        QList<Mutation> all{Mutation{}};
        all += mutations;
        for (const Mutation& m : all) {
            QFile env(root + QStringLiteral("/.env"));
            QVERIFY(env.open(QIODevice::WriteOnly | QIODevice::Truncate));
            env.write(applyMutation(base, m));
            env.close();
            QFile::setPermissions(env.fileName(), QFile::ReadOwner | QFile::WriteOwner);

            QString scriptOut;
            const int scriptCode = runProgram(QStringLiteral("bash"), {QStringLiteral("scripts/validate_config.sh")}, &scriptOut, 20000, root, clean);
            QString ctlOut;
            const int ctlCode = runProgram(QStringLiteral(SANDBOX_CTL_PATH),
                                           {QStringLiteral("--sandbox"), root, QStringLiteral("--json"), QStringLiteral("validate")}, &ctlOut, 20000, root,
                                           clean);
            const bool scriptValid = scriptCode == 0 && scriptOut.contains(QLatin1String("Configuration is valid."));
            QStringList panelErrors;
            const QJsonObject doc = QJsonDocument::fromJson(ctlOut.section(QLatin1Char('\n'), 0, 0).toUtf8()).object();
            for (const QJsonValue& f : doc.value(QStringLiteral("findings")).toArray()) {
                if (f.toObject().value(QStringLiteral("severity")).toString() == QLatin1String("error"))
                    panelErrors << f.toObject().value(QStringLiteral("key")).toString();
            }
            const bool panelValid = ctlCode == 0 && doc.value(QStringLiteral("valid")).toBool();
            if (m.changes.isEmpty()) {
                QVERIFY2(scriptValid && panelValid, qPrintable(QStringLiteral("the base .env must be valid: script %1 / panel %2").arg(scriptOut, ctlOut)));
                continue;
            }
            const QStringList keys = scriptValid ? QStringList() : scriptKeys(scriptOut);
            if (scriptValid == panelValid) {
                ++agree;
                if (!keys.isEmpty()) {
                    ++keyNamed;
                    if (std::any_of(keys.begin(), keys.end(), [&](const QString& k) { return panelErrors.contains(k); }))
                        ++keyAgree;
                    else if (deliberateFor(m, !latest))
                        ++deliberate;
                    else
                        disagreements << QStringLiteral("%1: script names %2, panel names %3")
                                             .arg(m.describe(), keys.join(QLatin1Char('/')), panelErrors.join(QLatin1Char(',')));
                }
            } else if (const Deliberate* d = deliberateFor(m, !latest); d && d->panelValid == panelValid) {
                ++deliberate;
            } else {
                disagreements << QStringLiteral("%1: script %2 (%3), panel %4 (%5)")
                                     .arg(m.describe(), scriptValid ? QStringLiteral("valid") : QStringLiteral("invalid"), scriptOut.trimmed().left(160),
                                          panelValid ? QStringLiteral("valid") : QStringLiteral("invalid"), panelErrors.join(QLatin1Char(',')));
            }
        }
        qInfo("CONFORMANCE %s: %d mutations, verdicts agree on %d, deliberate differences %d; key named by the script %d, same key %d", QTest::currentDataTag(),
              int(mutations.size()), agree, deliberate, keyNamed, keyAgree);
        for (const Deliberate& d : deliberateDifferences()) {
            if (!d.olderOnly || !latest)
                qInfo("DELIBERATE %s: %s", qPrintable(d.key), d.reason);
        }
        for (const QString& d : disagreements)
            qWarning("DISAGREE %s", qPrintable(d));
        QVERIFY2(disagreements.isEmpty(), qPrintable(QStringLiteral("%1 disagreement(s), listed above").arg(disagreements.size())));
    }
};

QTEST_GUILESS_MAIN(TestConformanceValidate)
#include "test_conformance_validate.moc"
