// Hostile files and the "Low" validation items through the real sandbox-ctl: a .env or an
// allowlist that is a FIFO, a device or a directory gives a clear error naming its kind at once
// (defect 8); validate reports NUL bytes, invalid UTF-8, a trailing backslash, a missing or
// directory port allowlist, CRLF once; add cannot grow a list past its read limit; over-long
// paths and output write errors are failures.
#include "ScratchCheckout.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QTest>

#include <cstring>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

namespace {
bool makeFifo(const QString& path)
{
    QFile::remove(path);
    return ::mkfifo(QFile::encodeName(path).constData(), 0600) == 0;
}
bool makeSocket(const QString& path)
{
    QFile::remove(path);
    const int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const QByteArray p = QFile::encodeName(path);
    if (fd < 0 || size_t(p.size()) >= sizeof addr.sun_path)
        return false;
    std::memcpy(addr.sun_path, p.constData(), size_t(p.size()));
    const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}
} // namespace

class TestHostileFiles : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Defect 8: a .env or allowlist that is a FIFO hung; /dev/zero grew to ~3 GB RSS.
    void fifoOrDeviceHangs_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QStringList>("args");
        const QStringList validate{QStringLiteral("validate")};
        const QStringList get{QStringLiteral("get"), QStringLiteral("GIT_USERNAME")};
        const QStringList set{QStringLiteral("set"), QStringLiteral("GIT_USERNAME"), QStringLiteral("x")};
        const QStringList list{QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")};
        const QStringList add{QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("add"), QStringLiteral("20001"), QStringLiteral("--yes")};
        for (const QString& kind : {QStringLiteral("fifo"), QStringLiteral("zero"), QStringLiteral("dir"), QStringLiteral("socket")}) {
            for (const auto& args : {validate, get, set})
                QTest::newRow(qPrintable(QStringLiteral(".env %1 %2").arg(kind, args.first()))) << QStringLiteral(".env") << kind << args;
            for (const auto& args : {list, add, validate})
                QTest::newRow(qPrintable(QStringLiteral("allowlist %1 %2").arg(kind, args.value(2, args.first()))))
                    << QStringLiteral("config/port-allowlist.txt") << kind << args;
        }
    }
    void fifoOrDeviceHangs()
    {
        QFETCH(QString, file);
        QFETCH(QString, kind);
        QFETCH(QStringList, args);
        ScratchCheckout c;
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        const QString path = c.path(file);
        QFile::remove(path);
        QString named;
        if (kind == QLatin1String("fifo")) {
            QVERIFY(makeFifo(path));
            named = QStringLiteral("FIFO");
        } else if (kind == QLatin1String("zero")) {
            QVERIFY(QFile::link(QStringLiteral("/dev/zero"), path));
            named = QStringLiteral("character device");
        } else if (kind == QLatin1String("dir")) {
            QVERIFY(QDir().mkpath(path));
            named = QStringLiteral("directory");
        } else {
            QVERIFY(makeSocket(path));
            named = QStringLiteral("socket");
        }
        QElapsedTimer t;
        t.start();
        const CtlRun r = c.ctl(args, 20000);
        QVERIFY2(r.code != -1, "sandbox-ctl hung");
        QVERIFY2(t.elapsed() < 10000, "sandbox-ctl took too long");
        QVERIFY2(r.code != 0, r.out.constData());
        QVERIFY2((r.err + r.out).contains(named.toUtf8()), (r.err + r.out).constData()); // validate prints findings on stdout
    }

    // Low: validate was silent on a NUL byte, invalid UTF-8 and an unquoted value ending in '\'.
    void validateSilentOnBadValueBytes_data()
    {
        QTest::addColumn<QByteArray>("line");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("NUL byte") << QByteArray("GIT_USERNAME=ab\0cd\n", 16) << QByteArray("NUL byte");
        QTest::newRow("invalid UTF-8") << QByteArray("GIT_USERNAME=ab\xff\xfe"
                                                     "cd\n")
                                       << QByteArray("not valid UTF-8");
        QTest::newRow("trailing backslash") << QByteArray("GIT_USERNAME=abc\\\n") << QByteArray("ends in a backslash");
    }
    void validateSilentOnBadValueBytes()
    {
        QFETCH(QByteArray, line);
        QFETCH(QByteArray, message);
        ScratchCheckout c;
        QByteArray env = ScratchCheckout::bytes(c.env());
        env.replace(QByteArray("GIT_USERNAME="), QByteArray("GIT_OLD_USERNAME="));
        QVERIFY(ScratchCheckout::write(c.env(), env + line));
        const CtlRun r = c.ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("error GIT_USERNAME: ") && r.out.contains(message), r.out.constData());
    }

    // Low: a missing or directory port allowlist validated as fine.
    void missingPortAllowlistValidatesFine()
    {
        ScratchCheckout c;
        QVERIFY(QFile::remove(c.ports()));
        CtlRun r = c.ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("error config/port-allowlist.txt: does not exist"), r.out.constData());
        QVERIFY(QDir().mkpath(c.ports()));
        r = c.ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains("error config/port-allowlist.txt:") && r.out.contains("directory"), r.out.constData());
    }

    // Low: a CRLF allowlist gave 94 misleading findings and never said CRLF.
    void crlfAllowlistMisleadingFindings()
    {
        ScratchCheckout c;
        QByteArray ports = ScratchCheckout::bytes(c.ports());
        ports.replace("\n", "\r\n");
        QVERIFY(ScratchCheckout::write(c.ports(), ports));
        const CtlRun r = c.ctl({QStringLiteral("validate")});
        QCOMPARE(r.code, 1);
        QList<QByteArray> lines;
        for (const QByteArray& l : r.out.trimmed().split('\n'))
            if (l.contains("config/port-allowlist.txt"))
                lines.append(l);
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines.first().contains("CRLF"), r.out.constData());
    }

    // Low: `add` could grow an allowlist past the 1 MiB read limit and lock itself out.
    void addGrowsPastReadLimit()
    {
        ScratchCheckout c;
        QByteArray ports = ScratchCheckout::bytes(c.ports());
        const QByteArray comment = "# " + QByteArray(1000, 'c') + '\n';
        while (ports.size() + qsizetype(comment.size()) < 1024 * 1024 - 2)
            ports.prepend(comment);
        ports.prepend(QByteArray(1024 * 1024 - 3 - ports.size(), '#') + '\n');
        QVERIFY(ports.size() <= 1024 * 1024);
        QVERIFY(ScratchCheckout::write(c.ports(), ports));
        QVERIFY(QDir().mkpath(c.path(QStringLiteral("logs"))));
        QCOMPARE(c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")}).code, 0);
        const CtlRun r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("add"), QStringLiteral("20001"), QStringLiteral("--yes")});
        QVERIFY2(r.code != 0, r.out.constData());
        QVERIFY2(r.err.contains("past the"), r.err.constData());
        QCOMPARE(ScratchCheckout::bytes(c.ports()), ports);
        QCOMPARE(c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")}).code, 0);
    }

    // Low: paths longer than PATH_MAX gave "... is not a folder" or an empty path.
    void pathLongerThanPathMax()
    {
        QString longPath = QStringLiteral("/tmp");
        while (longPath.size() < 5000)
            longPath += QStringLiteral("/") + QString(200, u'd');
        const CtlRun r = ScratchCheckout(QString()).ctl({QStringLiteral("--sandbox"), longPath, QStringLiteral("validate")});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("PATH_MAX"), r.err.constData());
    }

    // Low: output write errors (`> /dev/full`) exited 0.
    void outputWriteErrorExitsZero()
    {
        ScratchCheckout c;
        auto p = std::make_unique<QProcess>();
        p->setStandardOutputFile(QStringLiteral("/dev/full"));
        p->start(ScratchCheckout::ctlPath(), {QStringLiteral("--sandbox"), c.root(), QStringLiteral("get"), QStringLiteral("GIT_USERNAME")});
        const CtlRun r = ScratchCheckout::finish(*p);
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("cannot write the output"), r.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestHostileFiles)
#include "test_hostile_files.moc"
