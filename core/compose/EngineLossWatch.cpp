#include "EngineLossWatch.h"

#include "core/compose/Job.h"
#include "core/docker/EngineApi.h"
#include "core/docker/EventStream.h"

#include <QJsonObject>

#include <memory>

EngineLossWatch::EngineLossWatch(EngineClient& engine, const QString& project, Job* job)
    : QObject(job)
    , m_engine(engine)
    , m_project(project)
    , m_job(job)
    , m_stream(new EventStream(engine, project, 500, 10000, this))
{
    connect(m_stream, &EventStream::connected, this, &EngineLossWatch::snapshot);
    connect(m_stream, &EventStream::disconnected, this, &EngineLossWatch::lost);
    connect(m_stream, &EventStream::eventReceived, this, [this](const QJsonObject& e) {
        const QString action = e.value(QStringLiteral("Action")).toString();
        if (action == QLatin1String("start") || action == QLatin1String("die") || action == QLatin1String("destroy"))
            snapshot();
    });
    connect(job, &Job::started, m_stream, &EventStream::start);
    connect(job, &Job::finished, m_stream, &EventStream::stop);
}

QString EngineLossWatch::comesBackWith(const QStringList& restarting)
{
    if (restarting.isEmpty())
        return QStringLiteral("when it comes back, it starts nothing of this stack again (no running container has a restart policy)");
    return QStringLiteral("when it comes back, the engine starts again: %1").arg(restarting.join(QStringLiteral(", ")));
}

void EngineLossWatch::snapshot()
{
    EngineApi::projectContainers(m_engine, m_project, this, [this](const EngineReply& r, const QList<ProjectContainer>& all) {
        if (!r.ok())
            return;
        auto found = std::make_shared<QStringList>();
        auto pending = std::make_shared<int>(0);
        for (const ProjectContainer& c : all)
            *pending += c.running() ? 1 : 0;
        if (*pending == 0)
            m_restarting.clear();
        for (const ProjectContainer& c : all) {
            if (!c.running())
                continue;
            EngineApi::inspectContainer(m_engine, c.id, this, [this, c, found, pending](const EngineReply& ir, const QJsonObject& inspect) {
                const QString policy = inspect.value(QStringLiteral("HostConfig"))
                                           .toObject()
                                           .value(QStringLiteral("RestartPolicy"))
                                           .toObject()
                                           .value(QStringLiteral("Name"))
                                           .toString();
                if (ir.ok() && (policy == QLatin1String("always") || policy == QLatin1String("unless-stopped")))
                    *found << QStringLiteral("%1 (%2)").arg(c.name, policy);
                if (--*pending == 0) {
                    found->sort();
                    m_restarting = *found;
                }
            });
        }
    });
}

void EngineLossWatch::lost(const QString& reason)
{
    // The events stream of a local engine ends only when the engine stops (or its connection is
    // lost): waiting for a ping would let a stopping engine answer a while longer.
    m_stream->stop();
    if (m_job && m_job->status() == Job::Status::Running)
        m_job->engineLost(QStringLiteral("the Docker engine went away (%1); stopped at once; %2").arg(reason, comesBackWith(m_restarting)));
}
