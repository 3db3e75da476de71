#include "FollowerWorker.h"

#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QTimer>

FollowerWorker::FollowerWorker(const QString& path, ReportKind kind, int pollMs, int initialRecords, qint64 maxRecordBytes)
    : m_follower(path, kind, maxRecordBytes)
    , m_pollMs(pollMs)
    , m_initial(initialRecords)
{
}

FollowerWorker::~FollowerWorker() = default;

void FollowerWorker::start()
{
    m_watcher = new QFileSystemWatcher(this);
    m_timer = new QTimer(this);
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, &FollowerWorker::poll);
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, &FollowerWorker::poll);
    connect(m_timer, &QTimer::timeout, this, &FollowerWorker::poll);
    m_timer->start(std::max(20, m_pollMs));
    deliver(m_follower.open(m_initial), true);
    rewatch();
}

void FollowerWorker::rewatch()
{
    if (!m_watcher)
        return;
    const QString path = m_follower.path();
    const QString dir = QFileInfo(path).absolutePath();
    const QStringList watched = m_watcher->files() + m_watcher->directories();
    if (!watched.contains(dir) && QFileInfo::exists(dir))
        m_watcher->addPath(dir);
    if (!watched.contains(path) && QFileInfo::exists(path))
        m_watcher->addPath(path);
}

void FollowerWorker::poll()
{
    if (m_polling || !m_watcher)
        return;
    m_polling = true;
    deliver(m_follower.poll(), false);
    rewatch();
    m_polling = false;
}

void FollowerWorker::shutdown()
{
    delete m_timer;
    m_timer = nullptr;
    delete m_watcher;
    m_watcher = nullptr;
}

void FollowerWorker::deliver(FileFollower::Batch&& batch, bool initial)
{
    for (const FollowerEvent& e : batch.events)
        Q_EMIT eventOccurred(e);
    if (!batch.records.isEmpty() || initial) {
        Q_EMIT recordsRead(batch.records, initial);
        Q_EMIT countersChanged(m_follower.counters());
    }
}
