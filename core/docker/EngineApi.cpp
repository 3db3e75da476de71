#include "EngineApi.h"
#include "core/docker/EngineTime.h"
#include "core/docker/ServiceState.h"

#include <QJsonArray>
#include <QUrl>

namespace EngineApi {
namespace {
QString encoded(const QString& idOrName)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(idOrName));
}

QByteArray body(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

void object(EngineClient& engine, const QString& path, QObject* context, const Done<QJsonObject>& done)
{
    engine.request("GET", path, {}, context, [done](const EngineReply& r) { done(r, r.ok() ? r.json().object() : QJsonObject()); });
}

void array(EngineClient& engine, const QString& path, QObject* context, const Done<QJsonArray>& done)
{
    engine.request("GET", path, {}, context, [done](const EngineReply& r) { done(r, r.ok() ? r.json().array() : QJsonArray()); });
}

void post(EngineClient& engine, const QString& path, const QJsonObject& config, QObject* context, const Done<bool>& done)
{
    engine.request("POST", path, body(config), context, [done](const EngineReply& r) { done(r, r.ok()); });
}
} // namespace

ProjectContainer containerFromSummary(const QJsonObject& o)
{
    const QJsonObject labels = o.value(QStringLiteral("Labels")).toObject();
    ProjectContainer c;
    c.id = o.value(QStringLiteral("Id")).toString();
    c.name = o.value(QStringLiteral("Names")).toArray().first().toString().mid(1);
    c.service = labels.value(QStringLiteral("com.docker.compose.service")).toString();
    c.oneOff = ServiceInfo::isOneOffLabel(labels.value(QStringLiteral("com.docker.compose.oneoff")).toString());
    c.state = o.value(QStringLiteral("State")).toString();
    c.created = EngineTime::parse(o.value(QStringLiteral("Created")));
    c.imageId = o.value(QStringLiteral("ImageID")).toString();
    const QJsonObject nets = o.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
    for (auto it = nets.begin(); it != nets.end(); ++it)
        c.networks.insert(it.key(), it.value().toObject().value(QStringLiteral("NetworkID")).toString());
    for (const QJsonValue& v : o.value(QStringLiteral("Ports")).toArray()) {
        const QJsonObject po = v.toObject();
        PublishedPort p;
        p.hostIp = po.value(QStringLiteral("IP")).toString();
        p.hostPort = po.value(QStringLiteral("PublicPort")).toInt();
        p.containerPort = po.value(QStringLiteral("PrivatePort")).toInt();
        p.protocol = po.value(QStringLiteral("Type")).toString();
        if (p.hostPort > 0)
            c.ports.append(p);
    }
    return c;
}

} // namespace EngineApi

int ProjectContainer::loopbackPort(int containerPort) const
{
    for (const PublishedPort& p : ports) {
        if (p.containerPort == containerPort && p.protocol == QLatin1String("tcp") && p.isLoopback())
            return p.hostPort;
    }
    return 0;
}

namespace EngineApi {
ProjectContainer serviceOf(const QList<ProjectContainer>& containers, const QString& service)
{
    ProjectContainer best;
    for (const ProjectContainer& c : containers) {
        if (c.service != service || c.oneOff)
            continue;
        const bool better = best.id.isEmpty() || (c.running() && !best.running()) || (c.running() == best.running() && c.created > best.created);
        if (better)
            best = c;
    }
    return best;
}

void projectContainers(EngineClient& engine, const QString& project, QObject* context, Done<QList<ProjectContainer>> done)
{
    engine.request("GET", EngineClient::projectContainersPath(project), {}, context, [done](const EngineReply& r) {
        QList<ProjectContainer> list;
        if (r.ok()) {
            for (const QJsonValue& v : r.json().array())
                list << containerFromSummary(v.toObject());
        }
        done(r, list);
    });
}

void workspaceContainer(EngineClient& engine, const QString& project, QObject* context, Done<ProjectContainer> done)
{
    projectContainers(engine, project, context,
                      [done](const EngineReply& r, const QList<ProjectContainer>& all) { done(r, serviceOf(all, QStringLiteral("workspace"))); });
}

void inspectContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done)
{
    object(engine, QStringLiteral("/containers/%1/json").arg(encoded(idOrName)), context, done);
}

void removeContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<bool> done)
{
    engine.request(
        "DELETE", QStringLiteral("/containers/%1?force=1").arg(encoded(idOrName)), {}, context, [done](const EngineReply& r) { done(r, r.ok()); }, 30000);
}

void startContainer(EngineClient& engine, const QString& idOrName, QObject* context, Done<bool> done)
{
    engine.request(
        "POST", QStringLiteral("/containers/%1/start").arg(encoded(idOrName)), {}, context,
        [done](const EngineReply& r) { done(r, r.ok() || r.status == 304); }, 60000);
}

void inspectNetwork(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done)
{
    object(engine, QStringLiteral("/networks/%1").arg(encoded(idOrName)), context, done);
}

void inspectImage(EngineClient& engine, const QString& idOrName, QObject* context, Done<QJsonObject> done)
{
    object(engine, QStringLiteral("/images/%1/json").arg(encoded(idOrName)), context, done);
}

void runningContainers(EngineClient& engine, QObject* context, Done<QJsonArray> done)
{
    array(engine, QStringLiteral("/containers/json"), context, done);
}

void containerLogs(EngineClient& engine, const QString& idOrName, int tail, bool tty, QObject* context, Done<QStringList> done)
{
    const QString path = QStringLiteral("/containers/%1/logs?stdout=1&stderr=1&tail=%2").arg(encoded(idOrName)).arg(tail);
    engine.request("GET", path, {}, context, [done, tty](const EngineReply& r) {
        const QByteArray text = r.ok() ? (tty ? r.body : demultiplex(r.body)) : QByteArray();
        QStringList lines;
        for (const QByteArray& l : text.split('\n')) {
            const QString line = QString::fromUtf8(l).trimmed();
            if (!line.isEmpty())
                lines << line;
        }
        done(r, lines);
    });
}

QByteArray demultiplex(const QByteArray& stream)
{
    // Frames of [stream type, 0, 0, 0, size (4 bytes, big endian)] + payload.
    QByteArray out;
    qsizetype at = 0;
    while (at + 8 <= stream.size()) {
        const auto* h = reinterpret_cast<const uchar*>(stream.constData() + at);
        if (h[0] > 2 || h[1] || h[2] || h[3])
            return out + stream.mid(at); // not a multiplexed stream (a TTY's raw output)
        const qsizetype size = (qsizetype(h[4]) << 24) | (qsizetype(h[5]) << 16) | (qsizetype(h[6]) << 8) | qsizetype(h[7]);
        out += stream.mid(at + 8, size);
        at += 8 + size;
    }
    return out;
}

void info(EngineClient& engine, QObject* context, Done<QJsonObject> done)
{
    object(engine, QStringLiteral("/info"), context, done);
}

void networksNamed(EngineClient& engine, const QString& name, QObject* context, Done<QJsonArray> done)
{
    array(engine, QStringLiteral("/networks?filters=") + EngineClient::filtersQuery({{QStringLiteral("name"), {name}}}), context, done);
}

void projectNetworks(EngineClient& engine, const QString& project, QObject* context, Done<QJsonArray> done)
{
    array(engine,
          QStringLiteral("/networks?filters=")
              + EngineClient::filtersQuery({{QStringLiteral("label"), {QStringLiteral("com.docker.compose.project=") + project}}}),
          context, done);
}

void createNetwork(EngineClient& engine, const QJsonObject& config, QObject* context, Done<QString> done)
{
    engine.request("POST", QStringLiteral("/networks/create"), body(config), context,
                   [done](const EngineReply& r) { done(r, r.ok() ? r.json().object().value(QStringLiteral("Id")).toString() : QString()); });
}

void connectNetwork(EngineClient& engine, const QString& network, const QJsonObject& config, QObject* context, Done<bool> done)
{
    post(engine, QStringLiteral("/networks/%1/connect").arg(encoded(network)), config, context, done);
}

void disconnectNetwork(EngineClient& engine, const QString& network, const QJsonObject& config, QObject* context, Done<bool> done)
{
    post(engine, QStringLiteral("/networks/%1/disconnect").arg(encoded(network)), config, context, done);
}

void removeNetwork(EngineClient& engine, const QString& network, QObject* context, Done<bool> done)
{
    engine.request("DELETE", QStringLiteral("/networks/%1").arg(encoded(network)), {}, context, [done](const EngineReply& r) { done(r, r.ok()); });
}
} // namespace EngineApi
