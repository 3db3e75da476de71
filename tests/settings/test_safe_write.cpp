// The one safe-write path (SafeWrite) through the real sandbox-ctl: a full disk never empties
// .env, an allowlist or the review state (defects 1, 2); owner, group and mode survive a write
// as root (defect 5). The full-disk cases mount their own small tmpfs (root; skipped only
// outside CI).
#include "ScratchCheckout.h"

#include "core/allowlist/ReviewedState.h"
#include "core/fileio/SafeWrite.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
/// Fills the file system holding \a dir until a write fails (ENOSPC).
bool fillDisk(const QString& dir)
{
    QFile f(dir + QStringLiteral("/filler"));
    if (!f.open(QIODevice::WriteOnly | QIODevice::Unbuffered))
        return false;
    const QByteArray block(512, 'x');
    while (f.write(block) == block.size()) { }
    const QByteArray one(1, 'x');
    while (f.write(one) == 1) { }
    return true;
}

struct Owner {
    uint uid = 0, gid = 0, mode = 0;
    bool operator==(const Owner& o) const { return uid == o.uid && gid == o.gid && mode == o.mode; }
};
Owner ownerOf(const QString& path)
{
    struct stat st { };
    if (::stat(QFile::encodeName(path).constData(), &st) != 0)
        return {};
    return {uint(st.st_uid), uint(st.st_gid), uint(st.st_mode & 07777)};
}
char* toString(const Owner& o)
{
    return qstrdup(QStringLiteral("%1:%2 %3").arg(o.uid).arg(o.gid).arg(o.mode, 0, 8).toLatin1().constData());
}
} // namespace

class TestSafeWrite : public QObject {
    Q_OBJECT
    QTemporaryDir m_mountPoint;
    bool m_mounted = false;

    /// A 64 KiB tmpfs at m_mountPoint with a scratch checkout in it (logs/ and baseline made).
    bool mountSmallDisk()
    {
        if (::mount("tmpfs", QFile::encodeName(m_mountPoint.path()).constData(), "tmpfs", 0, "size=64k") != 0)
            return false;
        m_mounted = true;
        return true;
    }

private Q_SLOTS:
    void cleanup()
    {
        if (m_mounted)
            ::umount2(QFile::encodeName(m_mountPoint.path()).constData(), MNT_DETACH);
        m_mounted = false;
    }

