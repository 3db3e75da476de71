// The real sandbox-ctl on a scratch copy of the reference checkout: allowlist list/add/remove/review,
// exit 4 without --yes and without a terminal, hostile entries refused, one line + one audit line;
// a batch with an entry already listed adds the rest; a watching model (the panel's) counts the
// CLI's audited changes as reviewed.
#include "CtlRun.h"

#include "core/allowlist/Allowlists.h"
#include "core/checkout/Checkout.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "SandboxTestPaths.h"
#include <fcntl.h>
#include <pty.h>
#include <unistd.h>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
void copyTree(const QString& from, const QString& to)
{
    QDir().mkpath(to);
    const QDir src(from);
    for (const QFileInfo& fi : src.entryInfoList(QDir::Files | QDir::Dirs | QDir::NoDotAndDotDot | QDir::Hidden)) {
        if (fi.isDir()) {
            copyTree(fi.filePath(), to + QLatin1Char('/') + fi.fileName());
        } else {
            const QString dst = to + QLatin1Char('/') + fi.fileName();
            QFile::copy(fi.filePath(), dst);
            QFile::setPermissions(dst, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        }
    }
}
} // namespace

class TestAllowlistCli : public QObject {
    Q_OBJECT
    std::unique_ptr<QTemporaryDir> m_dir;
    QString path(const QString& rel) const { return m_dir->filePath(rel); }
    QString ports() const { return path(QStringLiteral("config/port-allowlist.txt")); }
    QString apt() const { return path(QStringLiteral("config/apt-package-allowlist.txt")); }
    QString audit() const { return path(QStringLiteral("logs/allowlist-audit.jsonl")); }

