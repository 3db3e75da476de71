#include "PostureCollector.h"

#include "core/docker/EngineApi.h"
#include "core/docker/EngineTime.h"
#include "core/settings/EnvValues.h"

#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

namespace {
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

QByteArray readSmall(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly) || f.size() > kMaxFileBytes)
        return {};
    return f.read(kMaxFileBytes);
}

QString containerName(const QJsonObject& c)
{
    const QString n = c.value(QLatin1String("Name")).toString();
    return n.startsWith(QLatin1Char('/')) ? n.mid(1) : n;
}
} // namespace

PostureCollector::PostureCollector(const Checkout& checkout, EngineClient& engine, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_engine(engine)
{
}

PostureInput PostureCollector::checkoutInput(const Checkout& checkout)
{
    PostureInput in;
    in.checkoutDir = checkout.root();
    const EnvValues env = EnvValues::load(checkout.envFile()); // one .env parser: settings/EnvFile
    for (const QString& key : env.keys())
        in.env.insert(key, env.value(key));
    in.composeDefaults = PostureAudit::composeDefaults(readSmall(checkout.composeFile()));
    in.envModified = EngineTime::fileModified(checkout.envFile());
    in.aptAllowlistModified = EngineTime::fileModified(checkout.aptAllowlistFile());
    in.portAllowlistModified = EngineTime::fileModified(checkout.portAllowlistFile());
    QString profile = env.value(QStringLiteral("SECCOMP_PROFILE"), in.composeDefaults.value(QStringLiteral("SECCOMP_PROFILE")));
    if (!profile.isEmpty() && profile != QLatin1String("unconfined"))
        in.seccompProfileJson = QString::fromUtf8(readSmall(QFileInfo(profile).isAbsolute() ? profile : checkout.path(profile)));
    return in;
}

void PostureCollector::run(std::function<void(const Outcome&)> done)
{
    PostureInput input = checkoutInput(m_checkout);
    if (m_engine.endpoint().kind == EngineEndpoint::Kind::Unix)
        input.engineSocketPath = m_engine.endpoint().socketPath;
    const QString project = m_checkout.composeProjectName();
    EngineApi::workspaceContainer(m_engine, project, this, [this, input, project, done](const EngineReply& list, const ProjectContainer& workspace) mutable {
        if (!list.ok()) {
            done({{}, list.describe(), list.status == 0, {}, {}});
            return;
        }
        if (workspace.id.isEmpty()) {
            done({{}, tr("no workspace container in compose project %1: start the sandbox, then audit").arg(project), false, {}, {}});
            return;
        }
        EngineApi::inspectContainer(m_engine, workspace.id, this, [this, input, done](const EngineReply& inspect, const QJsonObject& container) mutable {
            if (!inspect.ok()) {
                done({{}, inspect.describe(), inspect.status == 0, {}, {}});
                return;
            }
            input.container = container;
            const QString name = containerName(input.container);
            const QJsonObject state = input.container.value(QLatin1String("State")).toObject();
            if (!state.value(QLatin1String("Running")).toBool()) {
                // The posture of a stopped container is not in force; auditing its configuration
                // would report ports and networks it does not have right now.
                done({{},
                      tr("the workspace container %1 is not running (%2): start the sandbox, then audit")
                          .arg(name, state.value(QLatin1String("Status")).toString()),
                      false,
                      name,
                      {}});
                return;
            }
            const QStringList networks = input.container.value(QLatin1String("NetworkSettings")).toObject().value(QLatin1String("Networks")).toObject().keys();
            inspectNetworks(input, networks, name, done);
        });
    });
}

void PostureCollector::inspectNetworks(PostureInput input, QStringList pending, QString name, std::function<void(const Outcome&)> done)
{
    if (pending.isEmpty()) {
        done({PostureAudit::evaluate(input), {}, false, name, RunningPosture::of(input)});
        return;
    }
    const QString network = pending.takeFirst();
    EngineApi::inspectNetwork(m_engine, network, this,
                              [this, input, pending, name, network, done](const EngineReply& reply, const QJsonObject& inspect) mutable {
                                  if (reply.ok()) // a network that cannot be inspected leaves egress unknown
                                      input.networks.insert(network, inspect);
                                  inspectNetworks(input, pending, name, done);
                              });
}

PostureCollector::Outcome PostureCollector::runBlocking(int timeoutMs)
{
    // The callback may outlive this frame (timeout): it only touches shared state.
    auto result = std::make_shared<std::optional<Outcome>>();
    QEventLoop loop;
    QPointer<QEventLoop> guard(&loop);
    run([result, guard](const Outcome& o) {
        *result = o;
        if (guard)
            guard->quit();
    });
    if (!result->has_value()) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (result->has_value())
        return **result;
    return {{}, tr("the engine did not answer within %1 s").arg(timeoutMs / 1000), true, {}, {}};
}
