// Lossless .env model: round trips, single-line edits, placement of new keys, quoting.
#include "core/settings/EnvFile.h"

#include "DemoSandbox.h"
#include "TestEngine.h"
#include "TextLines.h"

#include <yaml-cpp/yaml.h>

#include "SandboxSourceDir.h"
#include "SandboxTestPaths.h"
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
QByteArray readAll(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

QString corpusDir()
{
    return QStringLiteral(SANDBOX_SOURCE_DIR "/tests/fuzz/corpus/envfile");
}
} // namespace

class TestEnvFile : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void templateRoundTrip()
    {
        const QByteArray bytes = readAll(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"));
        QVERIFY(bytes.size() > 1000);
        const EnvFile env = EnvFile::parse(bytes);
        QCOMPARE(env.serialize(), bytes);
        QCOMPARE(env.value(QStringLiteral("GIT_USERNAME"), QString()), QStringLiteral("Agent Coder"));
        QCOMPARE(env.value(QStringLiteral("LLM_PORT"), QString()), QStringLiteral("1234"));
        QVERIFY(env.duplicateKeys().isEmpty());
        QVERIFY(env.malformedLines().isEmpty());
        QCOMPARE(env.keys().size(), 52);
    }

    void corpusRoundTrip_data()
    {
        QTest::addColumn<QString>("file");
        const QStringList names = QDir(corpusDir()).entryList(QDir::Files);
        QVERIFY(names.size() >= 10);
        for (const QString& n : names)
            QTest::newRow(qPrintable(n)) << QDir(corpusDir()).filePath(n);
    }
    void corpusRoundTrip()
    {
        QFETCH(QString, file);
        const QByteArray bytes = readAll(file);
        EnvFile env = EnvFile::parse(bytes);
        QCOMPARE(env.serialize(), bytes);
        // Every key set to its own value leaves the bytes alone.
        for (const QString& key : env.keys())
            QVERIFY(env.set(key, env.value(key, QString())));
        QCOMPARE(env.serialize(), bytes);
    }

    void oddFileSemantics()
    {
        const EnvFile crlf = EnvFile::parse(readAll(corpusDir() + "/crlf.env"));
        QCOMPARE(crlf.value(QStringLiteral("B"), QString()), QStringLiteral("two words"));
        const EnvFile ex = EnvFile::parse(readAll(corpusDir() + "/export.env"));
        QCOMPARE(ex.value(QStringLiteral("B"), QString()), QStringLiteral("x y"));
        QCOMPARE(ex.value(QStringLiteral("C"), QString()), QStringLiteral("3"));
        const EnvFile dup = EnvFile::parse(readAll(corpusDir() + "/duplicates.env"));
        QCOMPARE(dup.value(QStringLiteral("A"), QString()), QStringLiteral("3"));
        QCOMPARE(dup.duplicateKeys(), QStringList{QStringLiteral("A")});
        const EnvFile q = EnvFile::parse(readAll(corpusDir() + "/quoted-hash-spaces.env"));
        QCOMPARE(q.value(QStringLiteral("A"), QString()), QStringLiteral("value # not a comment"));
        QCOMPARE(q.value(QStringLiteral("B"), QString()), QStringLiteral("it has  spaces"));
        QCOMPARE(q.value(QStringLiteral("C"), QString()), QStringLiteral("plain"));
        QCOMPARE(q.value(QStringLiteral("D"), QString()), QStringLiteral("abc#def"));
        const EnvFile empty = EnvFile::parse(readAll(corpusDir() + "/empty-values.env"));
        for (const char* k : {"A", "B", "C", "D"})
            QCOMPARE(empty.value(QString::fromLatin1(k)), std::optional<QString>(QString()));
        const EnvFile bad = EnvFile::parse(readAll(corpusDir() + "/malformed.env"));
        QCOMPARE(bad.value(QStringLiteral("GOOD"), QString()), QStringLiteral("1"));
        QCOMPARE(bad.malformedLines().size(), 5);
    }

    void veryLongLines()
    {
        const QByteArray bytes = "# big\r\nLONG=" + QByteArray(2 * 1024 * 1024, 'x') + "\r\nSHORT=1";
        EnvFile env = EnvFile::parse(bytes);
        QCOMPARE(env.serialize(), bytes);
        QCOMPARE(env.value(QStringLiteral("LONG"), QString()).size(), 2 * 1024 * 1024);
        QVERIFY(env.set(QStringLiteral("SHORT"), QStringLiteral("2")));
        QCOMPARE(env.serialize(), bytes.chopped(1) + "2");
    }

    void setChangesOnlyThatLine()
    {
        const QByteArray bytes = readAll(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"));
        EnvFile env = EnvFile::parse(bytes);
        QVERIFY(env.set(QStringLiteral("OPERATION_MODE"), QStringLiteral("conductor")));
        QCOMPARE(changedLines(bytes, env.serialize()), 1);
        QVERIFY(env.serialize().contains("\nOPERATION_MODE=conductor\n"));
        // The double-quoted style is kept.
        env = EnvFile::parse(bytes);
        QVERIFY(env.set(QStringLiteral("GIT_USERNAME"), QStringLiteral("Robo")));
        QVERIFY(env.serialize().contains("\nGIT_USERNAME=\"Robo\"\n"));
        QCOMPARE(changedLines(bytes, env.serialize()), 1);
    }

    void setKeepsCrlfExportAndComment()
    {
        EnvFile env = EnvFile::parse("export A=1 # keep me\r\nB=2\r\n");
        QVERIFY(env.set(QStringLiteral("A"), QStringLiteral("two words")));
        QCOMPARE(env.serialize(), QByteArray("export A=\"two words\" # keep me\r\nB=2\r\n"));
    }

    void duplicateSetChangesLastOne()
    {
        EnvFile env = EnvFile::parse("A=1\nB=2\nA=3\n");
        QVERIFY(env.set(QStringLiteral("A"), QStringLiteral("9")));
        QCOMPARE(env.serialize(), QByteArray("A=1\nB=2\nA=9\n"));
    }

    void newKeyPlacement()
    {
        const QByteArray bytes = readAll(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/env.example"));
        EnvFile env = EnvFile::parse(bytes);
        // Remove PORTSCAN_INTERVAL, then add it back: it lands right after PORTSCAN_ENABLED.
        QByteArray without = bytes;
        without.replace("PORTSCAN_INTERVAL=300\n", "");
        env = EnvFile::parse(without);
        QVERIFY(env.set(QStringLiteral("PORTSCAN_INTERVAL"), QStringLiteral("120")));
        QVERIFY(env.serialize().contains("PORTSCAN_ENABLED=false\nPORTSCAN_INTERVAL=120\nRESOURCE_MONITOR_ENABLED"));
        // A new port goes after the last *_PORT key when nothing shares its prefix.
        env = EnvFile::parse("A=1\nOPENCODE_PORT=3000\nAPP_PORT=7860\nZ=2\n");
        QVERIFY(env.set(QStringLiteral("WIDGET_PORT"), QStringLiteral("8000")));
        QCOMPARE(env.serialize(), QByteArray("A=1\nOPENCODE_PORT=3000\nAPP_PORT=7860\nWIDGET_PORT=8000\nZ=2\n"));
        // Unrelated keys go at the end; a missing final newline stays missing.
        env = EnvFile::parse("A=1\r\nB=2");
        QVERIFY(env.set(QStringLiteral("ZED"), QStringLiteral("3")));
        QCOMPARE(env.serialize(), QByteArray("A=1\r\nB=2\r\nZED=3"));
        env = EnvFile::parse("");
        QVERIFY(env.set(QStringLiteral("K"), QStringLiteral("v")));
        QCOMPARE(env.serialize(), QByteArray("K=v\n"));
    }

    void refusesUnsafeValues()
    {
        EnvFile env = EnvFile::parse("A=1\n");
        QString error;
        for (const QString& v : {QStringLiteral("a\nb"), QStringLiteral("a\rb"), QString(QChar(0))}) {
            QVERIFY(!env.set(QStringLiteral("A"), v, &error));
            QVERIFY(error.contains(QStringLiteral("newline")));
        }
        QVERIFY(!env.set(QStringLiteral("A"), QStringLiteral("it's $HOME"), &error));
        QVERIFY(error.contains(QStringLiteral("no quoting")));
        // A trailing backslash would escape the closing quote for docker-compose (value and the
        // following lines misread), and unquoted it continues the line for the shell.
        for (const QString& v : {QStringLiteral("a\\"), QStringLiteral("\\"), QStringLiteral("C:\\dir\\")}) {
            QVERIFY(!env.set(QStringLiteral("A"), v, &error));
            QVERIFY(error.contains(QStringLiteral("backslash")));
        }
        QVERIFY(!env.set(QStringLiteral("1A"), QStringLiteral("x"), &error));
        QCOMPARE(env.serialize(), QByteArray("A=1\n"));
    }

    void quoting_data()
    {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QByteArray>("raw");
        QTest::newRow("plain") << QStringLiteral("abc-1.2:3/x@y") << QByteArray("abc-1.2:3/x@y");
        QTest::newRow("space") << QStringLiteral("Agent Coder") << QByteArray("\"Agent Coder\"");
        QTest::newRow("hash") << QStringLiteral("a #b") << QByteArray("\"a #b\"");
        QTest::newRow("dquote") << QStringLiteral("say \"hi\"") << QByteArray("\"say \\\"hi\\\"\"");
        QTest::newRow("squote") << QStringLiteral("it's") << QByteArray("\"it's\"");
        QTest::newRow("backslash") << QStringLiteral("a\\b") << QByteArray("\"a\\\\b\"");
        QTest::newRow("dollar") << QStringLiteral("pa$$word") << QByteArray("'pa$$word'");
        QTest::newRow("tilde") << QStringLiteral("~/x") << QByteArray("\"~/x\"");
        QTest::newRow("empty") << QString() << QByteArray("");
    }
    void quoting()
    {
        QFETCH(QString, value);
        QFETCH(QByteArray, raw);
        QCOMPARE(EnvFile::encodeValue(value).value_or("<refused>"), raw);
        EnvFile env = EnvFile::parse("K=old\n");
        QVERIFY(env.set(QStringLiteral("K"), value));
        QCOMPARE(EnvFile::parse(env.serialize()).value(QStringLiteral("K"), QStringLiteral("<none>")), value);
    }

    /// The shell (`set -a; . .env`) and docker-compose read every written value back unchanged.
    void shellAndComposeReadBack()
    {
        const QStringList values{QStringLiteral("Agent Coder"), QStringLiteral("a #b"),
                                 QStringLiteral("say \"hi\""),  QStringLiteral("it's"),
                                 QStringLiteral("a\\b\\\\c"),   QStringLiteral("pa$$word"),
                                 QStringLiteral("${HOME}x"),    QStringLiteral("`id`"),
                                 QStringLiteral("~/x"),         QStringLiteral("  lead and trail  "),
                                 QStringLiteral("tab\there"),   QStringLiteral("ünï"),
                                 QStringLiteral("\""),          QStringLiteral("a\"b\\c"),
                                 QStringLiteral("\\\"x"),       QStringLiteral("C:\\new\\tab")};
        QTemporaryDir dir;
        EnvFile env;
        QStringList keys;
        QByteArray compose("services:\n  a:\n    image: busybox\n    environment:\n");
        QByteArray script("set -a\n. ./.env\n");
        for (int i = 0; i < values.size(); ++i) {
            const QString key = QStringLiteral("V%1").arg(i);
            QString error;
            if (!env.set(key, values[i], &error)) {
                QVERIFY2(values[i] == QLatin1String("${HOME}x") || values[i] == QLatin1String("`id`") || false, qPrintable(error));
                continue;
            }
            keys << key;
            compose += "      " + key.toLatin1() + ": \"${" + key.toLatin1() + "}\"\n";
            script += "printf '%s\\n' \"$" + key.toLatin1() + "\"\n";
        }
        QVERIFY(keys.size() >= values.size() - 1);
        auto write = [&dir](const char* name, const QByteArray& b) {
            QFile f(dir.filePath(QString::fromLatin1(name)));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(b);
        };
        write(".env", env.serialize());
        write("docker-compose.yml", compose);
        write("read.sh", script);
        QString out;
        QCOMPARE(runProgram(QStringLiteral("sh"), {dir.filePath(QStringLiteral("read.sh"))}, &out, 30000, dir.path()), 0);
        const QStringList shellValues = out.split(u'\n');
        for (int i = 0; i < keys.size(); ++i)
            QCOMPARE(shellValues.value(i), env.value(keys[i], QString()));
        if (runProgram(QStringLiteral("docker-compose"), {QStringLiteral("version")}, nullptr, 30000) != 0) {
            if (TestEngine::isCi())
                QFAIL("docker-compose not installed (make test installs it)");
            QSKIP("docker-compose not installed");
        }
        QCOMPARE(runProgram(QStringLiteral("docker-compose"), {QStringLiteral("config"), QStringLiteral("--no-interpolate")}, &out, 60000, dir.path()), 0);
        // --no-interpolate keeps "${Vn}"; interpolated output is what compose passes on.
        QCOMPARE(runProgram(QStringLiteral("docker-compose"), {QStringLiteral("config")}, &out, 60000, dir.path()), 0);
        const YAML::Node root = YAML::Load(out.toStdString());
        const YAML::Node environment = root["services"]["a"]["environment"];
        QVERIFY(environment.IsMap());
        for (const QString& key : keys) {
            QString got = QString::fromStdString(environment[key.toStdString()].as<std::string>());
            got.replace(QStringLiteral("$$"), QStringLiteral("$")); // config output escapes '$'
            QCOMPARE(got, env.value(key, QString()));
        }
    }
};

QTEST_GUILESS_MAIN(TestEnvFile)
#include "test_envfile.moc"
