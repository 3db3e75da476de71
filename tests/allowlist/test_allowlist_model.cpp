// The allowlist file model: the reference files round-trip and validate, Broken* fixtures give
// precise findings, edits keep comments and order, hostile entries are refused.
#include "core/allowlist/AllowlistFile.h"
#include "core/allowlist/EntryRules.h"

#include "SandboxTestPaths.h"
#include <QFile>
#include <QProcess>
#include <QTest>

namespace {
QByteArray readFile(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}
QByteArray reference(AllowlistKind kind)
{
    return readFile(QStringLiteral(SANDBOX_FIXTURE_CHECKOUT "/") + AllowlistKinds::relativePath(kind));
}
QStringList findingTexts(const AllowlistFile& f)
{
    QStringList l;
    for (const AllowlistFinding& x : f.findings())
        l.append(x.toString());
    return l;
}
ChangeSet add(AllowlistKind kind, const QStringList& entries)
{
    ChangeSet c;
    c.kind = kind;
    c.added = entries;
    return c;
}
} // namespace

class TestAllowlistModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void referenceFilesAreValidAndRoundTrip_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<int>("entries");
        QTest::newRow("apt") << int(AllowlistKind::Apt) << 94;
        QTest::newRow("port") << int(AllowlistKind::Port) << 9;
    }
    void referenceFilesAreValidAndRoundTrip()
    {
        QFETCH(int, kind);
        QFETCH(int, entries);
        const QByteArray bytes = reference(AllowlistKind(kind));
        QVERIFY(!bytes.isEmpty());
        const AllowlistFile f = AllowlistFile::parse(AllowlistKind(kind), bytes);
        QCOMPARE(f.serialize(), bytes);
        QVERIFY2(f.findings().isEmpty(), qPrintable(findingTexts(f).join(QLatin1Char('\n'))));
        QCOMPARE(f.entries().size(), entries);
        QCOMPARE(f.lines().front().kind, AllowlistFile::Line::Kind::Comment);
    }
    void aptReferenceMatchesCSort()
    {
        // Our byte order is LC_ALL=C sort's order.
        const AllowlistFile f = AllowlistFile::parse(AllowlistKind::Apt, reference(AllowlistKind::Apt));
        QProcess sort;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("LC_ALL"), QStringLiteral("C"));
        sort.setProcessEnvironment(env);
        sort.start(QStringLiteral("sort"), {QStringLiteral("-u")});
        QVERIFY(sort.waitForStarted());
        QStringList shuffled = f.entries();
        std::reverse(shuffled.begin(), shuffled.end());
        sort.write(shuffled.join(QLatin1Char('\n')).toUtf8() + '\n');
        sort.closeWriteChannel();
        QVERIFY(sort.waitForFinished());
        QCOMPARE(QString::fromUtf8(sort.readAllStandardOutput()).trimmed().split(QLatin1Char('\n')), f.entries());
        QStringList mine = shuffled;
        EntryRules::sortEntries(AllowlistKind::Apt, &mine);
        QCOMPARE(mine, f.entries());
    }

    void brokenFixtures_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unsorted") << "BrokenUnsorted-apt.txt" << int(AllowlistKind::Apt)
                                  << "line 3: error: 'bash' is out of order: it must come before 'curl' (line 2); byte order, as LC_ALL=C sort";
        QTest::newRow("duplicates") << "BrokenDuplicates-apt.txt" << int(AllowlistKind::Apt) << "line 4: error: 'git' duplicates line 3";
        QTest::newRow("uppercase")
            << "BrokenBadNames-apt.txt" << int(AllowlistKind::Apt)
            << "line 3: error: 'Vim' is not a valid entry: uppercase letter 'V' at position 1; a package name matches ^[a-z0-9][a-z0-9+._-]*$";
        QTest::newRow("semicolon")
            << "BrokenBadNames-apt.txt" << int(AllowlistKind::Apt)
            << "line 4: error: 'curl;rm' is not a valid entry: character ';' at position 5; a package name matches ^[a-z0-9][a-z0-9+._-]*$";
        QTest::newRow("crlf") << "BrokenCrlf-port.txt" << int(AllowlistKind::Port)
                              << "line 1: error: Windows line ending (CRLF), 3 line(s) from here; the sandbox would read entries with a trailing \\r";
        QTest::newRow("trailing") << "BrokenTrailingSpaces-apt.txt" << int(AllowlistKind::Apt)
                                  << "line 3: error: 'git' has trailing whitespace; the entry would not match";
        QTest::newRow("non-utf8") << "BrokenNonUtf8-apt.txt" << int(AllowlistKind::Apt) << "line 3: error: not valid UTF-8 (byte 0xff at column 3)";
        QTest::newRow("leading zero") << "BrokenPorts-port.txt" << int(AllowlistKind::Port)
                                      << "line 3: error: '08080' is not a valid entry: leading zero; write the port as 8080";
        QTest::newRow("privileged") << "BrokenPorts-port.txt" << int(AllowlistKind::Port)
                                    << "line 4: warning: port 80 is below 1024 (privileged ports are refused)";
        QTest::newRow("numeric order") << "BrokenPorts-port.txt" << int(AllowlistKind::Port)
                                       << "line 4: error: '80' is out of order: it must come before '3000' (line 2); numeric order";
        QTest::newRow("port order 2") << "BrokenPorts-port.txt" << int(AllowlistKind::Port)
                                      << "line 6: error: '7000' is out of order: it must come before '9000' (line 5); numeric order";
        QTest::newRow("port dup") << "BrokenDuplicates-port.txt" << int(AllowlistKind::Port) << "line 3: error: '3000' duplicates line 2";
    }
    void brokenFixtures()
    {
        QFETCH(QString, name);
        QFETCH(int, kind);
        QFETCH(QString, expected);
        const QByteArray bytes = readFile(QStringLiteral(ALLOWLIST_FIXTURES "/") + name);
        AllowlistFile f = AllowlistFile::parse(AllowlistKind(kind), bytes);
        QCOMPARE(f.serialize(), bytes); // kept byte for byte even when broken
        QVERIFY2(findingTexts(f).contains(expected), qPrintable(findingTexts(f).join(QLatin1Char('\n'))));
        QVERIFY(f.hasErrors());
        // Never rewritten while invalid.
        QStringList errors;
        QVERIFY(!f.apply(add(AllowlistKind(kind), {kind == int(AllowlistKind::Apt) ? QStringLiteral("jq") : QStringLiteral("9000")}), &errors));
        QVERIFY(errors.join(QLatin1Char(' ')).contains(QLatin1String("has errors")));
        QCOMPARE(f.serialize(), bytes);
    }

    void addInsertsAtSortedPlaceKeepingComments()
    {
        const QByteArray bytes = reference(AllowlistKind::Apt);
        AllowlistFile f = AllowlistFile::parse(AllowlistKind::Apt, bytes);
        ChangeSet c = add(AllowlistKind::Apt, {QStringLiteral("nmap"), QStringLiteral("aaa-first"), QStringLiteral("zzz")});
        c.removed = {QStringLiteral("vim")};
        QStringList errors;
        QVERIFY2(f.apply(c, &errors), qPrintable(errors.join(QLatin1Char('\n'))));
        QVERIFY(f.findings().isEmpty());
        const QByteArray out = f.serialize();
        QVERIFY(out.startsWith("# Curated Debian package allowlist for the sandboxed agent.\n"
                               "# Keep entries lowercase, one package per line, sorted by package name.\n"
                               "aaa-first\napt-transport-https\n"));
        QVERIFY(out.contains("netcat-openbsd\nnmap\nopenssh-client\n"));
        QVERIFY(out.endsWith("zlib1g-dev\nzzz\n"));
        QVERIFY(!out.contains("\nvim\n"));
        QCOMPARE(out.count('\n'), bytes.count('\n') + 2);
    }
    void addToPortsNumerically()
    {
        AllowlistFile f = AllowlistFile::parse(AllowlistKind::Port, reference(AllowlistKind::Port));
        QVERIFY(f.apply(add(AllowlistKind::Port, {QStringLiteral("9000"), QStringLiteral("10000"), QStringLiteral("1100")})));
        QCOMPARE(f.entries(), QStringList({"1100", "1234", "3000", "7860", "8000", "8080", "8443", "8888", "9000", "10000", "11434", "52625"}));
        QVERIFY(f.findings().isEmpty());
    }
    void commentBetweenEntriesStays()
    {
        AllowlistFile f = AllowlistFile::parse(AllowlistKind::Apt, "# head\nbash\n\n# network\ncurl\n# tail");
        QVERIFY(f.apply(add(AllowlistKind::Apt, {QStringLiteral("bzip2"), QStringLiteral("zsh")})));
        QCOMPARE(f.serialize(), QByteArray("# head\nbash\nbzip2\n\n# network\ncurl\nzsh\n# tail"));
        AllowlistFile empty = AllowlistFile::parse(AllowlistKind::Port, "# only a comment");
        QVERIFY(empty.apply(add(AllowlistKind::Port, {QStringLiteral("9000")})));
        QCOMPARE(empty.serialize(), QByteArray("# only a comment\n9000\n"));
    }

    void hostileEntriesRefused_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("why");
        const int apt = int(AllowlistKind::Apt), port = int(AllowlistKind::Port);
        QTest::newRow("newline") << apt << "vim\nnetcat"
                                 << "'vim\\nnetcat' refused: whitespace or control character at position 4";
        QTest::newRow("shell") << apt << "curl;rm -rf /"
                               << "character ';' at position 5";
        QTest::newRow("path") << apt << "../x"
                              << "character '.' at position 1";
        QTest::newRow("subst") << apt << "$(id)"
                               << "character '$' at position 1";
        QTest::newRow("uppercase") << apt << "Vim"
                                   << "uppercase letter 'V'";
        QTest::newRow("cyrillic") << apt << QString::fromUtf8("\xd1\x81url") << "'\\u0441url' refused: non-ASCII character U+0441 (a look-alike?)";
        QTest::newRow("fullwidth") << apt << QString::fromUtf8("vi\xef\xbd\x8d") << "non-ASCII character U+FF4D";
        QTest::newRow("empty apt") << apt << ""
                                   << "empty entry";
        QTest::newRow("space apt") << apt << "vim "
                                   << "whitespace or control character at position 4";
        QTest::newRow("long") << apt << QString(200, QLatin1Char('a')) << "longer than 128 characters";
        QTest::newRow("empty port") << port << ""
                                    << "empty entry";
        QTest::newRow("0") << port << "0"
                           << "port 0 is below 1024";
        QTest::newRow("80") << port << "80"
                            << "port 80 is below 1024 (privileged ports are refused)";
        QTest::newRow("65536") << port << "65536"
                               << "port 65536 is above 65535";
        QTest::newRow("-1") << port << "-1"
                            << "not digits only ('-' at position 1)";
        QTest::newRow("08080") << port << "08080"
                               << "leading zero; write the port as 8080";
        QTest::newRow("3000 ") << port << "3000 "
                               << "not digits only (whitespace or control character at position 5)";
        QTest::newRow("huge") << port << "99999999999999999999"
                              << "not a port number";
        QTest::newRow("arabic digits") << port << QString::fromUtf8("\xd9\xa3\xd9\xa0\xd9\xa0\xd9\xa0") << "not digits only";
        QTest::newRow("newline port") << port << "9000\n22"
                                      << "not digits only";
    }
    void hostileEntriesRefused()
    {
        QFETCH(int, kind);
        QFETCH(QString, entry);
        QFETCH(QString, why);
        const QByteArray bytes = reference(AllowlistKind(kind));
        AllowlistFile f = AllowlistFile::parse(AllowlistKind(kind), bytes);
        QStringList errors;
        QVERIFY(!f.apply(add(AllowlistKind(kind), {entry}), &errors));
        QCOMPARE(errors.size(), 1);
        QVERIFY2(errors.first().contains(why), qPrintable(errors.first()));
        QVERIFY(!errors.first().contains(QLatin1Char('\n'))); // one printable line
        QCOMPARE(f.serialize(), bytes);
    }
    void alreadyListedOrMissingRefused()
    {
        AllowlistFile f = AllowlistFile::parse(AllowlistKind::Port, reference(AllowlistKind::Port));
        QCOMPARE(f.check(add(AllowlistKind::Port, {QStringLiteral("3000")})), QStringList{"'3000' is already listed (line 4)"});
        ChangeSet rm;
        rm.kind = AllowlistKind::Port;
        rm.removed = {QStringLiteral("9999")};
        QCOMPARE(f.check(rm), QStringList{"'9999' is not in the list"});
        QCOMPARE(f.check(ChangeSet{AllowlistKind::Port, {}, {}}), QStringList{"nothing to change"});
    }
    void changeSetBetween()
    {
        const ChangeSet c = ChangeSet::between(AllowlistKind::Port, {"3000", "8080", "9000"}, {"10000", "3000", "1234"});
        QCOMPARE(c.added, QStringList({"1234", "10000"}));
        QCOMPARE(c.removed, QStringList({"8080", "9000"}));
    }
};

QTEST_GUILESS_MAIN(TestAllowlistModel)
#include "test_allowlist_model.moc"