    CtlRun ctl(const QStringList& args, const QByteArray& input = {}) { return CtlRun::run(m_dir->path(), args, input); }
    /// Runs sandbox-ctl with stdin on a pseudo-terminal that already holds \a typed.
    CtlRun ctlOnTerminal(const QStringList& args, const QByteArray& typed) { return CtlRun::onTerminal(m_dir->path(), args, typed); }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        copyTree(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT), m_dir->path());
        QFile::copy(path(QStringLiteral("env.example")), path(QStringLiteral(".env")));
    }

    void addPort9000WithYesChangesOneLineAndAppendsOneAuditLine()
    {
        const QByteArray before = readFile(ports());
        const QByteArray aptBefore = readFile(apt());
        const CtlRun r = ctl({"allowlist", "port", "add", "9000", "--yes", "--reason", "demo app"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("  + 9000")), qPrintable(r.out));
        QVERIFY(r.out.contains(QLatin1String("+9000 [warning] well-known port")));
        QVERIFY(r.out.contains(QLatin1String("does not publish it")));
        const QByteArray after = readFile(ports());
        // Exactly one line added, every other line unchanged and in place.
        QList<QByteArray> a = before.split('\n'), b = after.split('\n');
        QCOMPARE(b.size(), a.size() + 1);
        const qsizetype at = b.indexOf("9000");
        QCOMPARE(b[at - 1], QByteArray("8888"));
        b.removeAt(at);
        QCOMPARE(b, a);
        QCOMPARE(readFile(apt()), aptBefore);
        const QList<QByteArray> lines = readFile(audit()).split('\n');
        QCOMPARE(lines.size(), 2); // one line + the empty part after its newline
        QVERIFY(lines[1].isEmpty());
        const QJsonObject l = QJsonDocument::fromJson(lines[0]).object();
        QCOMPARE(l.value("added").toArray(), QJsonArray{"9000"});
        QCOMPARE(l.value("reason").toString(), QStringLiteral("demo app"));
        QCOMPARE(l.value("sha256_before").toString(), QString::fromLatin1(QCryptographicHash::hash(before, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(l.value("sha256_after").toString(), QString::fromLatin1(QCryptographicHash::hash(after, QCryptographicHash::Sha256).toHex()));
        const CtlRun listed = ctl({"allowlist", "port", "list"});
        QCOMPARE(listed.code, 0);
        QVERIFY(listed.out.split(QLatin1Char('\n')).contains(QStringLiteral("9000")));
    }

    void secretInAReasonIsNotStored()
    {
        // A .env secret (or a token shape) typed into --reason is masked in the audit line.
        const QByteArray secret = "Lm"
                                  "St"
                                  "udioKey-"
                                  + QByteArray::number(QDateTime::currentMSecsSinceEpoch());
        QFile env(path(QStringLiteral(".env")));
        QVERIFY(env.open(QIODevice::Append));
        env.write("\nLM_STUDIO_API_KEY=" + secret + "\n");
        env.close();
        const CtlRun r = ctl(
            {"allowlist", "port", "add", "9000", "--yes", "--reason", QStringLiteral("key is %1, token=abc12345").arg(QString::fromLatin1(secret))});
        QCOMPARE(r.code, 0);
        const QByteArray line = readFile(audit());
        QVERIFY2(!line.contains(secret) && !line.contains("abc12345"), line.constData());
        QVERIFY2(line.contains("key is ********, token=********"), line.constData());
    }

    void withoutYesAndNoTerminalRefused()
    {
        const QByteArray before = readFile(ports());
        const CtlRun r = ctl({"allowlist", "port", "add", "9000"}, "y\n"); // a piped "y" is no terminal
        QCOMPARE(r.code, 4);
        QVERIFY(r.out.contains(QLatin1String("  + 9000"))); // the review is still shown
        QVERIFY(r.err.contains(QLatin1String("--yes")));
        QCOMPARE(readFile(ports()), before);
        QVERIFY(!QFile::exists(audit()));
    }

    void terminalConfirmation()
    {
        const QByteArray before = readFile(ports());
        CtlRun r = ctlOnTerminal({"allowlist", "port", "add", "9000"}, "n\n");
        QCOMPARE(r.code, 4);
        QVERIFY(r.out.contains(QLatin1String("Apply this change? [y/N]")));
        QCOMPARE(readFile(ports()), before);
        r = ctlOnTerminal({"allowlist", "port", "add", "9000"}, "y\n");
        QCOMPARE(r.code, 0);
        QVERIFY(readFile(ports()).contains("8888\n9000\n"));
        // A high-risk entry must be typed as well.
        const QByteArray aptBefore = readFile(apt());
        r = ctlOnTerminal({"allowlist", "apt", "add", "nmap"}, "y\nnmp\n");
        QCOMPARE(r.code, 4);
        QVERIFY(r.out.contains(QLatin1String("type its name (nmap)")));
        QCOMPARE(readFile(apt()), aptBefore);
        r = ctlOnTerminal({"allowlist", "apt", "add", "nmap"}, "y\nnmap\n");
        QCOMPARE(r.code, 0);
        QVERIFY(readFile(apt()).contains("netcat-openbsd\nnmap\n"));
        QCOMPARE(readFile(audit()).count('\n'), 2);
    }

    void hostileEntriesRefused_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("newline") << QStringList{"apt", "add", "vim\nnetcat"};
        QTest::newRow("shell") << QStringList{"apt", "add", "curl;rm -rf /"};
        QTest::newRow("path") << QStringList{"apt", "add", "../x"};
        QTest::newRow("subst") << QStringList{"apt", "add", "$(id)"};
        QTest::newRow("upper") << QStringList{"apt", "add", "Vim"};
        QTest::newRow("lookalike") << QStringList{"apt", "add", QString::fromUtf8("\xd1\x81url")};
        QTest::newRow("empty") << QStringList{"apt", "add", ""};
        QTest::newRow("0") << QStringList{"port", "add", "0"};
        QTest::newRow("80") << QStringList{"port", "add", "80"};
        QTest::newRow("65536") << QStringList{"port", "add", "65536"};
        QTest::newRow("-1") << QStringList{"port", "add", "--", "-1"};
        QTest::newRow("08080") << QStringList{"port", "add", "08080"};
        QTest::newRow("3000 ") << QStringList{"port", "add", "3000 "};
        QTest::newRow("one bad of two") << QStringList{"port", "add", "9000", "80"};
    }
    void hostileEntriesRefused()
    {
        QFETCH(QStringList, args);
        const QByteArray p = readFile(ports()), a = readFile(apt());
        const CtlRun r = ctl(QStringList{"allowlist"} + args + QStringList{"--yes"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("refused")), qPrintable(r.err));
        QVERIFY(r.err.contains(QLatin1String("nothing written")));
        QCOMPARE(readFile(ports()), p);
        QCOMPARE(readFile(apt()), a);
        QVERIFY(!QFile::exists(audit()));
    }

    void refusedEntriesAreNotListedAsAdded()
    {
        // --json named a refused entry under "added": it is under "refused" with its reason,
        // the reason the text output gives.
        const CtlRun j = ctl({"--json", "allowlist", "port", "add", "9000", "80", "--yes"});
        QCOMPARE(j.code, 1);
        const QJsonObject o = QJsonDocument::fromJson(j.out.toUtf8()).object();
        QCOMPARE(o.value("added").toArray(), QJsonArray{"9000"});
        const QJsonArray refused = o.value("refused").toArray();
        QCOMPARE(refused.size(), 1);
        QCOMPARE(refused.first().toObject().value("entry").toString(), QStringLiteral("80"));
        const QString reason = refused.first().toObject().value("reason").toString();
        QVERIFY(!reason.isEmpty());
        QCOMPARE(o.value("applied").toBool(), false);
        const CtlRun t = ctl({"allowlist", "port", "add", "9000", "80", "--yes"});
        QCOMPARE(t.code, 1);
        QVERIFY2(t.err.contains(QStringLiteral("'80' refused: %1").arg(reason)), qPrintable(t.err));
        QVERIFY(!t.out.contains(QLatin1String("+ 80")));
        QVERIFY(!QFile::exists(audit()));
    }

    void outsideEditReviewed()
    {
        QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("logs"))); // a checkout keeps logs/
        QCOMPARE(ctl({"allowlist", "apt", "list"}).code, 0);         // baseline
        QFile f(apt());
        QVERIFY(f.open(QIODevice::Append));
        f.write("zsh\n");
        f.close();
        const CtlRun listed = ctl({"allowlist", "apt", "list"});
        QVERIFY(listed.err.contains(QLatin1String("unreviewed changes")));
        const CtlRun blocked = ctl({"allowlist", "apt", "add", "cowsay", "--yes"});
        QCOMPARE(blocked.code, 4);
        QCOMPARE(ctl({"allowlist", "apt", "review"}).code, 4);
        const CtlRun r = ctl({"--json", "allowlist", "apt", "review", "--yes"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value("added").toArray(), QJsonArray{"zsh"});
        QCOMPARE(o.value("applied").toBool(), true);
        QCOMPARE(ctl({"allowlist", "apt", "review"}).out.trimmed(), QStringLiteral("No changes to config/apt-package-allowlist.txt since the last review."));
        QCOMPARE(readFile(audit()).count('\n'), 1);
    }

    void invalidFileListedWithFindings()
    {
        QFile f(ports());
        QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
        f.write("# p\n3000\n3000\n");
        f.close();
        const CtlRun r = ctl({"--json", "allowlist", "port", "list"});
        QCOMPARE(r.code, 1);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value("findings").toArray().first().toObject().value("line").toInt(), 3);
        QCOMPARE(ctl({"allowlist", "port", "remove", "3000", "--yes"}).code, 1);
        QCOMPARE(readFile(ports()), QByteArray("# p\n3000\n3000\n"));
    }

    void batchWithAnEntryAlreadyListedAddsTheRest()
    {
        const QByteArray before = readFile(ports());
        QVERIFY(before.contains("\n3000\n"));
        CtlRun r = ctl({"allowlist", "port", "add", "9000", "3000", "9001", "--yes"});
        QCOMPARE(r.code, 0); // was 1: "'3000' is already listed", nothing written
        QVERIFY2(r.out.contains(QLatin1String("  + 9000")) && r.out.contains(QLatin1String("  + 9001")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("  = 3000 (already listed)")), qPrintable(r.out));
        QVERIFY2(r.out.contains(QLatin1String("'3000' is already listed (line")), qPrintable(r.out));
        QVERIFY(!r.out.contains(QLatin1String("  + 3000")));
        const QByteArray after = readFile(ports());
        QVERIFY(after.contains("8888\n9000\n9001\n"));
        QCOMPARE(after.count("3000\n"), before.count("3000\n"));
        const QJsonObject line = QJsonDocument::fromJson(readFile(audit()).trimmed()).object();
        QCOMPARE(line.value("added").toArray(), QJsonArray({"9000", "9001"}));
        // The JSON review names it too; a batch of listed entries only is still refused.
        r = ctl({"--json", "allowlist", "apt", "add", "curl", "cowsay", "--yes"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.value("added").toArray(), QJsonArray{"cowsay"});
        QCOMPARE(o.value("already_listed").toArray(), QJsonArray{"curl"});
        const QByteArray full = readFile(ports());
        r = ctl({"allowlist", "port", "add", "3000", "8080", "--yes"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("'3000' is already listed")), qPrintable(r.err));
        QCOMPARE(readFile(ports()), full);
        QCOMPARE(readFile(audit()).count('\n'), 2);
    }

    void cliCyclesLeaveNothingUnreviewedForAWatcher_data()
    {
        QTest::addColumn<bool>("logsFirst");
        QTest::newRow("baseline only in memory (no logs/)") << false;
        QTest::newRow("baseline saved") << true;
    }
    void cliCyclesLeaveNothingUnreviewedForAWatcher()
    {
        QFETCH(bool, logsFirst);
        if (logsFirst)
            QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("logs")));
        // The panel's model of this checkout, watching it as the panel does.
        Allowlists watched{Checkout(m_dir->path())};
        QString error;
        QVERIFY2(watched.load(&error), qPrintable(error));
        watched.setWatching(true);
        QCOMPARE(watched.neverReviewed(AllowlistKind::Port), !logsFirst);
        // Quick add / remove --yes cycles; the event loop runs meanwhile, so the watch reloads
        // while sandbox-ctl is between its write, its audit line and its reviewed state.
        for (int i = 0; i < 6; ++i) {
            for (const char* action : {"add", "remove"}) {
                QProcess p;
                QSignalSpy done(&p, &QProcess::finished);
                p.start(QStringLiteral(SANDBOX_CTL_PATH), {"--sandbox", m_dir->path(), "allowlist", "port", QString::fromLatin1(action), "9000", "--yes"});
                QVERIFY(done.wait(30000));
                QCOMPARE(p.exitCode(), 0);
            }
        }
        QCOMPARE(readFile(audit()).count('\n'), 12);
        // Every change has its audit line: nothing is left for a person to review or record.
        QTRY_VERIFY2(watched.attention().isEmpty(), qPrintable(watched.attention().join(QStringLiteral("; "))));
        QCOMPARE(watched.stateLabels(AllowlistKind::Port), QStringList{"reviewed"});
        QVERIFY(!watched.hasUnreviewed(AllowlistKind::Port));
        QVERIFY(watched.outsideChanges(AllowlistKind::Port).change.isEmpty());
        QVERIFY(!watched.file(AllowlistKind::Port).contains(QStringLiteral("9000")));
    }

    void usageErrors()
    {
        QCOMPARE(ctl({"allowlist", "pip", "list"}).code, 2);
        QCOMPARE(ctl({"allowlist", "port", "frobnicate"}).code, 2);
        QCOMPARE(ctl({"allowlist", "port", "add"}).code, 2);
    }
};

QTEST_GUILESS_MAIN(TestAllowlistCli)
#include "test_allowlist_cli.moc"
