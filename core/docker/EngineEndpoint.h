#pragma once

#include <QString>

#include <optional>

/// Where the Docker engine listens: a Unix socket or a tcp:// host.
struct EngineEndpoint {
    enum class Kind { Unix, Tcp }; ///< Unix: a local socket (a named pipe on Windows), via QLocalSocket
    Kind kind = Kind::Unix;
#ifdef Q_OS_WIN
    QString socketPath = QStringLiteral("\\\\.\\pipe\\docker_engine"); ///< named pipe
#else
    QString socketPath = QStringLiteral("/var/run/docker.sock"); ///< Unix socket
#endif
    QString host;     ///< Tcp
    quint16 port = 0; ///< Tcp
    /// Non-empty when DOCKER_HOST or the current docker context names an endpoint that cannot be
    /// used (ssh://, a broken context, ...): every request then fails with this message instead
    /// of silently talking to another engine (the docker CLI refuses too).
    QString error;

    /// DOCKER_HOST, else the current docker context (~/.docker/config.json currentContext and
    /// ~/.docker/contexts/meta/<sha256(name)>/meta.json Endpoints.docker.Host), else
    /// /var/run/docker.sock. DOCKER_CONTEXT and DOCKER_CONFIG are honoured like the docker CLI.
    /// An unusable DOCKER_HOST or context gives an endpoint with error() set.
    static EngineEndpoint fromEnvironment();
    /// Parses "unix:///path", "tcp://host[:port]" (default 2375), "http://host[:port]" or, on
    /// Windows, "npipe:////./pipe/NAME".
    /// Other schemes (ssh://, npipe:// on Unix) are refused with a message in *error.
    static std::optional<EngineEndpoint> parse(const QString& dockerHost, QString* error = nullptr);
    /// The endpoint of context \a name under docker config dir \a configDir, or nullopt
    /// ("default" or an unreadable context).
    static std::optional<EngineEndpoint> fromContext(const QString& configDir, const QString& name, QString* error = nullptr);
    /// True when requests can be attempted (error is empty).
    bool isUsable() const
    {
        return error.isEmpty();
    }
    /// "unix:///var/run/docker.sock" or "tcp://host:port".
    QString toString() const;
};
