#include "core/fileio/CheckoutLock.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QMutex>
#include <QThread>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace {
struct Held {
    int fd = -1;
    int depth = 0;
};
QMutex g_mutex;
QHash<QString, Held>& held()
{
    static QHash<QString, Held> map;
    return map;
}
} // namespace

CheckoutLock::CheckoutLock(const QString& checkoutRoot, int timeoutMs)
    : m_key(QDir(checkoutRoot).absolutePath())
{
    QMutexLocker guard(&g_mutex);
    if (auto it = held().find(m_key); it != held().end()) {
        ++it->depth;
        m_locked = true;
        return;
    }
    const int fd = ::open(QFile::encodeName(m_key).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        m_error = QStringLiteral("cannot lock the checkout %1: %2").arg(m_key, QString::fromLocal8Bit(std::strerror(errno)));
        return;
    }
    QElapsedTimer timer;
    timer.start();
    while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno != EWOULDBLOCK && errno != EINTR) {
            m_error = QStringLiteral("cannot lock the checkout %1: %2").arg(m_key, QString::fromLocal8Bit(std::strerror(errno)));
            ::close(fd);
            return;
        }
        if (timer.elapsed() > timeoutMs) {
            m_error = QStringLiteral("another writer (the panel or sandbox-ctl) has held the lock of %1 for %2 s; nothing written")
                          .arg(m_key)
                          .arg(timeoutMs / 1000);
            ::close(fd);
            return;
        }
        QThread::usleep(2000);
    }
    held().insert(m_key, {fd, 1});
    m_locked = true;
}

CheckoutLock::~CheckoutLock()
{
    release();
}

void CheckoutLock::release()
{
    if (!m_locked)
        return;
    m_locked = false;
    QMutexLocker guard(&g_mutex);
    auto it = held().find(m_key);
    if (it == held().end() || --it->depth > 0)
        return;
    ::close(it->fd); // closing the last descriptor drops the flock
    held().erase(it);
}
