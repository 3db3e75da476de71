#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>

class EngineClient;
class EventStream;
class Job;

/// Watches the engine while a lifecycle job runs (one /events stream of the project): when the
/// engine goes away, the job ends at once (Job::engineLost, CLI exit 3) and says which of the
/// stack's containers the engine will start again when it returns (running ones whose restart
/// policy is always or unless-stopped), instead of waiting out its timeouts.
class EngineLossWatch : public QObject {
    Q_OBJECT
public:
    /// Lives as long as \a job (its parent); starts with the job.
    EngineLossWatch(EngineClient& engine, const QString& project, Job* job);

    /// "When it comes back, the engine starts again: X (unless-stopped)" for \a restarting.
    static QString comesBackWith(const QStringList& restarting);

private:
    void snapshot();
    void lost(const QString& reason);

    EngineClient& m_engine;
    QString m_project;
    QPointer<Job> m_job;
    EventStream* m_stream;
    QStringList m_restarting; ///< "name (policy)" of running containers the engine restarts
};
