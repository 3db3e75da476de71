#pragma once

#include "core/compose/Job.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QLockFile;

/// Runs the jobs of one sandbox: one mutating job at a time, in this process and across
/// processes (a lock file keyed by the checkout path, so the panel and sandbox-ctl exclude
/// each other). Non-mutating jobs (logs) always run.
class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(const QString& checkoutRoot, QObject* parent = nullptr);
    ~JobRunner() override;

    /// Starts \a job (taking ownership). When another mutating job holds the sandbox the job is
    /// refused instead (status Refused, errorText() says why) and false is returned.
    bool submit(Job* job);
    /// The running mutating job, or null.
    Job* current() const { return m_current; }
    bool isBusy() const { return m_current != nullptr; }
    /// Why a mutating job would be refused now; empty when it would run.
    QString busyReason() const;
    /// Lock file used across processes.
    QString lockPath() const { return m_lockPath; }

Q_SIGNALS:
    void jobStarted(Job* job);
    void jobFinished(Job* job);
    void busyChanged(bool busy);

private:
    QString m_lockPath;
    std::unique_ptr<QLockFile> m_lock;
    QPointer<Job> m_current;
};
