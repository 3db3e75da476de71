// `sandbox-ctl help` is a command: `help` prints what --help prints, `help COMMAND` and
// `COMMAND --help` print that command's usage, all with exit 0 and on stdout, in any folder
// (no checkout needed), on a pipe and on a terminal alike.
#include "CtlRun.h"

#include <QTemporaryDir>
#include <QTest>

#include "SandboxTestPaths.h"

class TestCtlHelp : public QObject {
    Q_OBJECT
    QTemporaryDir m_empty; // no checkout: help needs none

    CtlRun ctl(const QStringList& args) { return CtlRun::run(m_empty.path(), args); }

private Q_SLOTS:
    void helpIsTheHelpText()
    {
        const CtlRun reference = ctl({QStringLiteral("--help")});
        QCOMPARE(reference.code, 0);
        QVERIFY(reference.out.startsWith(QStringLiteral("usage: sandbox-ctl ")));
        QVERIFY(reference.out.contains(QStringLiteral("\n  help [COMMAND]\n")));
        const CtlRun help = ctl({QStringLiteral("help")});
        QCOMPARE(help.code, 0); // was 2: "unknown command 'help'"
        QCOMPARE(help.out, reference.out);
        QCOMPARE(help.err, QString());
        const CtlRun onTerminal = CtlRun::onTerminal(m_empty.path(), {QStringLiteral("help")}, {});
        QCOMPARE(onTerminal.code, 0);
        QCOMPARE(onTerminal.out, reference.out);
    }

    void helpCommandIsThatCommandsUsage_data()
    {
        QTest::addColumn<QString>("command");
        QTest::addColumn<QString>("synopsis");
        QTest::newRow("stats") << QStringLiteral("stats") << QStringLiteral("stats [--once]");
        QTest::newRow("validate") << QStringLiteral("validate") << QStringLiteral("validate");
    }
    void helpCommandIsThatCommandsUsage()
    {
        QFETCH(QString, command);
        QFETCH(QString, synopsis);
        const QString expected = QStringLiteral("usage: sandbox-ctl [--sandbox DIR] [--json] %1\n").arg(synopsis);
        const CtlRun help = ctl({QStringLiteral("help"), command});
        QCOMPARE(help.code, 0);
        QCOMPARE(help.out, expected);
        const CtlRun flag = ctl({command, QStringLiteral("--help")});
        QCOMPARE(flag.code, 0);
        QCOMPARE(flag.out, expected);
    }

    void helpOfAnUnknownCommandIsAUsageError()
    {
        const CtlRun r = ctl({QStringLiteral("help"), QStringLiteral("frobnicate")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("unknown command 'frobnicate'")), qPrintable(r.err));
        QCOMPARE(r.out, QString());
    }
};

QTEST_GUILESS_MAIN(TestCtlHelp)
#include "test_ctl_help.moc"
