#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <functional>

class EngineClient;
class QObject;

/// "Rebuild needed" / "restart needed" after approved allowlist changes.
struct PendingState {
    bool rebuildNeeded = false; ///< an apt change was approved after the workspace image was built
    bool restartNeeded = false; ///< a port change was approved after the workspace container was created

    /// Pure rule: a rebuild is needed while the workspace image is older than the approved apt
    /// change, a restart while the container is older than the approved port change, both at
    /// EngineTime's one precision (a container created in the change's millisecond is not
    /// older). An invalid
    /// \a imageCreated / \a containerCreated (no image / container yet) needs nothing, since the
    /// next build / start picks the change up anyway. When \a imageAtChange (the image the
    /// workspace ran at approval) is known and differs from \a imageId, the image was rebuilt
    /// even if the builder's cache gave back an older image that already holds the list.
    static PendingState compute(const QDateTime& aptChangedAt, const QDateTime& portChangedAt, const QDateTime& imageCreated, const QDateTime& containerCreated,
                                const QString& imageId = {}, const QString& imageAtChange = {});
};

/// Creation times of the workspace container and its image, from their inspects (nanoseconds,
/// cut to EngineTime's one precision; never the container list's whole seconds).
struct WorkspaceTimes {
    QDateTime containerCreated; ///< invalid when there is no workspace container
    QDateTime imageCreated;     ///< invalid when unknown
    QString imageId;            ///< the workspace container's image ID; empty when unknown
    QString error;              ///< engine error, empty when the engine answered
};

namespace WorkspaceProbe {
/// Asks \a engine (asynchronously) for the workspace container of compose project \a project
/// (EngineApi::workspaceContainer) and its image; \a done gets the times unless \a context is gone.
void query(EngineClient& engine, const QString& project, QObject* context, std::function<void(const WorkspaceTimes&)> done);
} // namespace WorkspaceProbe
