#include "core/fileio/SafeWrite.h"

#include "core/fileio/RegularFile.h"

#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {
using Status = WriteResult::Status;

WriteResult ioError(const QString& path, int err)
{
    return {Status::IoError, SafeWrite::describeError(path, err)};
}

WriteResult changed(const QString& path)
{
    return {Status::ChangedOnDisk, QStringLiteral("%1 changed on disk since it was read; nothing written. Reload or review the difference first").arg(path)};
}

bool matches(const RegularFile::Read& disk, const SafeWrite::Expected& e)
{
    return disk.ok() && disk.exists == e.exists && disk.bytes == e.bytes;
}

bool writeAll(int fd, const QByteArray& bytes, int* err)
{
    const char* p = bytes.constData();
    size_t left = size_t(bytes.size());
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            *err = n < 0 ? errno : ENOSPC; // a write that makes no progress: the device is full
            return false;
        }
        p += n;
        left -= size_t(n);
    }
    return true;
}

/// Exchanges \a from and \a to atomically; false with errno when the file system cannot.
bool exchange(const QByteArray& from, const QByteArray& to)
{
    return ::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) == 0;
}

/// A read lease on the file being replaced: while held, another program's open for writing or
/// truncation waits until it is released, and broken() tells that one was attempted. An in-place
/// save (open O_TRUNC, write) then lands in the file that stays at the path, never in the
/// replaced one. Where the file system or the owner forbids leases, it guards nothing.
class WriterLease {
public:
    explicit WriterLease(const QByteArray& path)
        : m_fd(::open(path.constData(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK))
    {
        if (m_fd < 0)
            return;
        // The break notice is SIGURG, whose default is to be ignored; SIGIO would end the process.
        if (::fcntl(m_fd, F_SETSIG, SIGURG) == 0 && ::fcntl(m_fd, F_SETLEASE, F_RDLCK) == 0)
            m_held = true;
        else
            m_openForWriting = errno == EAGAIN;
    }
    ~WriterLease()
    {
        if (m_held)
            ::fcntl(m_fd, F_SETLEASE, F_UNLCK);
        if (m_fd >= 0)
            ::close(m_fd);
    }
    WriterLease(const WriterLease&) = delete;
    WriterLease& operator=(const WriterLease&) = delete;
    /// Another program has the file open for writing right now (a save in progress).
    bool openForWriting() const { return m_openForWriting; }
    /// Another program tried to open the file for writing while the lease was held.
    bool broken() const { return m_held && ::fcntl(m_fd, F_GETLEASE) != F_RDLCK; }

private:
    int m_fd = -1;
    bool m_held = false;
    bool m_openForWriting = false;
};

WriteResult beingSaved(const QString& path)
{
    return {Status::ChangedOnDisk, QStringLiteral("%1 is being saved by another program right now; nothing written. Try again when it is saved").arg(path)};
}

void syncFolder(const QString& dir)
{
    const int fd = ::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}
} // namespace

QString SafeWrite::describeError(const QString& path, int err)
{
    QString why;
    switch (err) {
    case ENOSPC:
    case EDQUOT: why = QStringLiteral("no space left on the device (disk or quota full)"); break;
    case EACCES:
    case EPERM: why = QStringLiteral("permission denied"); break;
    case EROFS: why = QStringLiteral("the file system is read-only"); break;
    default: why = QString::fromLocal8Bit(std::strerror(err)); break;
    }
    return QStringLiteral("cannot write %1: %2; the file is unchanged").arg(path, why);
}

