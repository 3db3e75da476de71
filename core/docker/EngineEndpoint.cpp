#include "EngineEndpoint.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

#include <spdlog/spdlog.h>

namespace {
QJsonObject readJsonObject(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > 1024 * 1024)
        return {};
    return QJsonDocument::fromJson(f.readAll()).object();
}
} // namespace

std::optional<EngineEndpoint> EngineEndpoint::parse(const QString& dockerHost, QString* error)
{
    auto bad = [error](const QString& msg) -> std::optional<EngineEndpoint> {
        if (error)
            *error = msg;
        return std::nullopt;
    };
    const QString h = dockerHost.trimmed();
    EngineEndpoint e;
    if (h.startsWith(QLatin1String("unix://"))) {
        e.kind = Kind::Unix;
        e.socketPath = h.mid(7);
        if (e.socketPath.isEmpty() || !e.socketPath.startsWith(QLatin1Char('/')))
            return bad(QStringLiteral("DOCKER_HOST %1: the socket path must be absolute").arg(h));
        return e;
    }
    if (h.startsWith(QLatin1String("tcp://")) || h.startsWith(QLatin1String("http://"))) {
        const QUrl url(h.startsWith(QLatin1String("tcp://")) ? QStringLiteral("http://") + h.mid(6) : h);
        if (!url.isValid() || url.host().isEmpty())
            return bad(QStringLiteral("DOCKER_HOST %1: not a valid host").arg(h));
        e.kind = Kind::Tcp;
        e.host = url.host();
        const int port = url.port(2375);
        if (port <= 0 || port > 65535)
            return bad(QStringLiteral("DOCKER_HOST %1: invalid port").arg(h));
        e.port = quint16(port);
        return e;
    }
    if (h.startsWith(QLatin1String("https://")))
        return bad(QStringLiteral("DOCKER_HOST %1: TLS endpoints are not supported").arg(h));
    if (h.startsWith(QLatin1String("ssh://")))
        return bad(QStringLiteral("DOCKER_HOST %1: ssh:// endpoints are not supported; forward the socket instead").arg(h));
    if (h.startsWith(QLatin1String("npipe://"))) {
#ifdef Q_OS_WIN
        // npipe:////./pipe/docker_engine -> \\.\pipe\docker_engine (QLocalSocket takes the full name)
        e.socketPath = h.mid(8).replace(QLatin1Char('/'), QLatin1Char('\\'));
        if (!e.socketPath.startsWith(QLatin1String("\\\\.\\pipe\\")))
            return bad(QStringLiteral("DOCKER_HOST %1: expected npipe:////./pipe/NAME").arg(h));
        return e;
#else
        return bad(QStringLiteral("DOCKER_HOST %1: named pipes exist only on Windows").arg(h));
#endif
    }
    return bad(QStringLiteral("DOCKER_HOST '%1': expected unix:///path or tcp://host:port").arg(h));
}

std::optional<EngineEndpoint> EngineEndpoint::fromContext(const QString& configDir, const QString& name, QString* error)
{
    if (name.isEmpty() || name == QLatin1String("default"))
        return std::nullopt;
    const QByteArray hash = QCryptographicHash::hash(name.toUtf8(), QCryptographicHash::Sha256).toHex();
    const QString metaPath = QDir(configDir).filePath(QStringLiteral("contexts/meta/%1/meta.json").arg(QString::fromLatin1(hash)));
    const QJsonObject meta = readJsonObject(metaPath);
    const QString host = meta.value(QStringLiteral("Endpoints")).toObject().value(QStringLiteral("docker")).toObject().value(QStringLiteral("Host")).toString();
    if (host.isEmpty()) {
        if (error)
            *error = QStringLiteral("docker context '%1' has no readable endpoint in %2 (use DOCKER_CONTEXT=default "
                                    "or `docker context use default`)")
                         .arg(name, metaPath);
        return std::nullopt;
    }
    QString why;
    auto e = parse(host, &why);
    if (!e && error)
        *error = QStringLiteral("docker context '%1': %2").arg(name, why);
    return e;
}

EngineEndpoint EngineEndpoint::fromEnvironment()
{
    const QString dockerHost = qEnvironmentVariable("DOCKER_HOST");
    if (!dockerHost.isEmpty()) {
        QString error;
        if (auto e = parse(dockerHost, &error))
            return *e;
        spdlog::warn("{}", error.toStdString());
        EngineEndpoint unusable;
        unusable.error = error;
        return unusable;
    }
    QString configDir = qEnvironmentVariable("DOCKER_CONFIG");
    if (configDir.isEmpty())
        configDir = QDir::home().filePath(QStringLiteral(".docker"));
    QString context = qEnvironmentVariable("DOCKER_CONTEXT");
    if (context.isEmpty())
        context = readJsonObject(QDir(configDir).filePath(QStringLiteral("config.json"))).value(QStringLiteral("currentContext")).toString();
    QString error;
    if (auto e = fromContext(configDir, context, &error))
        return *e;
    EngineEndpoint fallback;
    if (!error.isEmpty()) {
        spdlog::warn("{}", error.toStdString());
        fallback.error = error;
    }
    return fallback;
}

QString EngineEndpoint::toString() const
{
    if (kind == Kind::Unix) {
#ifdef Q_OS_WIN
        return QStringLiteral("npipe://") + QString(socketPath).replace(QLatin1Char('\\'), QLatin1Char('/'));
#else
        return QStringLiteral("unix://") + socketPath;
#endif
    }
    return QStringLiteral("tcp://%1:%2").arg(host).arg(port);
}
