// The real sandbox-ctl on a temp copy of the reference checkout: validate, get, set, mode,
// egress and monitor, with their exit codes; each change touches exactly one line.
#include "CtlRun.h"

#include <algorithm>

#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

class TestSettingsCli : public QObject {
    Q_OBJECT
    QTemporaryDir m_dir;
    QString env() const { return m_dir.filePath(QStringLiteral(".env")); }

    CtlRun ctl(const QStringList& args) { return CtlRun::run(m_dir.path(), args); }
    QByteArray envBytes() const
    {
        QFile f(env());
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    /// The one line that differs between before and now ("old" -> "new"); fails unless exactly one.
    static QPair<QByteArray, QByteArray> oneLineChanged(const QByteArray& before, const QByteArray& after)
    {
        const auto a = before.split('\n'), b = after.split('\n');
        QPair<QByteArray, QByteArray> change;
        int n = 0;
        if (a.size() != b.size())
            return {"<line count differs>", {}};
        for (qsizetype i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) {
                ++n;
                change = {a[i], b[i]};
            }
        return n == 1 ? change : QPair<QByteArray, QByteArray>{"<changed lines: " + QByteArray::number(n) + ">", {}};
    }

private Q_SLOTS:
    void init()
    {
        QDir d(m_dir.path());
        d.removeRecursively();
        QVERIFY(d.mkpath(QStringLiteral("config")));
        const QString ref = QStringLiteral(SANDBOX_FIXTURE_CHECKOUT);
        QVERIFY(QFile::copy(ref + "/env.example", env()));
        QVERIFY(QFile::copy(ref + "/docker-compose.yml", m_dir.filePath(QStringLiteral("docker-compose.yml"))));
        for (const char* f : {"config/port-allowlist.txt", "config/apt-package-allowlist.txt"})
            QVERIFY(QFile::copy(ref + '/' + f, m_dir.filePath(QString::fromLatin1(f))));
        QVERIFY(QFile::setPermissions(env(), QFileDevice::ReadOwner | QFileDevice::WriteOwner));
    }

    void validateReference()
    {
        // The reference copy lacks config/seccomp-workspace.json, which a real checkout has.
        CtlRun r = ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.startsWith(QStringLiteral("error SECCOMP_PROFILE: ")), qPrintable(r.out));
        QCOMPARE(r.out.count(u'\n'), 2);
        QVERIFY2(r.out.endsWith(QStringLiteral("\nConfiguration is not valid: 1 error, 0 warnings\n")), qPrintable(r.out));
        r = ctl({QStringLiteral("--json"), QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value(QStringLiteral("valid")).toBool(true), false);
        const QJsonObject f = o.value(QStringLiteral("findings")).toArray().first().toObject();
        QCOMPARE(f.value(QStringLiteral("severity")).toString(), QStringLiteral("error"));
        QCOMPARE(f.value(QStringLiteral("key")).toString(), QStringLiteral("SECCOMP_PROFILE"));
        QVERIFY(!f.value(QStringLiteral("message")).toString().isEmpty());

        QFile seccomp(m_dir.filePath(QStringLiteral("config/seccomp-workspace.json")));
        QVERIFY(seccomp.open(QIODevice::WriteOnly));
        seccomp.write("{}");
        seccomp.close();
        r = ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("Configuration is valid: 0 warnings\n")); // was silent
        r = ctl({QStringLiteral("--json"), QStringLiteral("validate")});         // --json stays one document
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object(), QJsonObject({{QStringLiteral("valid"), true}, {QStringLiteral("findings"), QJsonArray()}}));
        QVERIFY(QFile::setPermissions(env(), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadOther));
        r = ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("warning .env: ")));
        QVERIFY2(r.out.endsWith(QStringLiteral("\nConfiguration is valid: 1 warning\n")), qPrintable(r.out));
    }

    void getMasksSecrets()
    {
        CtlRun r = ctl({QStringLiteral("get"), QStringLiteral("GIT_USERNAME")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("Agent Coder\n"));
        r = ctl({QStringLiteral("get"), QStringLiteral("GITHUB_TOKEN")});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("\n")); // empty secret: empty line
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("GITHUB_TOKEN"), QStringLiteral("ghp_topsecret42")}).code, 0);
        r = ctl({QStringLiteral("get"), QStringLiteral("GITHUB_TOKEN")});
        QCOMPARE(r.out, QStringLiteral("********\n"));
        r = ctl({QStringLiteral("get"), QStringLiteral("GITHUB_TOKEN"), QStringLiteral("--reveal")});
        QCOMPARE(r.out, QStringLiteral("ghp_topsecret42\n"));
        r = ctl({QStringLiteral("set"), QStringLiteral("GH_TOKEN"), QStringLiteral("ghp_othersecret")});
        QCOMPARE(r.code, 1); // must equal GITHUB_TOKEN
        QVERIFY(!r.err.contains(QStringLiteral("secret4")) && !r.out.contains(QStringLiteral("othersecret")));
        QCOMPARE(ctl({QStringLiteral("get"), QStringLiteral("NO_SUCH_KEY")}).code, 1);
        QCOMPARE(ctl({QStringLiteral("get")}).code, 2);
    }

    void setChangesOneLine()
    {
        QByteArray before = envBytes();
        CtlRun r = ctl({QStringLiteral("set"), QStringLiteral("GIT_USERNAME"), QStringLiteral("Robo Coder")});
        QCOMPARE(r.code, 0);
        QCOMPARE(oneLineChanged(before, envBytes()), (QPair<QByteArray, QByteArray>{"GIT_USERNAME=\"Agent Coder\"", "GIT_USERNAME=\"Robo Coder\""}));
        before = envBytes();
        r = ctl({QStringLiteral("set"), QStringLiteral("APP_PORT"), QStringLiteral("9999")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("port-allowlist")));
        QCOMPARE(envBytes(), before);
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("A")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("9X"), QStringLiteral("1")}).code, 2);
        // A new key is added next to its siblings: one line more, nothing else changes.
        r = ctl({QStringLiteral("set"), QStringLiteral("MAX_CONTEXT_LENGTH"), QStringLiteral("8192")});
        QCOMPARE(r.code, 0);
        QCOMPARE(envBytes().size(), before.size() + qsizetype(strlen("MAX_CONTEXT_LENGTH=8192\n")));
    }

    void modeEgressMonitor_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QByteArray>("oldLine");
        QTest::addColumn<QByteArray>("newLine");
        QTest::newRow("mode conductor") << QStringList{QStringLiteral("mode"), QStringLiteral("conductor")} << QByteArray("OPERATION_MODE=interactive")
                                        << QByteArray("OPERATION_MODE=conductor");
        QTest::newRow("egress full") << QStringList{QStringLiteral("egress"), QStringLiteral("full"), QStringLiteral("--yes")}
                                     << QByteArray("NETWORK_EGRESS=restricted") << QByteArray("NETWORK_EGRESS=full");
        QTest::newRow("portscan") << QStringList{QStringLiteral("monitor"), QStringLiteral("portscan"), QStringLiteral("on")}
                                  << QByteArray("PORTSCAN_ENABLED=false") << QByteArray("PORTSCAN_ENABLED=true");
        QTest::newRow("resources") << QStringList{QStringLiteral("monitor"), QStringLiteral("resources"), QStringLiteral("on")}
                                   << QByteArray("RESOURCE_MONITOR_ENABLED=false") << QByteArray("RESOURCE_MONITOR_ENABLED=true");
        QTest::newRow("autolog") << QStringList{QStringLiteral("monitor"), QStringLiteral("autolog"), QStringLiteral("on")}
                                 << QByteArray("AUTOLOG_ENABLED=false") << QByteArray("AUTOLOG_ENABLED=true");
        QTest::newRow("dashboard") << QStringList{QStringLiteral("monitor"), QStringLiteral("dashboard"), QStringLiteral("on")}
                                   << QByteArray("DASHBOARD_ENABLED=false") << QByteArray("DASHBOARD_ENABLED=true");
    }
    void modeEgressMonitor()
    {
        QFETCH(QStringList, args);
        QFETCH(QByteArray, oldLine);
        QFETCH(QByteArray, newLine);
        const QByteArray before = envBytes();
        const CtlRun r = ctl(args);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(oneLineChanged(before, envBytes()), (QPair<QByteArray, QByteArray>{oldLine, newLine}));
        QCOMPARE(QFile::permissions(env()) & 0x7077, QFileDevice::Permissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner) & 0x7077);
    }

    void autonomousNeedsTaskFile()
    {
        const QByteArray before = envBytes();
        CtlRun r = ctl({QStringLiteral("mode"), QStringLiteral("autonomous")});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QStringLiteral("TASK_FILE")));
        QCOMPARE(envBytes(), before);
        QCOMPARE(ctl({QStringLiteral("set"), QStringLiteral("TASK_FILE"), QStringLiteral("spec.md")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("mode"), QStringLiteral("autonomous")}).code, 4); // a loosening: no terminal, no --yes
        QCOMPARE(ctl({QStringLiteral("mode"), QStringLiteral("autonomous"), QStringLiteral("--yes")}).code, 0);
        QCOMPARE(ctl({QStringLiteral("get"), QStringLiteral("OPERATION_MODE")}).out, QStringLiteral("autonomous\n"));
    }

    void looseningRefusedWithoutYes_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("egress full") << QStringList{QStringLiteral("egress"), QStringLiteral("full")};
        QTest::newRow("seccomp unconfined") << QStringList{QStringLiteral("set"), QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined")};
        QTest::newRow("monitor off") << QStringList{QStringLiteral("monitor"), QStringLiteral("portscan"), QStringLiteral("off")};
    }
    void looseningRefusedWithoutYes()
    {
        QFETCH(QStringList, args);
        // The monitor row needs the monitor on first (a tightening: no question asked).
        QCOMPARE(ctl({QStringLiteral("monitor"), QStringLiteral("portscan"), QStringLiteral("on")}).code, 0);
        const QByteArray before = envBytes();
        // stdin a pipe holding a "y": still no terminal, so refused.
        const CtlRun r = CtlRun::run(m_dir.path(), args, "y\nfull\nunconfined\nwhy\n");
        QVERIFY2(r.code == 4, qPrintable(r.out + r.err));
        QVERIFY2(r.err.contains(QLatin1String("--yes")), qPrintable(r.err));
        QVERIFY2(r.out.contains(QLatin1String("loosens")), qPrintable(r.out));
        QCOMPARE(envBytes(), before);
    }

    void looseningOnATerminal()
    {
        const QString audit = m_dir.filePath(QStringLiteral("logs/settings-audit.jsonl"));
        QFile::remove(audit);
        const QByteArray before = envBytes();
        // Wrong word typed: refused, file untouched.
        CtlRun r = CtlRun::onTerminal(m_dir.path(), {QStringLiteral("egress"), QStringLiteral("full")}, "y\nfll\n");
        QVERIFY2(r.code == 4, qPrintable(r.out + r.err));
        QVERIFY(r.err.contains(QLatin1String("was not typed")));
        QCOMPARE(envBytes(), before);
        QVERIFY(!QFile::exists(audit));
        // "y", the typed word and a reason: applied with its audit line.
        r = CtlRun::onTerminal(m_dir.path(), {QStringLiteral("egress"), QStringLiteral("full")}, "y\nfull\nfetch one dependency\n");
        QVERIFY2(r.code == 0, qPrintable(r.out + r.err));
        QVERIFY2(r.out.contains(QLatin1String("type full to confirm")), qPrintable(r.out));
        QCOMPARE(oneLineChanged(before, envBytes()), (QPair<QByteArray, QByteArray>{"NETWORK_EGRESS=restricted", "NETWORK_EGRESS=full"}));
        QFile f(audit);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject line = QJsonDocument::fromJson(f.readLine()).object();
        QCOMPARE(line.value(QLatin1String("key")).toString(), QStringLiteral("NETWORK_EGRESS"));
        QCOMPARE(line.value(QLatin1String("from")).toString(), QStringLiteral("restricted"));
        QCOMPARE(line.value(QLatin1String("to")).toString(), QStringLiteral("full"));
        QCOMPARE(line.value(QLatin1String("reason")).toString(), QStringLiteral("fetch one dependency"));
        // Tightening back asks nothing, even without a terminal.
        r = ctl({QStringLiteral("egress"), QStringLiteral("restricted")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(envBytes(), before);
    }

    void looseningWithYesAndReason()
    {
        const CtlRun r = ctl({QStringLiteral("--json"), QStringLiteral("set"), QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("unconfined"),
                              QStringLiteral("--reason"), QStringLiteral("strace a test"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("loosens")).toBool(), true);
        QFile f(m_dir.filePath(QStringLiteral("logs/settings-audit.jsonl")));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject line = QJsonDocument::fromJson(f.readAll().split('\n').first()).object();
        QCOMPARE(line.value(QLatin1String("key")).toString(), QStringLiteral("SECCOMP_PROFILE"));
        QCOMPARE(line.value(QLatin1String("to")).toString(), QStringLiteral("unconfined"));
        QCOMPARE(line.value(QLatin1String("reason")).toString(), QStringLiteral("strace a test"));
    }

    void controlCharactersNeverReachTheTerminalRaw()
    {
        // ESC, BEL, CR, DEL and C1 from arguments or from .env are shown escaped (\x1b) by the
        // unknown-command and invalid-key messages, set's echo and get (text: with a note saying
        // so; JSON: as \u001b), whether or not stdout is a terminal.
        const auto raw = [](const QString& text) {
            return std::any_of(text.cbegin(), text.cend(),
                               [](QChar c) { return (c.unicode() < 0x20 && c != QLatin1Char('\n')) || (c.unicode() >= 0x7f && c.unicode() <= 0x9f); });
        };
        const QString hostile = QStringLiteral("x\x1b]0;pwned\x07\r\x7f\u009by");
        const QString shown = QStringLiteral("x\\x1b]0;pwned\\x07\\x0d\\x7f\\x9by");
        const QList<QStringList> refused{{hostile},
                                         {QStringLiteral("help"), hostile},
                                         {QStringLiteral("get"), hostile},
                                         {QStringLiteral("set"), hostile, QStringLiteral("1")},
                                         {QStringLiteral("reports"), QStringLiteral("--kind"), hostile},
                                         {QStringLiteral("up"), hostile}};
        for (const QStringList& args : refused) {
            const CtlRun r = ctl(args);
            QCOMPARE(r.code, 2);
            QVERIFY2(!raw(r.out + r.err), qPrintable(args.first()));
            QVERIFY2(r.err.contains(shown), qPrintable(r.err));
        }
        // A value with control characters, written by hand into .env.
        QFile f(env());
        QVERIFY(f.open(QIODevice::Append));
        f.write("TERMINAL_TITLE=\"x\x1b]0;pwned\x07\x7f\xc2\x9by\"\n");
        f.close();
        const QString value = QStringLiteral("x\\x1b]0;pwned\\x07\\x7f\\x9by");
        CtlRun r = ctl({QStringLiteral("get"), QStringLiteral("TERMINAL_TITLE")});
        QCOMPARE(r.code, 0);
        QVERIFY2(!raw(r.out + r.err), qPrintable(r.out));
        QCOMPARE(r.out, value + QLatin1Char('\n'));
        QVERIFY2(r.err.contains(QStringLiteral("shown escaped")), qPrintable(r.err));
        r = CtlRun::onTerminal(m_dir.path(), {QStringLiteral("get"), QStringLiteral("TERMINAL_TITLE")}, {});
        QCOMPARE(r.out, value + QLatin1Char('\n'));
        r = ctl({QStringLiteral("--json"), QStringLiteral("get"), QStringLiteral("TERMINAL_TITLE")});
        QVERIFY2(!raw(r.out + r.err), qPrintable(r.out));
        QVERIFY2(r.out.contains(QStringLiteral("\\u001b]0;pwned\\u0007\\u007f\\u009by")), qPrintable(r.out));
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QLatin1String("value")).toString(), QStringLiteral("x\x1b]0;pwned\x07\x7f\u009by"));
        // A model profile's fields, read from its file.
        QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("config/model_profiles")));
        QFile profile(m_dir.filePath(QStringLiteral("config/model_profiles/evil.json")));
        QVERIFY(profile.open(QIODevice::WriteOnly));
        profile.write("{\"model_id\": \"m\\u001b]0;x\\u0007\", \"provider\": \"p\\u009b\", \"context_length\": 4096}");
        profile.close();
        for (const QStringList& args : {QStringList{QStringLiteral("profiles")}, QStringList{QStringLiteral("--json"), QStringLiteral("profiles")}}) {
            r = ctl(args);
            QVERIFY2(!raw(r.out + r.err), qPrintable(r.out));
            QVERIFY2(r.out.contains(args.size() == 1 ? QStringLiteral("m\\x1b]0;x\\x07") : QStringLiteral("m\\u001b]0;x\\u0007")), qPrintable(r.out));
        }
        // set's echo of what it wrote (or its refusal).
        r = ctl({QStringLiteral("set"), QStringLiteral("GIT_USERNAME"), QStringLiteral("a\x1b[2Kb")});
        QVERIFY2(!raw(r.out + r.err), qPrintable(r.out + r.err));
        QVERIFY2((r.out + r.err).contains(QStringLiteral("a\\x1b[2Kb")), qPrintable(r.out + r.err));
    }

    void usageErrors()
    {
        QCOMPARE(ctl({QStringLiteral("mode"), QStringLiteral("turbo")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("egress"), QStringLiteral("open")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("monitor"), QStringLiteral("portscan"), QStringLiteral("maybe")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("monitor"), QStringLiteral("cpu"), QStringLiteral("on")}).code, 2);
        QCOMPARE(ctl({QStringLiteral("validate"), QStringLiteral("extra")}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestSettingsCli)
#include "test_settings_cli.moc"
