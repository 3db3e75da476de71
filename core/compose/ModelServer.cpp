#include "ModelServer.h"

#include "core/checkout/ModelProfiles.h"
#include "core/docker/ContainerExec.h"
#include "core/docker/EngineApi.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>

#include <memory>

QString ModelServerStatus::summary() const
{
    if (!answered)
        return QStringLiteral("model server (%1) %2: does not answer: %3").arg(source, where, detail);
    if (model.isEmpty())
        return QStringLiteral("model server (%1) %2: answers (no model configured)").arg(source, where);
    return QStringLiteral("model server (%1) %2: answers, %3 %4")
        .arg(source, where, listsModel ? QStringLiteral("lists") : QStringLiteral("does NOT list"), model);
}

namespace ModelServer {

QString expectedModel(const EnvValues& env, const QString& checkoutRoot)
{
    const QString profile = env.value(QStringLiteral("MODEL_PROFILE"));
    if (!profile.isEmpty()) {
        for (const ModelProfile& p : ModelProfiles::list(checkoutRoot)) {
            if (p.name == profile && !p.model.isEmpty())
                return p.model;
        }
    }
    return env.llmModel();
}

QString modelsUrl(const EnvValues& env)
{
    return QStringLiteral("http://%1:%2/v1/models").arg(env.value(QStringLiteral("LLM_HOST"), QStringLiteral("localhost"))).arg(env.llmPort());
}

void ollamaList(EngineClient& engine, const QString& project, QObject* context, int timeoutMs, std::function<void(const OllamaListing&)> done)
{
    QPointer<EngineClient> client(&engine);
    EngineApi::projectContainers(engine, project, context, [client, context, timeoutMs, done](const EngineReply& r, const QList<ProjectContainer>& all) {
        OllamaListing listing;
        const ProjectContainer llm = EngineApi::serviceOf(all, QStringLiteral("llm-backend"));
        if (!r.ok() || !llm.running() || !client) {
            listing.error = !r.ok() ? r.describe() : QStringLiteral("no running llm-backend container");
            done(listing);
            return;
        }
        listing.container = llm.name;
        ExecOptions options;
        options.timeoutMs = timeoutMs;
        ContainerExec::run(
            *client, llm.id, {QStringLiteral("ollama"), QStringLiteral("list")}, context,
            [listing, done](const ExecResult& ran) mutable {
                listing.answered = ran.ok();
                if (!ran.ok()) {
                    listing.error = ran.describe().left(300);
                } else {
                    static const QRegularExpression space(QStringLiteral("\\s+"));
                    for (const QString& line : QString::fromUtf8(ran.out).split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(1))
                        listing.models << line.section(space, 0, 0);
                }
                done(listing);
            },
            options);
    });
}

namespace {
void checkOllama(QObject* context, EngineClient* engine, ModelServerStatus status, const QString& project, int timeoutMs,
                 std::function<void(ModelServerStatus)> done)
{
    status.where = QStringLiteral("ollama list in llm-backend");
    if (!engine) {
        status.detail = QStringLiteral("no Engine API connection to ask the llm-backend container");
        done(status);
        return;
    }
    ollamaList(*engine, project, context, timeoutMs, [status, done](const OllamaListing& listing) mutable {
        if (!listing.container.isEmpty())
            status.where = QStringLiteral("ollama list in %1").arg(listing.container);
        status.answered = listing.answered;
        status.detail = listing.error;
        status.models = listing.models;
        status.listsModel = status.models.contains(status.model);
        done(status);
    });
}
} // namespace

void check(QObject* context, QNetworkAccessManager* nam, EngineClient* engine, const EnvValues& env, const QString& checkoutRoot, const QString& project,
           int timeoutMs, std::function<void(ModelServerStatus)> done)
{
    ModelServerStatus status;
    status.source = env.llmSource();
    status.model = expectedModel(env, checkoutRoot);
    if (status.source == QLatin1String("ollama_docker")) {
        checkOllama(context, engine, status, project, timeoutMs, std::move(done));
        return;
    }
    status.where = modelsUrl(env);
    QNetworkRequest request{QUrl(status.where)};
    request.setTransferTimeout(timeoutMs);
    const QString key = env.value(QStringLiteral("LM_STUDIO_API_KEY"));
    if (!key.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
    QNetworkReply* reply = nam->get(request);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, status, done]() mutable {
        reply->deleteLater();
        if (reply->error() != QNetworkReply::NoError) {
            status.detail = reply->errorString();
            done(status);
            return;
        }
        status.answered = true;
        for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("data")).toArray())
            status.models << v.toObject().value(QStringLiteral("id")).toString();
        status.listsModel = status.models.contains(status.model);
        done(status);
    });
}

} // namespace ModelServer
