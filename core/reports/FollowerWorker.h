#pragma once

#include "core/reports/FileFollower.h"

#include <QObject>

#include <memory>

class QFileSystemWatcher;
class QTimer;

/// Lives on a ReportFollower's thread: owns the FileFollower, the watcher and the poll timer.
class FollowerWorker : public QObject {
    Q_OBJECT
public:
    FollowerWorker(const QString& path, ReportKind kind, int pollMs, int initialRecords, qint64 maxRecordBytes);
    ~FollowerWorker() override;

public Q_SLOTS:
    void start();
    void poll();
    void shutdown();

Q_SIGNALS:
    void recordsRead(const QList<ReportRecord>& records, bool initial);
    void eventOccurred(const FollowerEvent& event);
    void countersChanged(const FollowerCounters& counters);

private:
    void deliver(FileFollower::Batch&& batch, bool initial);
    void rewatch();

    FileFollower m_follower;
    int m_pollMs;
    int m_initial;
    QFileSystemWatcher* m_watcher = nullptr;
    QTimer* m_timer = nullptr;
    bool m_polling = false;
};
