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

namespace {
/// `ollama list` in the container itself (ContainerExec): its first column, without the header.
void listByExec(EngineClient& engine, const ProjectContainer& llm, QObject* context, int timeoutMs, OllamaListing listing,
                std::function<void(const OllamaListing&)> done)
{
    listing.where = QStringLiteral("ollama list in %1").arg(llm.name);
    ExecOptions options;
    options.timeoutMs = timeoutMs;
    ContainerExec::run(
        engine, llm.id, {QStringLiteral("ollama"), QStringLiteral("list")}, context,
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
}
} // namespace

void ollamaList(EngineClient& engine, QNetworkAccessManager* nam, const QString& project, QObject* context, int timeoutMs,
                std::function<void(const OllamaListing&)> done)
{
    QPointer<EngineClient> client(&engine);
    QPointer<QNetworkAccessManager> guardedNam(nam);
    EngineApi::projectContainers(
        engine, project, context, [client, guardedNam, context, timeoutMs, done](const EngineReply& r, const QList<ProjectContainer>& all) {
            OllamaListing listing;
            const ProjectContainer llm = EngineApi::serviceOf(all, QStringLiteral("llm-backend"));
            if (!r.ok() || !llm.running() || !client) {
                listing.error = !r.ok() ? r.describe() : QStringLiteral("no running llm-backend container");
                done(listing);
                return;
            }
            listing.container = llm.name;
            // `ollama list` is GET /api/tags of the server: asked directly on the port the container
            // publishes on loopback (no process in the container, ~1 ms); else by exec.
            const int port = llm.loopbackPort(11434);
            if (port == 0 || !guardedNam) {
                listByExec(*client, llm, context, timeoutMs, listing, done);
                return;
            }
            listing.where = QStringLiteral("ollama /api/tags of %1 at 127.0.0.1:%2").arg(llm.name).arg(port);
            QNetworkRequest request{QUrl(QStringLiteral("http://127.0.0.1:%1/api/tags").arg(port))};
            request.setTransferTimeout(timeoutMs);
            QNetworkReply* reply = guardedNam->get(request);
            QObject::connect(reply, &QNetworkReply::finished, context, [reply, client, llm, context, timeoutMs, listing, done]() mutable {
                reply->deleteLater();
                const QJsonObject tags = QJsonDocument::fromJson(reply->readAll()).object();
                if (reply->error() != QNetworkReply::NoError || !tags.value(QStringLiteral("models")).isArray()) {
                    if (client) // the server's own CLI says why
                        listByExec(*client, llm, context, timeoutMs, listing, done);
                    else
                        done(listing);
                    return;
                }
                listing.answered = true;
                for (const QJsonValue& m : tags.value(QStringLiteral("models")).toArray())
                    listing.models << m.toObject().value(QStringLiteral("name")).toString();
                done(listing);
            });
        });
}

namespace {
void checkOllama(QObject* context, QNetworkAccessManager* nam, EngineClient* engine, ModelServerStatus status, const QString& project, int timeoutMs,
                 std::function<void(ModelServerStatus)> done)
{
    status.where = QStringLiteral("ollama list in llm-backend");
    if (!engine) {
        status.detail = QStringLiteral("no Engine API connection to ask the llm-backend container");
        done(status);
        return;
    }
    ollamaList(*engine, nam, project, context, timeoutMs, [status, done](const OllamaListing& listing) mutable {
        if (!listing.where.isEmpty())
            status.where = listing.where;
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
        checkOllama(context, nam, engine, status, project, timeoutMs, std::move(done));
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
