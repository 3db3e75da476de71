#pragma once

#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

class EngineClient;
class EventStream;
class Job;

/// Watches the engine while a lifecycle job runs (one /events stream of the project): when the
/// stream ends and /_ping fails (checked each second until the stream is back), the job ends at once (Job::engineLost, CLI exit 3) and says which of the
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
    void probe();

    EngineClient& m_engine;
    QString m_project;
    QPointer<Job> m_job;
    EventStream* m_stream;
    QStringList m_restarting; ///< "name (policy)" of running containers the engine restarts
    QString m_reason;         ///< why the stream ended
    QTimer m_probe;           ///< the next /_ping while the stream is down
};
