// One test per rule of SANDBOX.md's settings table.
#include "core/compose/Lifecycle.h"
#include "core/sandbox/LifecycleWiring.h"
#include "core/settings/SettingsValidator.h"

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsValidation : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QByteArray m_example;

    /// Findings for env.example with \a key set to \a value (empty optional: removed).
    Findings with(const QString& key, const std::optional<QString>& value) const
    {
        QByteArray bytes = m_example;
        EnvFile env = EnvFile::parse(bytes);
        if (value) {
            if (!env.set(key, *value))
                qFatal("cannot set %s", qPrintable(key));
        } else {
            QByteArray out;
            for (const EnvLine& line : env.lines())
                if (!(line.kind == EnvLine::Kind::Assignment && line.key == key))
                    out += line.text + line.eol;
            env = EnvFile::parse(out);
        }
        return SettingsValidator(m_dir.path()).validate(env);
    }
    static bool hasError(const Findings& f, const QString& key)
    {
        return std::any_of(f.begin(), f.end(), [&](const Finding& x) { return x.isError() && x.key == key; });
    }
    static QString errorsOf(const Findings& f)
    {
        QStringList out;
        for (const Finding& x : f)
            if (x.isError())
                out << x.toString();
        return out.join(QLatin1Char('\n'));
    }
    static bool hasWarning(const Findings& f, const QString& key)
    {
        return std::any_of(f.begin(), f.end(), [&](const Finding& x) { return !x.isError() && x.key == key; });
    }
    void expectError(const QString& key, const QString& value, const QString& findingKey = {})
    {
        const Findings f = with(key, value);
        QVERIFY2(hasError(f, findingKey.isEmpty() ? key : findingKey), qPrintable(key + QStringLiteral("=") + value));
    }
    void expectOk(const QString& key, const std::optional<QString>& value)
    {
        const Findings f = with(key, value);
        QVERIFY2(!hasErrors(f), qPrintable(f.isEmpty() ? QString() : f.first().toString()));
    }
    void touch(const QString& rel)
    {
        QDir(m_dir.path()).mkpath(QFileInfo(m_dir.filePath(rel)).path());
        QFile f(m_dir.filePath(rel));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{}");
    }

