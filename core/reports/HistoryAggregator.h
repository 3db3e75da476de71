#pragma once

#include "core/reports/HistoryAggregate.h"

#include <QObject>
#include <QThread>

#include <atomic>

/// Runs HistoryAggregate::compute() on a worker thread with progress and cancel; results arrive
/// by queued signals on the thread that owns this object.
class HistoryAggregator : public QObject {
    Q_OBJECT
public:
    explicit HistoryAggregator(QObject* parent = nullptr);
    ~HistoryAggregator() override;

    /// Starts aggregating \a path; false when a run is already going.
    bool start(const QString& path, ReportKind kind);
    /// Asks the running aggregation to stop; finished() follows with cancelled set.
    void cancel();
    bool isRunning() const { return m_thread != nullptr; }

Q_SIGNALS:
    /// \a percent 0..100
    void progress(int percent);
    void finished(const HistoryAggregate& result);
    void failed(const QString& error);

private:
    QThread* m_thread = nullptr;
    std::atomic<bool> m_cancel{false};
};
