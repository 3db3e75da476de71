#include "JobRunner.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QLockFile>

JobRunner::JobRunner(const QString& checkoutRoot, QObject* parent)
    : QObject(parent)
{
    QString dir = qEnvironmentVariable("XDG_RUNTIME_DIR");
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        dir = QDir::tempPath();
    const QByteArray hash = QCryptographicHash::hash(checkoutRoot.toUtf8(), QCryptographicHash::Sha1).toHex().left(16);
    m_lockPath = QDir(dir).filePath(QStringLiteral("sandbox-panel-job-%1.lock").arg(QString::fromLatin1(hash)));
}

JobRunner::~JobRunner()
{
    if (m_current)
        m_current->cancel();
}

QString JobRunner::busyReason() const
{
    if (m_current)
        return QStringLiteral("another job holds the sandbox: %1 is running (since %2 s)").arg(m_current->name()).arg(m_current->durationMs() / 1000);
    QLockFile probe(m_lockPath);
    probe.setStaleLockTime(0);
    if (!probe.tryLock(0)) {
        qint64 pid = 0;
        QString host, app;
        probe.getLockInfo(&pid, &host, &app);
        if (probe.error() == QLockFile::LockFailedError)
            return QStringLiteral("another job holds the sandbox: process %1 (%2) is running a lifecycle operation")
                .arg(pid)
                .arg(app.isEmpty() ? QStringLiteral("unknown") : app);
    }
    return {};
}

bool JobRunner::submit(Job* job)
{
    job->setParent(this);
    if (!job->isMutating()) {
        connect(job, &Job::finished, this, [this, job]() { Q_EMIT jobFinished(job); });
        Q_EMIT jobStarted(job);
        job->start();
        return true;
    }
    QString reason;
    if (m_current) {
        reason = busyReason();
    } else {
        auto lock = std::make_unique<QLockFile>(m_lockPath);
        lock->setStaleLockTime(0); // stale = its process is gone, detected by pid
        if (!lock->tryLock(0)) {
            if (lock->error() == QLockFile::LockFailedError) {
                qint64 pid = 0;
                QString host, app;
                lock->getLockInfo(&pid, &host, &app);
                reason = QStringLiteral("another job holds the sandbox: process %1 (%2) is running a lifecycle operation")
                             .arg(pid)
                             .arg(app.isEmpty() ? QStringLiteral("unknown") : app);
            } else {
                reason = QStringLiteral("cannot take the job lock %1").arg(m_lockPath);
            }
        } else {
            m_lock = std::move(lock);
        }
    }
    if (!reason.isEmpty()) {
        job->refuse(reason);
        Q_EMIT jobFinished(job);
        return false;
    }
    m_current = job;
    connect(job, &Job::finished, this, [this, job]() {
        if (m_current == job) {
            m_current = nullptr;
            if (m_lock)
                m_lock->unlock();
            m_lock.reset();
            Q_EMIT busyChanged(false);
        }
        Q_EMIT jobFinished(job);
    });
    Q_EMIT busyChanged(true);
    Q_EMIT jobStarted(job);
    job->start();
    return true;
}
