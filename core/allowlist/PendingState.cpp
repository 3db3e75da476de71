#include "core/allowlist/PendingState.h"

#include "core/docker/EngineApi.h"

PendingState PendingState::compute(const QDateTime& aptChangedAt, const QDateTime& portChangedAt,
                                   const QDateTime& imageCreated, const QDateTime& containerCreated,
                                   const QString& imageId, const QString& imageAtChange)
{
    PendingState s;
    const bool rebuiltSince = !imageAtChange.isEmpty() && !imageId.isEmpty() && imageId != imageAtChange;
    s.rebuildNeeded = aptChangedAt.isValid() && imageCreated.isValid() && imageCreated < aptChangedAt && !rebuiltSince;
    s.restartNeeded = portChangedAt.isValid() && containerCreated.isValid() && containerCreated < portChangedAt;
    return s;
}

void WorkspaceProbe::query(EngineClient& engine, const QString& project, QObject* context, std::function<void(const WorkspaceTimes&)> done)
{
    EngineApi::workspaceContainer(engine, project, context, [&engine, context, done](const EngineReply& r, const ProjectContainer& workspace) {
        WorkspaceTimes times;
        if (!r.ok()) {
            times.error = r.describe();
            done(times);
            return;
        }
        times.containerCreated = workspace.created;
        times.imageId = workspace.imageId;
        if (workspace.imageId.isEmpty()) {
            done(times);
            return;
        }
        EngineApi::inspectImage(engine, workspace.imageId, context, [times, done](const EngineReply& ir, const QJsonObject& image) mutable {
            if (ir.ok())
                times.imageCreated = EngineApi::createdTime(image.value(QStringLiteral("Created")));
            else
                times.error = ir.describe();
            done(times);
        });
    });
}
