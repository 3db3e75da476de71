#pragma once

#include "core/docker/EngineClient.h"
#include "core/docker/ServiceState.h"

#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <functional>

/// A container of a compose project, as listed by GET /containers/json.
struct ProjectContainer {
    QString id;
    QString name;        ///< without the leading '/'
    QString service;     ///< com.docker.compose.service
    QString state;       ///< "running", "exited", ...
    bool oneOff = false; ///< a `compose run` container
    QDateTime created;   ///< the list's Created: whole seconds, to order containers only (inspect for times)
    QString imageId;
    QHash<QString, QString> networks; ///< network name -> network id
    QList<PublishedPort> ports;       ///< published ports (the list's Ports)
    bool running() const { return state == QLatin1String("running"); }
    /// The host port publishing \a containerPort/tcp on a loopback address; 0 when none.
    int loopbackPort(int containerPort) const;
};

/// Typed asynchronous Engine API calls: the only place outside core/docker's streams that spells
/// the API's paths. Every callback is dropped when \a context is destroyed first.
namespace EngineApi {
template<typename T> using Done = std::function<void(const EngineReply& reply, const T& value)>;

/// The project's containers (label com.docker.compose.project), stopped ones too.
void projectContainers(EngineClient& engine, const QString& project, QObject* context, Done<QList<ProjectContainer>> done);
/// The project's workspace container: service "workspace", not a one-off run, a running one
/// first, else the newest. An empty id when there is none (the reply is still ok()).
void workspaceContainer(EngineClient& engine, const QString& project, QObject* context, Done<ProjectContainer> done);
void inspectContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done);
/// DELETE /containers/{id}?force=1 (a running one is killed first); the value is ok().
void removeContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<bool> done);
/// POST /containers/{id}/start (304, already running, counts as done).
void startContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<bool> done);
void inspectNetwork(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done);
void inspectImage(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done);
/// GET /containers/json: the running containers (with their Ports and Labels).
void runningContainers(EngineClient& engine, QObject* context, Done<QJsonArray> done);
/// The last \a tail lines of a container's stdout and stderr (demultiplexed unless \a tty).
void containerLogs(EngineClient& engine, const QString& idOrName, int tail, bool tty, QObject* context, Done<QStringList> done);
/// The payload of the engine's multiplexed log stream (8-byte frame headers removed).
QByteArray demultiplex(const QByteArray& stream);
/// GET /info.
void info(EngineClient& engine, QObject* context, Done<QJsonObject> done);
/// Networks whose name contains \a name (the engine's filter matches substrings).
void networksNamed(EngineClient& engine, const QString& name, QObject* context, Done<QJsonArray> done);
/// Networks labelled com.docker.compose.project=\a project.
void projectNetworks(EngineClient& engine, const QString& project, QObject* context, Done<QJsonArray> done);
/// POST /networks/create with \a config; the value is the new network's id.
void createNetwork(EngineClient& engine, const QJsonObject& config, QObject* context, Done<QString> done);
void connectNetwork(EngineClient& engine, const QString& network, const QJsonObject& config, QObject* context, Done<bool> done);
void disconnectNetwork(EngineClient& engine, const QString& network, const QJsonObject& config, QObject* context, Done<bool> done);
void removeNetwork(EngineClient& engine, const QString& network, QObject* context, Done<bool> done);

/// The container of \a service among \a containers: not a one-off run, a running one first,
/// else the newest; empty id when none.
ProjectContainer serviceOf(const QList<ProjectContainer>& containers, const QString& service);
/// Reads one entry of GET /containers/json.
ProjectContainer containerFromSummary(const QJsonObject& summary);
} // namespace EngineApi
