#include "core/fileio/RegularFile.h"

#include <QFile>

#include <cerrno>
#include <climits>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

QString RegularFile::kindOf(unsigned mode)
{
    if (S_ISREG(mode))
        return {};
    if (S_ISDIR(mode))
        return QStringLiteral("a directory");
    if (S_ISFIFO(mode))
        return QStringLiteral("a FIFO (named pipe)");
    if (S_ISCHR(mode))
        return QStringLiteral("a character device");
    if (S_ISBLK(mode))
        return QStringLiteral("a block device");
    if (S_ISSOCK(mode))
        return QStringLiteral("a socket");
    return QStringLiteral("not a regular file");
}

QString RegularFile::pathProblem(const QString& path)
{
    if (path.isEmpty())
        return QStringLiteral("the path is empty");
    if (QFile::encodeName(path).size() >= PATH_MAX)
        return QStringLiteral("the path is longer than PATH_MAX (%1 bytes)").arg(PATH_MAX);
    return {};
}

RegularFile::Read RegularFile::read(const QString& path, qint64 maxBytes)
{
    Read r;
    if (const QString why = pathProblem(path); !why.isEmpty()) {
        r.error = QStringLiteral("cannot read %1: %2").arg(path.left(200), why);
        return r;
    }
    const QByteArray name = QFile::encodeName(path);
    const int fd = ::open(name.constData(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        const int err = errno;
        struct stat st { };
        r.exists = err != ENOENT;
        if (err == ENOENT)
            return r;
        if (::stat(name.constData(), &st) == 0 && !S_ISREG(st.st_mode))
            r.error = QStringLiteral("%1 is %2, not a regular file").arg(path, kindOf(st.st_mode));
        else
            r.error = QStringLiteral("cannot read %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(err)));
        return r;
    }
    r.exists = true;
    struct stat st { };
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        r.error = QStringLiteral("%1 is %2, not a regular file").arg(path, kindOf(st.st_mode));
        ::close(fd);
        return r;
    }
    if (st.st_size > maxBytes) {
        r.error = QStringLiteral("%1 is %2 bytes, more than the %3 bytes read from such a file").arg(path).arg(st.st_size).arg(maxBytes);
        ::close(fd);
        return r;
    }
    // The size can change while reading: read up to the cap plus one byte to notice growth.
    QByteArray buf(qsizetype(st.st_size) + 1, Qt::Uninitialized);
    qsizetype have = 0;
    for (;;) {
        if (have == buf.size()) {
            if (buf.size() > maxBytes)
                break;
            buf.resize(std::min<qsizetype>(buf.size() * 2, qsizetype(maxBytes) + 1));
        }
        const ssize_t n = ::read(fd, buf.data() + have, size_t(buf.size() - have));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            r.error = QStringLiteral("cannot read %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return r;
        }
        if (n == 0)
            break;
        have += n;
    }
    ::close(fd);
    if (have > maxBytes) {
        r.error = QStringLiteral("%1 grew past the %2 bytes read from such a file").arg(path).arg(maxBytes);
        return r;
    }
    buf.truncate(have);
    r.bytes = buf;
    return r;
}