WriteResult SafeWrite::replaceIfUnchanged(const QString& requested, const std::optional<Expected>& expected, const QByteArray& bytes, unsigned newFileMode,
                                          qint64 maxBytes)
{
    if (const QString why = RegularFile::pathProblem(requested); !why.isEmpty())
        return {Status::IoError, QStringLiteral("cannot write %1: %2").arg(requested.left(200), why)};
    // A symbolic link stays a link: its target is replaced.
    const QFileInfo info(requested);
    const QString path = info.isSymLink() && !info.canonicalFilePath().isEmpty() ? info.canonicalFilePath() : requested;
    if (expected && !matches(RegularFile::read(path, maxBytes), *expected))
        return changed(requested);

    const QByteArray target = QFile::encodeName(path);
    struct stat old { };
    const bool replacing = ::stat(target.constData(), &old) == 0;
    if (replacing && !S_ISREG(old.st_mode))
        return {Status::IoError, QStringLiteral("cannot write %1: it is %2").arg(requested, RegularFile::kindOf(old.st_mode))};
    const QFileInfo targetInfo(path);
    QByteArray temp = QFile::encodeName(targetInfo.absolutePath() + QStringLiteral("/.") + targetInfo.fileName()) + ".tmp-XXXXXX";
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0)
        return ioError(requested, errno);
    int err = 0;
    bool ok = writeAll(fd, bytes, &err);
    if (ok && ::fchmod(fd, replacing ? (old.st_mode & 07777) : newFileMode) != 0)
        ok = false, err = errno;
    // Keep owner and group: as root always, as a user when the group differs (and it is ours).
    if (ok && replacing && (old.st_uid != ::geteuid() || old.st_gid != ::getegid()) && ::fchown(fd, old.st_uid, old.st_gid) != 0) {
        err = errno;
        ::close(fd);
        ::unlink(temp.constData());
        return {Status::IoError, QStringLiteral("cannot keep the owner %1:%2 of %3 (%4); nothing written")
                                     .arg(old.st_uid)
                                     .arg(old.st_gid)
                                     .arg(requested, QString::fromLocal8Bit(std::strerror(err)))};
    }
    if (ok && ::fsync(fd) != 0)
        ok = false, err = errno;
    if (::close(fd) != 0 && ok)
        ok = false, err = errno;
    if (!ok) {
        ::unlink(temp.constData());
        return ioError(requested, err);
    }
    if (!expected || !replacing) {
        // No content to protect, or a new file: a plain rename (refused if one appeared meanwhile).
        const bool renamed = expected ? ::renameat2(AT_FDCWD, temp.constData(), AT_FDCWD, target.constData(), RENAME_NOREPLACE) == 0
                                      : ::rename(temp.constData(), target.constData()) == 0;
        if (!renamed) {
            err = errno;
            ::unlink(temp.constData());
            return err == EEXIST ? changed(requested) : ioError(requested, err);
        }
        syncFolder(targetInfo.absolutePath());
        return {};
    }
    // Last look, then an exchange whose displaced file proves nobody saved in between; the lease
    // holds back (and reveals) a save in place meanwhile.
    const WriterLease lease(target);
    if (lease.openForWriting()) {
        ::unlink(temp.constData());
        return beingSaved(requested);
    }
    if (!matches(RegularFile::read(path, maxBytes), *expected)) {
        ::unlink(temp.constData());
        return changed(requested);
    }
    if (!exchange(temp, target)) {
        if (errno != EINVAL && errno != ENOSYS) {
            err = errno;
            ::unlink(temp.constData());
            return ioError(requested, err);
        }
        if (::rename(temp.constData(), target.constData()) != 0) { // no RENAME_EXCHANGE here
            err = errno;
            ::unlink(temp.constData());
            return ioError(requested, err);
        }
        syncFolder(targetInfo.absolutePath());
        return {};
    }
    const bool displacedAsRead = matches(RegularFile::read(QFile::decodeName(temp), maxBytes), *expected);
    const bool savedInPlace = lease.broken(); // last, right before the displaced file goes
    if (savedInPlace || !displacedAsRead) {
        exchange(temp, target); // put the other writer's file back before its save goes on
        ::unlink(temp.constData());
        return savedInPlace ? beingSaved(requested) : changed(requested);
    }
    ::unlink(temp.constData());
    syncFolder(targetInfo.absolutePath());
    return {};
}
