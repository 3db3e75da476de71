#include "PostureCollector.h"

#include "compose/EnvValues.h"
#include "docker/EngineClient.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QTimer>
#include <QUrl>

PostureCollector::PostureCollector(const Checkout& checkout, EngineClient& engine, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_engine(engine)
{
}

PostureInput PostureCollector::checkoutInput(const Checkout& checkout)
{
    PostureInput in;
    const EnvValues env = EnvValues::load(checkout.envFile());
    for (const QString& key : env.keys())
        in.env.insert(key, env.value(key));
    in.envModified = QFileInfo(checkout.envFile()).lastModified();
    in.aptAllowlistModified = QFileInfo(checkout.aptAllowlistFile()).lastModified();
    in.portAllowlistModified = QFileInfo(checkout.portAllowlistFile()).lastModified();
    QString profile = env.value(QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("config/seccomp-workspace.json"));
    if (profile != QLatin1String("unconfined")) {
        QFile f(QFileInfo(profile).isAbsolute() ? profile : checkout.path(profile));
        if (f.open(QIODevice::ReadOnly) && f.size() < 4 * 1024 * 1024)
            in.seccompProfileJson = QString::fromUtf8(f.readAll());
    }
    return in;
}

void PostureCollector::run(std::function<void(const Outcome&)> done)
{
    PostureInput input = checkoutInput(m_checkout);
    input.engineSocketPath = m_engine.endpoint().socketPath;
    m_engine.request("GET", EngineClient::projectContainersPath(m_checkout.composeProjectName()), {},
                     [this, input, done](const EngineReply& list) mutable {
        if (!list.ok()) {
            done({{}, list.describe(), list.status == 0});
            return;
        }
        QString id;
        for (const QJsonValue& v : list.json().array()) {
            const QJsonObject c = v.toObject();
            const QJsonObject labels = c.value(QLatin1String("Labels")).toObject();
            if (labels.value(QLatin1String("com.docker.compose.service")).toString() == QLatin1String("workspace")
                && labels.value(QLatin1String("com.docker.compose.oneoff")).toString() != QLatin1String("True")) {
                id = c.value(QLatin1String("Id")).toString();
                if (c.value(QLatin1String("State")).toString() == QLatin1String("running"))
                    break;
            }
        }
        if (id.isEmpty()) {
            done({{}, tr("no workspace container in compose project %1: start the sandbox first").arg(m_checkout.composeProjectName()), false});
            return;
        }
        m_engine.request("GET", QStringLiteral("/containers/%1/json").arg(id), {},
                         [this, input, done](const EngineReply& inspect) mutable {
            if (!inspect.ok()) {
                done({{}, inspect.describe(), inspect.status == 0});
                return;
            }
            input.container = inspect.json().object();
            const QStringList networks = input.container.value(QLatin1String("NetworkSettings")).toObject()
                                             .value(QLatin1String("Networks")).toObject().keys();
            inspectNetworks(input, networks, done);
        });
    });
}

void PostureCollector::inspectNetworks(PostureInput input, QStringList pending, std::function<void(const Outcome&)> done)
{
    if (pending.isEmpty()) {
        done({PostureAudit::evaluate(input), {}, false});
        return;
    }
    const QString name = pending.takeFirst();
    m_engine.request("GET", QStringLiteral("/networks/%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(name))), {},
                     [this, input, pending, name, done](const EngineReply& reply) mutable {
        if (reply.ok())
            input.networks.insert(name, reply.json().object());
        inspectNetworks(input, pending, done);
    });
}

PostureCollector::Outcome PostureCollector::runBlocking(int timeoutMs)
{
    QEventLoop loop;
    Outcome outcome{{}, tr("timed out after %1 ms").arg(timeoutMs), false};
    bool finished = false;
    run([&](const Outcome& o) {
        outcome = o;
        finished = true;
        loop.quit();
    });
    if (!finished) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    return outcome;
}
