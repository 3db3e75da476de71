#pragma once

#include "core/reports/FileFollower.h"

#include <QObject>
#include <QThread>

class FollowerWorker;

/// Follows one report file on its own worker thread (file watcher plus a periodic stat) and
/// delivers records and events through queued signals. No file I/O happens on the caller's thread.
class ReportFollower : public QObject {
    Q_OBJECT
public:
    /// \a pollMs: the stat fallback interval; \a initialRecords: how many of the newest records
    /// the first recordsRead() delivers.
    ReportFollower(const QString& path, ReportKind kind, int pollMs, int initialRecords, QObject* parent = nullptr, qint64 maxRecordBytes = 1 << 20);
    ~ReportFollower() override;

    QString path() const { return m_path; }
    ReportKind kind() const { return m_kind; }
    FollowerCounters counters() const { return m_counters; }
    bool isRunning() const { return m_thread.isRunning(); }

    /// Opens the file at its end (newest records first delivered with initial = true) and follows it.
    void start();
    /// Stops following and joins the worker thread.
    void stop();

Q_SIGNALS:
    void recordsRead(const QList<ReportRecord>& records, bool initial);
    void eventOccurred(const FollowerEvent& event);
    void countersChanged(const FollowerCounters& counters);

private:
    QString m_path;
    ReportKind m_kind;
    int m_pollMs;
    int m_initial;
    qint64 m_maxRecordBytes;
    QThread m_thread;
    FollowerWorker* m_worker = nullptr;
    FollowerCounters m_counters;
};
