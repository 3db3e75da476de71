// The start steps that wait, probe and restrict (Lifecycle's helpers).
#include "Lifecycle.h"

#include "compose/AsyncProcess.h"
#include "compose/RestrictedNetwork.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace {
/// Calls \a attempt until it reports success or \a deadline passes (then \a onTimeout).
void retryUntil(QObject* context, QDeadlineTimer deadline, int intervalMs,
                std::function<void(std::function<void(bool)>)> attempt, std::function<void()> onSuccess,
                std::function<void()> onTimeout)
{
    auto loop = std::make_shared<std::function<void()>>();
    QPointer<QObject> guard(context);
    *loop = [=]() {
        attempt([=](bool ok) {
            if (!guard) {
                *loop = nullptr;
                return;
            }
            if (ok) {
                onSuccess();
                *loop = nullptr;
            } else if (deadline.hasExpired()) {
                onTimeout();
                *loop = nullptr;
            } else {
                QTimer::singleShot(intervalMs, guard, [loop]() {
                    if (*loop)
                        (*loop)();
                });
            }
        });
    };
    (*loop)();
}
} // namespace

void Lifecycle::addOllamaWait(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (ctx->env.value(QStringLiteral("LLM_SOURCE")) != QLatin1String("ollama_docker") || ctx->mode == QLatin1String("conductor")) {
            done(true, {});
            return;
        }
        j.setPhase(JobPhase::WaitingHealthy);
        j.info(QStringLiteral("waiting for the Ollama container to answer `ollama list`"));
        const QProcessEnvironment env = environment(ctx);
        const QString model = ctx->env.value(QStringLiteral("OLLAMA_MODEL"));
        auto container = std::make_shared<QString>();
        auto listing = std::make_shared<QString>();
        auto attempt = [&j, ctx, env, container, listing](std::function<void(bool)> result) {
            runAsync(&j, QStringLiteral("docker"),
                     {QStringLiteral("ps"), QStringLiteral("-q"), QStringLiteral("--filter"),
                      QStringLiteral("label=com.docker.compose.project=%1").arg(ctx->project), QStringLiteral("--filter"),
                      QStringLiteral("label=com.docker.compose.service=llm-backend")},
                     env, 15000, [&j, env, container, listing, result](int code, const QString& out) {
                         *container = out.section(QLatin1Char('\n'), 0, 0).trimmed();
                         if (code != 0 || container->isEmpty()) {
                             result(false);
                             return;
                         }
                         runAsync(&j, QStringLiteral("docker"), {QStringLiteral("exec"), *container, QStringLiteral("ollama"), QStringLiteral("list")},
                                  env, 15000, [listing, result](int rc, const QString& o) {
                                      *listing = o;
                                      result(rc == 0);
                                  });
                     });
        };
        auto onReady = [&j, env, model, container, listing, done]() {
            j.info(QStringLiteral("Ollama answers"));
            const bool present = model.isEmpty()
                || listing->split(QLatin1Char('\n')).mid(1).indexOf(QRegularExpression(QStringLiteral("^%1(\\s.*)?$").arg(QRegularExpression::escape(model)))) >= 0;
            if (present) {
                done(true, {});
                return;
            }
            j.setPhase(JobPhase::Configuring);
            j.info(QStringLiteral("pulling model %1").arg(model));
            runAsync(&j, QStringLiteral("docker"), {QStringLiteral("exec"), *container, QStringLiteral("ollama"), QStringLiteral("pull"), model}, env,
                     3600 * 1000, [&j, model, done](int rc, const QString& o) {
                         for (const QString& l : o.split(QLatin1Char('\n'), Qt::SkipEmptyParts))
                             j.info(l);
                         done(rc == 0, rc == 0 ? QString() : QStringLiteral("pulling %1 failed: %2").arg(model, o.trimmed().right(2000)));
                     });
        };
        retryUntil(&j, QDeadlineTimer(120000), 1000, attempt, onReady,
                   [done]() { done(false, QStringLiteral("timeout: the Ollama container did not answer `ollama list` within 120 s")); });
    });
}

