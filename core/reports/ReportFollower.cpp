#include "ReportFollower.h"

#include "core/reports/FollowerWorker.h"

#include <QMetaObject>

ReportFollower::ReportFollower(const QString& path, ReportKind kind, int pollMs, int initialRecords, QObject* parent, qint64 maxRecordBytes)
    : QObject(parent)
    , m_path(path)
    , m_kind(kind)
    , m_pollMs(pollMs)
    , m_initial(initialRecords)
    , m_maxRecordBytes(maxRecordBytes)
{
    qRegisterMetaType<ReportRecord>();
    qRegisterMetaType<QList<ReportRecord>>();
    qRegisterMetaType<FollowerEvent>();
    qRegisterMetaType<FollowerCounters>();
    m_thread.setObjectName(QStringLiteral("follow-") + reportKindName(kind));
}

ReportFollower::~ReportFollower()
{
    stop();
}

void ReportFollower::start()
{
    if (m_worker)
        return;
    m_worker = new FollowerWorker(m_path, m_kind, m_pollMs, m_initial, m_maxRecordBytes);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    connect(m_worker, &FollowerWorker::recordsRead, this, &ReportFollower::recordsRead);
    connect(m_worker, &FollowerWorker::eventOccurred, this, &ReportFollower::eventOccurred);
    connect(m_worker, &FollowerWorker::countersChanged, this, [this](const FollowerCounters& c) {
        m_counters = c;
        Q_EMIT countersChanged(c);
    });
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &FollowerWorker::start, Qt::QueuedConnection);
}

void ReportFollower::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, &FollowerWorker::shutdown, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr; // deleted by deleteLater on finished
}
