#pragma once

#include "core/compose/ComposeModel.h"
#include "core/docker/EngineApi.h"

#include <QJsonObject>

#include <functional>

/// Moves the workspace onto the project's internal network and proves, through the Engine API,
/// that every network it is attached to has Internal=true (SANDBOX.md "egress"). Callbacks are
/// dropped when \a context (the job) is gone.
namespace RestrictedNetwork {
using Log = std::function<void(const QString& line)>;
using Done = std::function<void(bool ok, const QString& error)>;

struct Request {
    QString project; ///< compose project name (label com.docker.compose.project)
    QString workspaceService = QStringLiteral("workspace");
    /// Running services also attached to the internal network (keeps the local model reachable).
    QStringList companionServices = {QStringLiteral("llm-backend")};
    ComposeModel::Network target; ///< the internal network (created when compose did not)
    QString composeVersion;
    /// The containers were created and not started yet (`up --no-start`): they are moved before
    /// their first start, so the workspace never runs on a network with egress.
    bool beforeStart = false;
};

/// Creates the internal network when missing (with compose labels), connects the workspace (and
/// running companions) to it, disconnects the workspace from every other network, then verify().
void apply(EngineClient& engine, QObject* context, const Request& request, const Log& log, const Done& done);
/// Fails unless every network the running (with \a created: or created, not yet started)
/// workspace container is on has Internal=true.
void verify(EngineClient& engine, QObject* context, const QString& project, const QString& service, const Log& log, const Done& done, bool created = false);
/// Starts the project's created (never started) containers through the Engine API, the
/// workspace last. Not `compose start`: compose v1 connects every network of the compose file
/// again before it starts a container, undoing the move.
void startCreated(EngineClient& engine, QObject* context, const QString& project, const QString& workspaceService, const Log& log, const Done& done);
/// The Engine API's inspect of the project's running \a service container (empty object: none).
void inspectService(EngineClient& engine, QObject* context, const QString& project, const QString& service,
                    std::function<void(bool ok, const QString& error, const QJsonObject& inspect)> done);
/// True when the inspected container publishes \a port/tcp on the host (Docker publishes no port
/// for a container that is only on internal networks).
bool publishesHostPort(const QJsonObject& inspect, int port);
/// Removes networks labelled with \a project that no container uses any more (after `down`).
void removeLeftoverNetworks(EngineClient& engine, QObject* context, const QString& project, const Log& log, const Done& done);
} // namespace RestrictedNetwork