void Lifecycle::addModelProbe(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        const QString source = ctx->env.value(QStringLiteral("LLM_SOURCE"), QStringLiteral("lm_studio"));
        if (source != QLatin1String("lm_studio") && source != QLatin1String("fastflow_amd")) {
            done(true, {});
            return;
        }
        const QString model = ctx->env.value(source == QLatin1String("lm_studio") ? QStringLiteral("LM_STUDIO_MODEL") : QStringLiteral("FASTFLOW_MODEL"));
        const QString port = ctx->env.value(QStringLiteral("LLM_PORT"), source == QLatin1String("lm_studio") ? QStringLiteral("1234") : QStringLiteral("52625"));
        QNetworkRequest request(QUrl(QStringLiteral("http://localhost:%1/v1/models").arg(port)));
        request.setTransferTimeout(5000);
        const QString key = ctx->env.value(QStringLiteral("LM_STUDIO_API_KEY"));
        if (!key.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + key.toUtf8());
        j.info(QStringLiteral("checking that the model server on port %1 serves %2").arg(port, model));
        QNetworkReply* reply = m_nam->get(request);
        connect(reply, &QNetworkReply::finished, &j, [&j, reply, model, port, done]() {
            reply->deleteLater();
            if (reply->error() != QNetworkReply::NoError) {
                j.warn(QStringLiteral("model server http://localhost:%1/v1/models: %2").arg(port, reply->errorString()));
                done(true, {});
                return;
            }
            QStringList ids;
            for (const QJsonValue& v : QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("data")).toArray())
                ids << v.toObject().value(QStringLiteral("id")).toString();
            if (!ids.contains(model))
                j.warn(QStringLiteral("the model server does not serve %1 (it serves: %2)").arg(model, ids.isEmpty() ? QStringLiteral("nothing") : ids.join(QStringLiteral(", "))));
            else
                j.info(QStringLiteral("model %1 is served").arg(model));
            done(true, {});
        });
    });
}

void Lifecycle::addRestrict(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (!ctx->restricted || ctx->mode == QLatin1String("autonomous")) {
            done(true, {});
            return;
        }
        j.setPhase(JobPhase::Configuring);
        j.info(QStringLiteral("restricting egress: moving the workspace to the internal network"));
        if (!m_engine) {
            done(false, QStringLiteral("restricted egress requested but no Engine API connection is available to move and verify the workspace's networks"));
            return;
        }
        const ComposeModel::Network* target = ctx->model.restrictedNetwork();
        if (!target) {
            done(false, QStringLiteral("restricted egress requested but the compose file declares no internal network (internal: true)"));
            return;
        }
        RestrictedNetwork::Request req;
        req.project = ctx->project;
        req.target = *target;
        req.composeVersion = m_tool ? m_tool->version() : QString();
        RestrictedNetwork::apply(m_engine, req, [&j](const QString& l) { j.info(l); }, [&j, done](bool ok, const QString& error) {
            if (ok)
                j.info(QStringLiteral("verified: the workspace is attached only to internal networks"));
            done(ok, error);
        });
    });
}

void Lifecycle::addHealthWait(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (ctx->mode == QLatin1String("autonomous")) {
            done(true, {});
            return;
        }
        j.setPhase(JobPhase::WaitingHealthy);
        const bool conductor = ctx->mode == QLatin1String("conductor");
        const int port = ctx->env.value(conductor ? QStringLiteral("MCP_BRIDGE_PORT") : QStringLiteral("OPENCODE_PORT"),
                                        conductor ? QStringLiteral("8443") : QStringLiteral("3000")).toInt();
        j.info(QStringLiteral("waiting for the %1 endpoint on port %2").arg(ctx->mode).arg(port));
        auto last = std::make_shared<QString>();
        QPointer<QNetworkAccessManager> nam(m_nam);
        auto attempt = [nam, ctx, port, last](std::function<void(bool)> result) {
            if (!nam) {
                result(false);
                return;
            }
            ModeHealth::probeHttp(nam, ctx->mode, port, 2000, [last, result](const ModeHealthReport& r) {
                *last = r.detail;
                result(r.healthy);
            });
        };
        retryUntil(&j, QDeadlineTimer(m_healthTimeoutMs), 500, attempt,
                   [&j, last, done]() {
                       j.info(*last);
                       done(true, {});
                   },
                   [last, done, this]() {
                       done(false, QStringLiteral("timeout: not healthy within %1 s: %2").arg(m_healthTimeoutMs / 1000).arg(*last));
                   });
    });
}