    // Defect 1: on a full disk `set` failed to write, then renamed an empty temp file over .env.
    void fullDiskEmptiesEnv()
    {
        REQUIRE_ROOT();
        QVERIFY2(mountSmallDisk(), "cannot mount a tmpfs");
        ScratchCheckout c(m_mountPoint.path() + QStringLiteral("/sandbox"));
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        const QByteArray before = ScratchCheckout::bytes(c.env());
        QVERIFY(before.size() > 1000);
        QVERIFY(fillDisk(m_mountPoint.path()));
        const CtlRun r = c.ctl({QStringLiteral("set"), QStringLiteral("GIT_USERNAME"), QStringLiteral("x")});
        QVERIFY2(r.code != 0, r.out.constData());
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("no space left"), r.err.constData());
        QVERIFY2(r.err.contains("unchanged"), r.err.constData());
        QVERIFY(!r.out.contains("GIT_USERNAME=x"));
        QCOMPARE(ScratchCheckout::bytes(c.env()), before);
        // No temporary file is left behind.
        QCOMPARE(QDir(c.root()).entryList(QDir::Files | QDir::Hidden).filter(QStringLiteral(".tmp-")), QStringList());
    }

    // Defect 2: on a full disk the port allowlist was emptied, audited with the intended hash,
    // and the review baseline truncated.
    void fullDiskEmptiesAllowlistAndBaseline()
    {
        REQUIRE_ROOT();
        QVERIFY2(mountSmallDisk(), "cannot mount a tmpfs");
        ScratchCheckout c(m_mountPoint.path() + QStringLiteral("/sandbox"));
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        QVERIFY(QDir().mkpath(c.path(QStringLiteral("logs"))));
        QCOMPARE(c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("list")}).code, 0); // writes the baseline
        const QByteArray ports = ScratchCheckout::bytes(c.ports());
        const QByteArray baseline = ScratchCheckout::bytes(c.reviewed());
        QVERIFY(!baseline.isEmpty());
        QVERIFY(fillDisk(m_mountPoint.path()));
        CtlRun r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("add"), QStringLiteral("20001"), QStringLiteral("--yes")});
        QCOMPARE(r.code, 5);
        QVERIFY2(r.err.contains("no space left"), r.err.constData());
        QCOMPARE(ScratchCheckout::bytes(c.ports()), ports);
        QCOMPARE(ScratchCheckout::bytes(c.reviewed()), baseline);
        QCOMPARE(ScratchCheckout::bytes(c.audit()), QByteArray()); // no audit line for a change that did not happen
        // The review state itself, saved on a full disk, fails and keeps its old bytes.
        ReviewedState state(c.reviewed());
        QVERIFY(state.load());
        ReviewedState::File f = state.file(AllowlistKind::Port);
        f.entries.append(QStringLiteral("20001"));
        state.setFile(AllowlistKind::Port, f);
        QString error;
        QVERIFY(!state.save(&error));
        QVERIFY2(error.contains(QStringLiteral("no space left")), qPrintable(error));
        QCOMPARE(ScratchCheckout::bytes(c.reviewed()), baseline);
    }

    // Defect 5: as root, `set` and `allowlist add` left operator-owned files root:root, and a
    // 400 .env became 600.
    void rootTakesFileFromOwner_data()
    {
        QTest::addColumn<uint>("uid");
        QTest::addColumn<uint>("gid");
        QTest::addColumn<uint>("mode");
        QTest::newRow("operator 1000:1000 600") << 1000u << 1000u << 0600u;
        QTest::newRow("root:1000 640") << 0u << 1000u << 0640u;
        QTest::newRow("operator 400") << 1000u << 1000u << 0400u;
    }
    void rootTakesFileFromOwner()
    {
        REQUIRE_ROOT();
        QFETCH(uint, uid);
        QFETCH(uint, gid);
        QFETCH(uint, mode);
        ScratchCheckout c;
        QVERIFY2(c.error().isEmpty(), qPrintable(c.error()));
        for (const QString& f : {c.env(), c.ports()}) {
            QCOMPARE(::chown(QFile::encodeName(f).constData(), uid, gid), 0);
            QCOMPARE(::chmod(QFile::encodeName(f).constData(), mode), 0);
        }
        const Owner want{uid, gid, mode};
        CtlRun r = c.ctl({QStringLiteral("set"), QStringLiteral("GIT_USERNAME"), QStringLiteral("someone")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(ScratchCheckout::bytes(c.env()).contains("GIT_USERNAME=\"someone\""));
        QCOMPARE(ownerOf(c.env()), want);
        r = c.ctl({QStringLiteral("allowlist"), QStringLiteral("port"), QStringLiteral("add"), QStringLiteral("20001"), QStringLiteral("--yes")});
        QVERIFY2(r.code == 0, r.err.constData());
        QVERIFY(ScratchCheckout::bytes(c.ports()).contains("\n20001\n"));
        QCOMPARE(ownerOf(c.ports()), want);
    }

    // The helper itself: a file that changed since it was read is refused, untouched.
    void changedFileRefused()
    {
        QTemporaryDir dir;
        const QString f = dir.filePath(QStringLiteral("a"));
        QVERIFY(ScratchCheckout::write(f, "one\n"));
        WriteResult r = SafeWrite::replaceIfUnchanged(f, SafeWrite::Expected{true, "other\n"}, "two\n");
        QCOMPARE(r.status, WriteResult::Status::ChangedOnDisk);
        QCOMPARE(ScratchCheckout::bytes(f), QByteArray("one\n"));
        r = SafeWrite::replaceIfUnchanged(f, SafeWrite::Expected{true, "one\n"}, "two\n");
        QVERIFY2(r.ok(), qPrintable(r.message));
        QCOMPARE(ScratchCheckout::bytes(f), QByteArray("two\n"));
        r = SafeWrite::replaceIfUnchanged(dir.filePath(QStringLiteral("new")), SafeWrite::Expected{false, {}}, "x");
        QVERIFY(r.ok());
        QCOMPARE(ownerOf(dir.filePath(QStringLiteral("new"))).mode, 0600u);
        r = SafeWrite::replaceIfUnchanged(f, SafeWrite::Expected{false, {}}, "three\n"); // it was expected missing
        QCOMPARE(r.status, WriteResult::Status::ChangedOnDisk);
    }

    // A save in place under way (another program has the file open for writing, not yet written):
    // the write is refused with that cause, and the other program's save then lands in the file.
    void saveInPlaceUnderWayRefused()
    {
        QTemporaryDir dir;
        const QString f = dir.filePath(QStringLiteral("a"));
        QVERIFY(ScratchCheckout::write(f, "one\n"));
        QFile editor(f);
        QVERIFY(editor.open(QIODevice::ReadWrite | QIODevice::Unbuffered));
        const WriteResult r = SafeWrite::replaceIfUnchanged(f, SafeWrite::Expected{true, "one\n"}, "two\n");
        QCOMPARE(r.status, WriteResult::Status::ChangedOnDisk);
        QVERIFY2(r.message.contains(QLatin1String("being saved by another program")), qPrintable(r.message));
        QVERIFY(editor.resize(0) && editor.write("edited\n") == 7);
        editor.close();
        QCOMPARE(ScratchCheckout::bytes(f), QByteArray("edited\n"));
    }
};

QTEST_GUILESS_MAIN(TestSafeWrite)
#include "test_safe_write.moc"
