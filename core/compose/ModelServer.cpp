#include "ModelServer.h"

#include "core/compose/AsyncProcess.h"
#include "core/checkout/ModelProfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRegularExpression>

#include <memory>

QString ModelServerStatus::summary() const
{
    if (!answered)
        return QStringLiteral("model server (%1) %2: does not answer: %3").arg(source, where, detail);
    if (model.isEmpty())
        return QStringLiteral("model server (%1) %2: answers (no model configured)").arg(source, where);
    return QStringLiteral("model server (%1) %2: answers, %3 %4").arg(source, where, listsModel ? QStringLiteral("lists") : QStringLiteral("does NOT list"), model);
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
void checkOllama(QObject* context, ModelServerStatus status, const QString& project, const QProcessEnvironment& processEnv,
                 int timeoutMs, std::function<void(ModelServerStatus)> done)
{
    runAsync(context, QStringLiteral("docker"),
             {QStringLiteral("ps"), QStringLiteral("-q"), QStringLiteral("--filter"), QStringLiteral("label=com.docker.compose.project=%1").arg(project),
              QStringLiteral("--filter"), QStringLiteral("label=com.docker.compose.service=llm-backend")},
             processEnv, timeoutMs, [=](int code, const QString& out) mutable {
                 const QString container = out.section(QLatin1Char('\n'), 0, 0).trimmed();
                 if (code != 0 || container.isEmpty()) {
                     status.where = QStringLiteral("ollama list in llm-backend");
                     status.detail = code != 0 ? out.trimmed().left(300) : QStringLiteral("no running llm-backend container");
                     done(status);
                     return;
                 }
                 status.where = QStringLiteral("ollama list in %1").arg(container.left(12));
                 runAsync(context, QStringLiteral("docker"), {QStringLiteral("exec"), container, QStringLiteral("ollama"), QStringLiteral("list")},
                          processEnv, timeoutMs, [=](int rc, const QString& listing) mutable {
                              status.answered = rc == 0;
                              if (rc != 0) {
                                  status.detail = listing.trimmed().left(300);
                              } else {
                                  for (const QString& line : listing.split(QLatin1Char('\n'), Qt::SkipEmptyParts).mid(1))
                                      status.models << line.section(QRegularExpression(QStringLiteral("\\s+")), 0, 0);
                                  status.listsModel = status.models.contains(status.model);
                              }
                              done(status);
                          });
             });
}
} // namespace

void check(QObject* context, QNetworkAccessManager* nam, const EnvValues& env, const QString& checkoutRoot,
           const QString& project, const QProcessEnvironment& processEnv, int timeoutMs,
           std::function<void(ModelServerStatus)> done)
{
    ModelServerStatus status;
    status.source = env.llmSource();
    status.model = expectedModel(env, checkoutRoot);
    if (status.source == QLatin1String("ollama_docker")) {
        checkOllama(context, status, project, processEnv, timeoutMs, std::move(done));
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
