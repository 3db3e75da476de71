#pragma once

#include "core/docker/EngineEndpoint.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

/// One Engine API reply.
struct EngineReply {
    int status = 0; ///< HTTP status; 0 when no reply
    QByteArray body;
    QString error;                                ///< transport/parse error in plain words ("engine unreachable at ...: ...")
    QList<QPair<QByteArray, QByteArray>> headers; ///< reply headers, as received
    /// First value of header \a name (case-insensitive), or empty.
    QByteArray header(const QByteArray& name) const;
    bool ok() const { return error.isEmpty() && status >= 200 && status < 300; }
    QJsonDocument json() const;
    /// The error, or "engine said 404: No such container: x" for a non-2xx status; empty if ok().
    QString describe() const;
};

class HttpExchange;

/// Docker Engine API client over a Unix socket or TCP (one connection per request). The API
/// version is negotiated once: min(server API version, maxApiVersion()), and every path gets the
/// "/v1.xx" prefix. The server's API version is read the way the docker CLI reads it, from the
/// API-Version header of GET /_ping (about 1 ms; GET /version asks containerd and takes ~30 ms),
/// with the engine version from its Server header; an engine whose ping lacks them is negotiated
/// from GET /version (ApiVersion, MinAPIVersion, Version). Lives in one thread; callbacks run there.
class EngineClient : public QObject {
    Q_OBJECT
public:
    /// The endpoint of DOCKER_HOST / the docker context, resolved on first use (constructing
    /// reads nothing).
    explicit EngineClient(QObject* parent = nullptr);
    explicit EngineClient(const EngineEndpoint& endpoint, QObject* parent = nullptr);
    ~EngineClient() override;

    const EngineEndpoint& endpoint() const;
    /// Highest API version this client speaks ("1.43").
    static QString maxApiVersion();
    /// The negotiated version ("1.41"), empty until negotiated.
    QString apiVersion() const { return m_apiVersion; }
    /// The engine's version ("20.10.24+dfsg1") learnt while negotiating; empty until then.
    QString serverVersion() const { return m_serverVersion; }
    /// "/v1.41", empty until negotiated.
    QString apiPrefix() const;

    /// Asynchronous request; `done` runs on this object's thread. Path without version prefix,
    /// e.g. "/containers/json?all=1"; the negotiated "/v1.xx" prefix is added.
    void request(const QByteArray& method, const QString& path, const QByteArray& jsonBody, std::function<void(const EngineReply&)> done,
                 int timeoutMs = 15000);
    /// The same, but \a done is dropped when \a context is destroyed before the reply arrives
    /// (a null \a context guards nothing).
    void request(const QByteArray& method, const QString& path, const QByteArray& jsonBody, QObject* context, std::function<void(const EngineReply&)> done,
                 int timeoutMs = 15000);
    /// Blocking convenience (local event loop) for the CLI and tests. Never on the GUI thread.
    EngineReply call(const QByteArray& method, const QString& path, const QByteArray& jsonBody = {}, int timeoutMs = 15000);
    /// GET /version (negotiating the API version first when needed).
    EngineReply version();
    /// GET /_ping, blocking: does the engine answer?
    EngineReply ping();

    /// Runs \a done once the API version is negotiated (immediately when it already is); with an
    /// error message when /version could not be had. Streams use this before they connect.
    void negotiate(std::function<void(const QString& error)> done, int timeoutMs = 15000);
    /// Forgets the negotiated version (the engine went away; it may come back as another one).
    void resetNegotiation();

    /// Opens a streaming request (negotiation must be done): \a path gets the version prefix.
    /// The caller owns the returned exchange (parented to \a parent) and connects its signals
    /// before control returns to the event loop. A GET unless \a method says otherwise (an exec's
    /// POST /exec/{id}/start with \a jsonBody).
    HttpExchange* openStream(const QString& path, QObject* parent, int connectTimeoutMs = 10000, const QByteArray& method = "GET",
                             const QByteArray& jsonBody = {});

    /// Containers (all=1) of a compose project (label com.docker.compose.project=NAME).
    EngineReply listProjectContainers(const QString& project);
    EngineReply inspectContainer(const QString& idOrName);
    EngineReply inspectNetwork(const QString& idOrName);
    /// GET /images/json.
    EngineReply listImages();
    /// GET /info.
    EngineReply info();

    /// The query path listing a project's containers (all=1, label filter).
    static QString projectContainersPath(const QString& project);
    /// URL-encoded JSON `filters` value, e.g. {"label":["a=b"],"type":["container"]}.
    static QString filtersQuery(const QList<QPair<QString, QStringList>>& filters);

private:
    void send(const QByteArray& method, const QString& target, const QByteArray& body, std::function<void(const EngineReply&)> done, int timeoutMs);
    void negotiateFromVersion(int timeoutMs);
    void finishNegotiation(const QString& error);

    mutable std::optional<EngineEndpoint> m_endpoint; ///< resolved by endpoint()
    QString m_apiVersion;
    QString m_serverVersion;
    bool m_negotiating = false;
    std::vector<std::function<void(const QString&)>> m_waiting;
};
