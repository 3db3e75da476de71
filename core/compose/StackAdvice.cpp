#include "StackAdvice.h"

#include "core/compose/RestrictedNetwork.h"

#include <QJsonArray>

#include <memory>

namespace StackAdvisor {
namespace {
QStringList networksOf(const QJsonObject& inspect)
{
    return inspect.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject().keys();
}

bool anyPublished(const QJsonObject& inspect)
{
    const QJsonObject ports = inspect.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Ports")).toObject();
    for (auto it = ports.begin(); it != ports.end(); ++it) {
        if (!it.value().toArray().isEmpty())
            return true;
    }
    return false;
}

QString envOf(const QJsonObject& inspect, const QString& key, const QString& fallback)
{
    const QString prefix = key + QLatin1Char('=');
    for (const QJsonValue& v : inspect.value(QStringLiteral("Config")).toObject().value(QStringLiteral("Env")).toArray()) {
        if (v.toString().startsWith(prefix))
            return v.toString().mid(prefix.size());
    }
    return fallback;
}
} // namespace

QList<StackAdvice> evaluate(const Facts& facts, const EnvValues& env)
{
    QList<StackAdvice> out;
    if (facts.workspace.isEmpty())
        return out;
    const QStringList wsNets = networksOf(facts.workspace);
    const bool onlyInternal = !wsNets.isEmpty() && std::all_of(wsNets.begin(), wsNets.end(), [&](const QString& n) { return facts.internal.value(n, false); });
    if (!onlyInternal)
        return out;
    const QString source = env.llmSource();
    if (source == QLatin1String("ollama_docker")) {
        const QStringList llmNets = networksOf(facts.modelServer);
        const bool shared = std::any_of(wsNets.begin(), wsNets.end(), [&](const QString& n) { return llmNets.contains(n); });
        if (facts.modelServer.isEmpty())
            out << StackAdvice{StackAdvice::Kind::Warning, QStringLiteral("model-reach"),
                               QStringLiteral("LLM_SOURCE=ollama_docker but no llm-backend container runs: the restricted workspace has no model server")};
        else if (!shared)
            out << StackAdvice{
                StackAdvice::Kind::Warning, QStringLiteral("model-reach"),
                QStringLiteral("the restricted workspace (on %1) shares no network with the model server opencode-llm (on %2): the agent cannot reach "
                               "its model. Connect llm-backend to the internal network (the panel's Start does this) or start with full egress.")
                    .arg(wsNets.join(QStringLiteral(", ")), llmNets.join(QStringLiteral(", ")))};
    } else {
        const QString host = envOf(facts.workspace, QStringLiteral("LLM_HOST"), env.value(QStringLiteral("LLM_HOST"), QStringLiteral("host.docker.internal")));
        out << StackAdvice{StackAdvice::Kind::Warning, QStringLiteral("model-reach"),
                           QStringLiteral("LLM_SOURCE=%1 uses a model server at %2:%3, outside the sandbox, but the restricted workspace is only on internal "
                                          "networks: it has no route out, so the agent cannot reach its model.")
                               .arg(source, host)
                               .arg(env.llmPort())};
    }
    if (!anyPublished(facts.workspace))
        out << StackAdvice{
            StackAdvice::Kind::Note, QStringLiteral("no-host-port"),
            QStringLiteral("no web link: Docker publishes no ports for a container that is only on internal networks, so the OpenCode web UI "
                           "(OPENCODE_PORT) and the MCP bridge are not on the host. Readiness comes from the container's health check. Use the TUI "
                           "(OPENCODE_INTERFACE=tui) or the older method (start with full egress, then move the running workspace to the internal network).")};
    return out;
}

void assess(EngineClient& engine, QObject* context, const QString& project, const EnvValues& env, std::function<void(QList<StackAdvice>)> done)
{
    auto facts = std::make_shared<Facts>();
    RestrictedNetwork::inspectService(engine, context, project, QStringLiteral("workspace"), [=, &engine](bool ok, const QString&, const QJsonObject& ws) {
        if (!ok || ws.isEmpty()) {
            done({});
            return;
        }
        facts->workspace = ws;
        RestrictedNetwork::inspectService(engine, context, project, QStringLiteral("llm-backend"), [=, &engine](bool, const QString&, const QJsonObject& llm) {
            facts->modelServer = llm;
            auto pending = std::make_shared<QStringList>(networksOf(ws));
            auto next = std::make_shared<std::function<void()>>();
            *next = [=, &engine]() {
                if (pending->isEmpty()) {
                    done(evaluate(*facts, env));
                    *next = nullptr;
                    return;
                }
                const QString name = pending->takeFirst();
                EngineApi::inspectNetwork(engine, name, context, [=](const EngineReply& r, const QJsonObject& network) {
                    facts->internal.insert(name, r.ok() && network.value(QStringLiteral("Internal")).toBool());
                    (*next)();
                });
            };
            (*next)();
        });
    });
}

QStringList warningLines(const QList<StackAdvice>& advice)
{
    QStringList out;
    for (const StackAdvice& a : advice) {
        if (a.kind == StackAdvice::Kind::Warning)
            out << QStringLiteral("%1: %2").arg(a.id, a.text);
    }
    return out;
}
} // namespace StackAdvisor