private Q_SLOTS:
    void initTestCase()
    {
        QFile f(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        m_example = f.readAll();
        QDir(m_dir.path()).mkpath(QStringLiteral("config"));
        QVERIFY(
            QFile::copy(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/config/port-allowlist.txt"), m_dir.filePath(QStringLiteral("config/port-allowlist.txt"))));
        touch(QStringLiteral("config/seccomp-workspace.json")); // a real checkout has it
    }

    void startJobSaysEachLevelOnce()
    {
        // The start job's validation lines read "warning KEY: ..." and "error KEY: ...": the
        // validator gave the level and the job added it again ("warning warning", "error error").
        QTemporaryDir dir;
        QFile env(dir.filePath(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::WriteOnly));
        env.write(QByteArray(m_example).replace("PROJECT_NAME=default_project", "PROJECT_NAME=my project"));
        env.close();
        QVERIFY(env.setPermissions(env.permissions() | QFileDevice::ReadOther)); // a warning
        Lifecycle lc{Checkout(dir.path())};
        lc.setValidator(LifecycleWiring::settingsValidator());
        lc.setComposeTool(ComposeTool(ComposeTool::Variant::V1Standalone, QStringLiteral("false"), QStringLiteral("1.29.2")));
        QSignalSpy finished(&lc, &Lifecycle::jobFinished);
        Job* job = lc.start();
        QVERIFY(finished.wait(10000));
        QCOMPARE(job->status(), Job::Status::Invalid);
        const QString lines = job->history().join(QLatin1Char('\n')) + QLatin1Char('\n') + job->errorText();
        QVERIFY2(lines.contains(QStringLiteral("warning .env: ")), qPrintable(lines));
        QVERIFY2(lines.contains(QStringLiteral("error PROJECT_NAME: ")), qPrintable(lines));
        QVERIFY2(!lines.contains(QStringLiteral("warning warning")) && !lines.contains(QStringLiteral("error error")), qPrintable(lines));
    }

    void exampleIsValid()
    {
        const Findings f = SettingsValidator(m_dir.path()).validate(EnvFile::parse(m_example));
        QVERIFY2(f.isEmpty(), qPrintable(f.isEmpty() ? QString() : f.first().toString()));
    }
    void requiredKeys()
    {
        for (const char* k :
             {"PROJECT_NAME", "PROJECTS_ROOT_PATH", "SHARED_SYSTEM_PATH", "TEMP_PATH", "LLM_SOURCE", "GIT_USERNAME", "GIT_EMAIL", "PYTHON_BASE_IMAGE",
              "UV_IMAGE", "NODE_VERSION", "OPENCODE_VERSION", "GH_VERSION", "OLLAMA_IMAGE_TAG", "OPENCODE_PORT", "APP_PORT"}) {
            QVERIFY2(hasError(with(QString::fromLatin1(k), std::nullopt), QString::fromLatin1(k)), k);
            QVERIFY2(hasError(with(QString::fromLatin1(k), QString()), QString::fromLatin1(k)), k);
        }
    }
    void projectNamePattern()
    {
        expectError(QStringLiteral("PROJECT_NAME"), QStringLiteral("my project"));
        expectError(QStringLiteral("PROJECT_NAME"), QStringLiteral("a/b"));
        expectOk(QStringLiteral("PROJECT_NAME"), QStringLiteral("My_proj-2"));
    }
    void absolutePaths()
    {
        for (const char* k : {"PROJECTS_ROOT_PATH", "SHARED_SYSTEM_PATH", "TEMP_PATH"}) {
            expectError(QString::fromLatin1(k), QStringLiteral("relative/path"));
            expectOk(QString::fromLatin1(k), QStringLiteral("/does/not/need/to/exist"));
        }
    }
    void uidGidNumericNotRoot()
    {
        for (const char* k : {"HOST_UID", "HOST_GID"}) {
            expectError(QString::fromLatin1(k), QStringLiteral("0"));
            expectError(QString::fromLatin1(k), QStringLiteral("abc"));
            expectError(QString::fromLatin1(k), QStringLiteral("-5"));
            expectOk(QString::fromLatin1(k), QStringLiteral("1001"));
            expectOk(QString::fromLatin1(k), std::nullopt);
        }
    }
    void tokenPair()
    {
        EnvFile env = EnvFile::parse(m_example);
        QVERIFY(env.set(QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_aaaaaaaa")));
        QVERIFY(!hasErrors(SettingsValidator(m_dir.path()).validate(env)));
        QVERIFY(env.set(QStringLiteral("GH_TOKEN"), QStringLiteral("ghp_bbbbbbbb")));
        const Findings f = SettingsValidator(m_dir.path()).validate(env);
        QVERIFY(hasError(f, QStringLiteral("GH_TOKEN")));
        QVERIFY(!f.first().message.contains(QStringLiteral("ghp_"))); // never quotes the secret
        QVERIFY(env.set(QStringLiteral("GH_TOKEN"), QStringLiteral("ghp_aaaaaaaa")));
        QVERIFY(!hasErrors(SettingsValidator(m_dir.path()).validate(env)));
    }
    void llmSourceAndModel()
    {
        expectError(QStringLiteral("LLM_SOURCE"), QStringLiteral("openai"));
        expectOk(QStringLiteral("LLM_SOURCE"), QStringLiteral("ollama_docker")); // OLLAMA_MODEL is set
        expectError(QStringLiteral("LLM_SOURCE"), QStringLiteral("fastflow_amd"), QStringLiteral("FASTFLOW_MODEL"));
        expectError(QStringLiteral("LM_STUDIO_MODEL"), QString());
    }
    void modelProfileException()
    {
        EnvFile env = EnvFile::parse(m_example);
        QVERIFY(env.set(QStringLiteral("LM_STUDIO_MODEL"), QString()));
        QVERIFY(hasError(SettingsValidator(m_dir.path()).validate(env), QStringLiteral("LM_STUDIO_MODEL")));
        QVERIFY(env.set(QStringLiteral("MODEL_PROFILE"), QStringLiteral("small")));
        // A profile that does not exist is an error of its own (as in the checkout's check).
        QVERIFY(hasError(SettingsValidator(m_dir.path()).validate(env), QStringLiteral("MODEL_PROFILE")));
        touch(QStringLiteral("config/model_profiles/small.json"));
        QVERIFY(!hasErrors(SettingsValidator(m_dir.path()).validate(env)));
        // With a profile, the checkout accepts an unknown source: a warning here.
        QVERIFY(env.set(QStringLiteral("LLM_SOURCE"), QStringLiteral("custom")));
        const Findings f = SettingsValidator(m_dir.path()).validate(env);
        QVERIFY(!hasErrors(f));
        QVERIFY(hasWarning(f, QStringLiteral("LLM_SOURCE")));
        // The model given, a missing profile is still an error.
        expectError(QStringLiteral("MODEL_PROFILE"), QStringLiteral("nope"));
    }
    void keysUnknownToAnOlderCheckoutAreWarnings()
    {
        // An older checkout: its own validator knows none of the newer keys (nor does its compose file).
        QTemporaryDir older;
        QDir(older.path()).mkpath(QStringLiteral("scripts"));
        QDir(older.path()).mkpath(QStringLiteral("config"));
        {
            // The older validator's own checks name none of the newer keys (as reference/sandbox's).
            QFile script(older.filePath(QStringLiteral("scripts/validate_config.sh")));
            QVERIFY(script.open(QIODevice::WriteOnly));
            script.write("#!/usr/bin/env bash\nset -a; source .env; set +a\n"
                         "case \"$LLM_SOURCE\" in lm_studio) : \"${LM_STUDIO_MODEL:?}\" ;; esac\necho \"Configuration is valid.\"\n");
        }
        for (const char* rel : {"config/port-allowlist.txt", "config/seccomp-workspace.json"})
            QVERIFY(QFile::copy(m_dir.filePath(QString::fromLatin1(rel)), older.filePath(QString::fromLatin1(rel))));
        const SettingsValidator olderRules(older.path());
        QCOMPARE(olderRules.keysUnknownToCheckout(),
                 (QStringList{QStringLiteral("MODEL_PROFILE"), QStringLiteral("LLM_HOST"), QStringLiteral("MAX_CONTEXT_LENGTH")}));
        EnvFile env = EnvFile::parse(m_example);
        QVERIFY(env.set(QStringLiteral("MODEL_PROFILE"), QStringLiteral("nope")));
        QVERIFY(env.set(QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("512")));
        QVERIFY(env.set(QStringLiteral("LLM_HOST"), QStringLiteral("a host")));
        Findings f = olderRules.validate(env);
        QVERIFY2(!hasErrors(f), qPrintable(errorsOf(f)));
        for (const char* k : {"MODEL_PROFILE", "MAX_CONTEXT_LENGTH", "LLM_HOST"})
            QVERIFY2(hasWarning(f, QString::fromLatin1(k)), k);
        // There a profile does not stand in for the model: its validator still asks for the model key.
        QVERIFY(env.set(QStringLiteral("LM_STUDIO_MODEL"), QString()));
        QVERIFY(hasError(olderRules.validate(env), QStringLiteral("LM_STUDIO_MODEL")));
        // The same .env on a checkout whose validator knows the keys: errors.
        QVERIFY(SettingsValidator(m_dir.path()).keysUnknownToCheckout().isEmpty());
        f = SettingsValidator(m_dir.path()).validate(env);
        for (const char* k : {"MODEL_PROFILE", "MAX_CONTEXT_LENGTH", "LLM_HOST"})
            QVERIFY2(hasError(f, QString::fromLatin1(k)), k);
    }
    void portRule()
    {
        for (const char* k : {"OPENCODE_PORT", "APP_PORT", "LLM_PORT", "DASHBOARD_PORT", "MCP_BRIDGE_PORT"}) {
            expectError(QString::fromLatin1(k), QStringLiteral("80"));
            expectError(QString::fromLatin1(k), QStringLiteral("70000"));
            expectError(QString::fromLatin1(k), QStringLiteral("30x0"));
            expectError(QString::fromLatin1(k), QStringLiteral("9999"));  // in range, not allowlisted
            expectError(QString::fromLatin1(k), QStringLiteral("08888")); // not the listed line
            expectOk(QString::fromLatin1(k), QStringLiteral("8888"));
        }
        expectOk(QStringLiteral("DASHBOARD_PORT"), std::nullopt);
        expectOk(QStringLiteral("LLM_PORT"), std::nullopt);
    }
    void llmHost()
    {
        expectOk(QStringLiteral("LLM_HOST"), QStringLiteral("host.docker.internal"));
        expectOk(QStringLiteral("LLM_HOST"), QStringLiteral("192.168.1.20"));
        expectError(QStringLiteral("LLM_HOST"), QStringLiteral("http://x"));
        expectError(QStringLiteral("LLM_HOST"), QStringLiteral("a host"));
        // The checkout accepts [a-zA-Z0-9_.-]+: not an error, but flagged.
        for (const char* v : {"300.1.1.1", "bad_host", "-x"}) {
            const Findings f = with(QStringLiteral("LLM_HOST"), QString::fromLatin1(v));
            QVERIFY2(!hasErrors(f) && hasWarning(f, QStringLiteral("LLM_HOST")), v);
        }
    }
    void operationModeAndTaskFile()
    {
        expectError(QStringLiteral("OPERATION_MODE"), QStringLiteral("auto"));
        expectOk(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor"));
        expectError(QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous"), QStringLiteral("TASK_FILE"));
        EnvFile env = EnvFile::parse(m_example);
        QVERIFY(env.set(QStringLiteral("TASK_FILE"), QStringLiteral("spec.md")));
        QVERIFY(env.set(QStringLiteral("OPERATION_MODE"), QStringLiteral("autonomous")));
        QVERIFY(!hasErrors(SettingsValidator(m_dir.path()).validate(env)));
    }
    void interface()
    {
        expectOk(QStringLiteral("OPENCODE_INTERFACE"), QStringLiteral("tui"));
        expectError(QStringLiteral("OPENCODE_INTERFACE"), QStringLiteral("gui"));
    }
    void egress()
    {
        expectOk(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("full"));
        expectError(QStringLiteral("NETWORK_EGRESS"), QStringLiteral("none"));
    }
    void booleans()
    {
        for (const char* k : {"PORTSCAN_ENABLED", "RESOURCE_MONITOR_ENABLED", "AUTOLOG_ENABLED", "DASHBOARD_ENABLED", "SECRET_SCAN_STRICT"}) {
            expectError(QString::fromLatin1(k), QStringLiteral("yes"));
            expectError(QString::fromLatin1(k), QStringLiteral("True"));
            expectOk(QString::fromLatin1(k), QStringLiteral("true"));
        }
    }
    void positiveIntegers()
    {
        for (const char* k : {"PORTSCAN_INTERVAL", "RESOURCE_MONITOR_INTERVAL", "DASHBOARD_REFRESH_INTERVAL", "ULIMIT_NOFILE", "ULIMIT_NPROC"}) {
            expectError(QString::fromLatin1(k), QStringLiteral("0"));
            expectError(QString::fromLatin1(k), QStringLiteral("-1"));
            expectError(QString::fromLatin1(k), QStringLiteral("5s"));
            expectError(QString::fromLatin1(k), QStringLiteral("015")); // ^[1-9][0-9]*$
            expectError(QString::fromLatin1(k), QStringLiteral("12345678901234567890"));
            expectOk(QString::fromLatin1(k), QStringLiteral("15"));
            expectOk(QString::fromLatin1(k), QStringLiteral("999999999"));
        }
    }
    void maxContextLength()
    {
        expectError(QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("1023"));
        expectError(QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("big"));
        expectOk(QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("1024"));
    }
    void ollamaNumGpu()
    {
        expectOk(QStringLiteral("OLLAMA_NUM_GPU"), QStringLiteral("0"));
        expectError(QStringLiteral("OLLAMA_NUM_GPU"), QStringLiteral("-1"));
        expectError(QStringLiteral("OLLAMA_NUM_GPU"), QStringLiteral("all"));
    }
    void seccompProfile()
    {
        expectOk(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined"));
        expectError(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("config/missing.json"));
        expectOk(QStringLiteral("SECCOMP_PROFILE"), m_dir.filePath(QStringLiteral("config/seccomp-workspace.json")));
    }
    void mcpConfigWarning()
    {
        Findings f = with(QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("config/mcp.json"));
        QVERIFY(hasWarning(f, QStringLiteral("MCP_CONFIG_FILE")));
        QVERIFY(!hasErrors(f));
        touch(QStringLiteral("config/mcp.json"));
        f = with(QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("config/mcp.json"));
        QVERIFY(!hasWarning(f, QStringLiteral("MCP_CONFIG_FILE")));
    }
    void duplicatesWarn()
    {
        const Findings f = SettingsValidator(m_dir.path()).validate(EnvFile::parse(m_example + "APP_PORT=8000\n"));
        QVERIFY(hasWarning(f, QStringLiteral("APP_PORT")));
        QVERIFY(!hasErrors(f));
    }
    /// make validate sources .env with `set -e`: lines the shell runs as commands fail it.
    void shellMustSourceTheFile()
    {
        auto check = [this](const QByteArray& extra) { return SettingsValidator(m_dir.path()).validate(EnvFile::parse(m_example + extra)); };
        const QString next = QStringLiteral("line %1").arg(m_example.count('\n') + 1);
        QVERIFY(hasError(check("not a line\n"), next));
        QVERIFY(hasError(check("EXTRA =1\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasError(check("EXTRA= 1\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasError(check("EXTRA=two words\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasError(check("EXTRA=a;b\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasError(check("EXTRA=\"open\n"), QStringLiteral("EXTRA")));
        QVERIFY(!hasErrors(check("EXTRA= # nothing\nexport MORE=\"two words\" # ok\n")));
        // Read differently, but the shell accepts them: warnings.
        QVERIFY(hasWarning(check("EXTRA=a\"b\"c\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasWarning(check("EXTRA=a#b\n"), QStringLiteral("EXTRA")));
        QVERIFY(!hasWarning(check("EXTRA=ab # comment\n"), QStringLiteral("EXTRA")));
        QVERIFY(hasWarning(check("EXTRA=\"a\\\\\"\n"), QStringLiteral("EXTRA")));
        QVERIFY(!hasErrors(check("EXTRA=\"a\\\\\"\n")));
        // CRLF: the shell keeps the CR in every value.
        QByteArray crlf = m_example;
        crlf.replace("\n", "\r\n");
        QVERIFY(hasError(SettingsValidator(m_dir.path()).validate(EnvFile::parse(crlf)), QStringLiteral(".env")));
    }
    void allowlistFormats()
    {
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("config"));
        auto write = [&dir](const char* rel, const QByteArray& b) {
            QFile f(dir.filePath(QString::fromLatin1(rel)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(b);
        };
        const QString ports = QStringLiteral("config/port-allowlist.txt"), apt = QStringLiteral("config/apt-package-allowlist.txt");
        auto findings = [&dir] { return SettingsValidator(dir.path()).validate(EnvFile::parse("")); };
        write("config/port-allowlist.txt", "# c\n\n1234\n3000\n7860\n8443\n");
        write("config/apt-package-allowlist.txt", "# c\ng++\ngcc\nlibssl-dev\n");
        QVERIFY(!hasError(findings(), ports));
        QVERIFY(!hasError(findings(), apt));
        write("config/port-allowlist.txt", "3000\n1234\n");
        QVERIFY(hasError(findings(), ports));
        write("config/port-allowlist.txt", "1234\n1234\n");
        QVERIFY(hasError(findings(), ports));
        write("config/port-allowlist.txt", "1234\n 3000\n");
        QVERIFY(hasError(findings(), ports));
        write("config/port-allowlist.txt", "999\n1234\n"); // numeric, not text, order
        QVERIFY(!hasError(findings(), ports));
        write("config/apt-package-allowlist.txt", "gcc\ng++\n");
        QVERIFY(hasError(findings(), apt));
        write("config/apt-package-allowlist.txt", "Curl\n");
        QVERIFY(hasError(findings(), apt));
    }
    void portRuleWithoutAllowlistFile()
    {
        // A missing config/port-allowlist.txt is one error of its own; membership is not checked then.
        QTemporaryDir dir;
        QDir(dir.path()).mkpath(QStringLiteral("config"));
        QFile seccomp(dir.filePath(QStringLiteral("config/seccomp-workspace.json")));
        QVERIFY(seccomp.open(QIODevice::WriteOnly));
        seccomp.close();
        EnvFile env = EnvFile::parse(m_example);
        QVERIFY(env.set(QStringLiteral("APP_PORT"), QStringLiteral("9999")));
        const Findings f = SettingsValidator(dir.path()).validate(env);
        QVERIFY(hasError(f, QStringLiteral("config/port-allowlist.txt")));
        QVERIFY(!hasError(f, QStringLiteral("APP_PORT")));
        QVERIFY(env.set(QStringLiteral("APP_PORT"), QStringLiteral("80")));
        QVERIFY(hasError(SettingsValidator(dir.path()).validate(env), QStringLiteral("APP_PORT")));
    }
    void permissionsWarning()
    {
        using P = QFileDevice::Permission;
        const EnvFile env = EnvFile::parse(m_example);
        const SettingsValidator v(m_dir.path());
        QVERIFY(!hasWarning(v.validate(env, P::ReadOwner | P::WriteOwner), QStringLiteral(".env")));
        QVERIFY(!hasWarning(v.validate(env, P::ReadOwner), QStringLiteral(".env")));
        QVERIFY(!hasWarning(v.validate(env, P::ReadOwner | P::WriteOwner | P::ReadGroup), QStringLiteral(".env")));
        QVERIFY(hasWarning(v.validate(env, P::ReadOwner | P::WriteOwner | P::ReadGroup | P::ReadOther), QStringLiteral(".env")));
        QVERIFY(hasWarning(v.validate(env, P::ReadOwner | P::WriteOwner | P::ReadGroup | P::WriteGroup), QStringLiteral(".env")));
    }
};

QTEST_GUILESS_MAIN(TestSettingsValidation)
#include "test_settings_validation.moc"
