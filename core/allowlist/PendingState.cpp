#include "core/allowlist/PendingState.h"

#include "core/docker/EngineApi.h"
#include "core/docker/EngineTime.h"

PendingState PendingState::compute(const QDateTime& aptChangedAt, const QDateTime& portChangedAt, const QDateTime& imageCreated,
                                   const QDateTime& containerCreated, const QString& imageId, const QString& imageAtChange)
{
    PendingState s;
    const bool rebuiltSince = !imageAtChange.isEmpty() && !imageId.isEmpty() && imageId != imageAtChange;
    s.rebuildNeeded = EngineTime::isAfter(aptChangedAt, imageCreated) && !rebuiltSince;
    s.restartNeeded = EngineTime::isAfter(portChangedAt, containerCreated);
    return s;
}

namespace {
/// The image's Created (nanoseconds, cut to the one precision) into \a times, then \a done.
void queryImage(EngineClient& engine, WorkspaceTimes times, QObject* context, const std::function<void(const WorkspaceTimes&)>& done)
{
    if (times.imageId.isEmpty()) {
        done(times);
        return;
    }
    EngineApi::inspectImage(engine, times.imageId, context, [times, done](const EngineReply& ir, const QJsonObject& image) mutable {
        if (ir.ok())
            times.imageCreated = EngineTime::parse(image.value(QStringLiteral("Created")));
        else
            times.error = ir.describe();
        done(times);
    });
}
} // namespace

void WorkspaceProbe::query(EngineClient& engine, const QString& project, QObject* context, std::function<void(const WorkspaceTimes&)> done)
{
    // The list names the workspace; its Created there is whole seconds, so the container's time
    // comes from its inspect (nanoseconds), like the image's.
    EngineApi::workspaceContainer(engine, project, context, [&engine, context, done](const EngineReply& r, const ProjectContainer& workspace) {
        WorkspaceTimes times;
        if (!r.ok() || workspace.id.isEmpty()) {
            times.error = r.describe();
            done(times);
            return;
        }
        EngineApi::inspectContainer(engine, workspace.id, context, [&engine, context, done, times](const EngineReply& cr, const QJsonObject& inspect) mutable {
            if (cr.status == 404) { // removed meanwhile: no workspace container
                done(times);
                return;
            }
            if (!cr.ok()) {
                times.error = cr.describe();
                done(times);
                return;
            }
            times.containerCreated = EngineTime::parse(inspect.value(QStringLiteral("Created")));
            times.imageId = inspect.value(QStringLiteral("Image")).toString();
            queryImage(engine, times, context, done);
        });
    });
}
