// The start steps that wait, probe and restrict (Lifecycle's helpers).
#include "Lifecycle.h"

#include "core/compose/FailureCause.h"
#include "core/compose/ModelServer.h"
#include "core/compose/RestrictedNetwork.h"
#include "core/docker/ContainerExec.h"
#include "core/logging/Logging.h"

#include <QFile>

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace {
/// Calls \a attempt until it reports success or \a deadline passes (then \a onTimeout).
void retryUntil(QObject* context, QDeadlineTimer deadline, int intervalMs, std::function<void(std::function<void(bool)>)> attempt,
                std::function<void()> onSuccess, std::function<void()> onTimeout)
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

/// A workspace that exits by itself never answers: the wait ends (the job's failure analysis
/// then says why, from its exit status and logs).
const QString kExits = QStringLiteral("the workspace is not running: it exits by itself");

/// The end of the "waiting for OpenCode to answer" phase, with its time.
void answered(Job& j)
{
    j.info(QStringLiteral("OpenCode answered after %1 s").arg(jobSeconds(j.phaseElapsedMs())));
}
/// The end of a readiness wait: the workspace answered, or it exits by itself (the cause says which).
std::function<void()> whenReady(Job& j, const std::shared_ptr<QString>& last, const std::shared_ptr<bool>& exits, const Job::Done& done)
{
    return [&j, last, exits, done]() {
        if (*exits) {
            done(false, kExits);
            return;
        }
        j.info(*last);
        answered(j);
        done(true, {});
    };
}
} // namespace

void Lifecycle::addOllamaWait(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (ctx->env.value(QStringLiteral("LLM_SOURCE")) != QLatin1String("ollama_docker") || ctx->mode == OperationMode::Conductor) {
            done(true, {});
            return;
        }
        if (!m_engine) {
            done(false, QStringLiteral("no Engine API connection to ask the Ollama container (`ollama list`)"));
            return;
        }
        j.setPhase(JobPhase::WaitingHealthy);
        j.info(QStringLiteral("waiting for the Ollama container to answer `ollama list`"));
        const QString model = ctx->env.value(QStringLiteral("OLLAMA_MODEL"));
        QPointer<EngineClient> engine = m_engine;
        auto listing = std::make_shared<OllamaListing>();
        QPointer<QNetworkAccessManager> nam(m_nam);
        auto attempt = [&j, ctx, engine, nam, listing](std::function<void(bool)> result) {
            if (!engine) {
                result(false);
                return;
            }
            ModelServer::ollamaList(*engine, nam, ctx->project, &j, 15000, [listing, result](const OllamaListing& l) {
                *listing = l;
                result(l.answered);
            });
        };
        auto onReady = [&j, engine, model, listing, done]() {
            j.info(QStringLiteral("Ollama answers"));
            if (model.isEmpty() || listing->models.contains(model)) {
                done(true, {});
                return;
            }
            if (!engine) {
                done(false, QStringLiteral("the Engine API connection is gone; model %1 was not pulled").arg(model));
                return;
            }
            j.setPhase(JobPhase::Configuring);
            j.info(QStringLiteral("pulling model %1").arg(model));
            // The pull's progress reaches the job log as it comes (Job::output cuts it into lines).
            ExecOptions options;
            options.timeoutMs = 3600 * 1000;
            options.output = [&j](MultiplexedStream::Channel channel, const QByteArray& data) {
                j.output(channel == MultiplexedStream::Channel::Stdout ? Job::Stream::Stdout : Job::Stream::Stderr, data);
            };
            ContainerExec::run(
                *engine, listing->container, {QStringLiteral("ollama"), QStringLiteral("pull"), model}, &j,
                [&j, model, done](const ExecResult& r) {
                    j.output(Job::Stream::Stdout, {}, true);
                    j.output(Job::Stream::Stderr, {}, true);
                    done(r.ok(), r.ok() ? QString() : QStringLiteral("pulling %1 failed: %2").arg(model, r.describe()));
                },
                options);
        };
        retryUntil(&j, QDeadlineTimer(120000), 1000, attempt, onReady, [done, listing]() {
            done(false, QStringLiteral("timeout: the Ollama container did not answer `ollama list` within 120 s: %1").arg(listing->error));
        });
    });
}

void Lifecycle::addModelProbe(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        const QString source = ctx->env.llmSource();
        if (source != QLatin1String("lm_studio") && source != QLatin1String("fastflow_amd")) {
            done(true, {});
            return;
        }
        j.info(QStringLiteral("checking that the model server at %1 serves %2")
                   .arg(ModelServer::modelsUrl(ctx->env), ModelServer::expectedModel(ctx->env, m_checkout.root())));
        ModelServer::check(&j, m_nam, m_engine, ctx->env, m_checkout.root(), ctx->project, 5000, [&j, done](const ModelServerStatus& s) {
            if (!s.answered || !s.listsModel)
                j.warn(s.summary()
                       + (s.answered
                              ? QStringLiteral(" (it serves: %1)").arg(s.models.isEmpty() ? QStringLiteral("nothing") : s.models.join(QStringLiteral(", ")))
                              : QString()));
            else
                j.info(s.summary());
            done(true, {});
        });
    });
}

void Lifecycle::addRestrictPlan(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        ctx->plan.reset();
        if (!ctx->restricted || ctx->mode == OperationMode::Autonomous) {
            done(true, {});
            return;
        }
        QFile f(m_checkout.composeFile());
        if (!f.open(QIODevice::ReadOnly)) {
            done(false, QStringLiteral("cannot read %1: %2").arg(m_checkout.composeFile(), f.errorString()));
            return;
        }
        const QByteArray yaml = f.readAll();
        RestrictedStart::Plan plan;
        QString error;
        bool malformed = false;
        if (!RestrictedStart::plan(yaml, &plan, &error, &malformed)) {
            if (malformed) {
                done(true, {}); // the `config` step reports compose's own message
                return;
            }
            j.setFailureStatus(Job::Status::Invalid);
            done(false, error);
            return;
        }
        if (plan.method == RestrictedStart::Method::WorkspaceNetworkVariable) {
            j.info(QStringLiteral("restricted egress: WORKSPACE_NETWORK=%1 for compose (as `make run-restricted`)").arg(plan.networkKey));
        } else {
            plan.overrideFile = RestrictedStart::overridePath(m_stateDir.isEmpty() ? Logging::stateDir() : m_stateDir, m_checkout.root());
            if (!RestrictedStart::writeOverride(yaml, plan, &error)) {
                done(false, error);
                return;
            }
            j.info(QStringLiteral("restricted egress: override %1 adds %2 to the workspace").arg(plan.overrideFile, plan.networkKey));
        }
        ctx->plan = plan;
        done(true, {});
    });
}

void Lifecycle::addRestrict(Job* job, const CtxPtr& ctx, bool beforeStart)
{
    job->addTask({}, [this, ctx, beforeStart](Job& j, Job::Done done) {
        if (!ctx->restricted || ctx->mode == OperationMode::Autonomous || (beforeStart && !ctx->createThenStart())) {
            done(true, {});
            return;
        }
        if (!beforeStart && ctx->createThenStart() && m_engine) { // moved before its start: prove it still holds
            RestrictedNetwork::verify(
                *m_engine, &j, ctx->project, QStringLiteral("workspace"), [&j](const QString& l) { j.info(l); },
                [&j, done](bool ok, const QString& error) {
                    if (ok)
                        j.info(QStringLiteral("verified: the running workspace is attached only to internal networks"));
                    done(ok, error);
                });
            return;
        }
        j.setPhase(JobPhase::Configuring);
        j.info(beforeStart ? QStringLiteral("restricting egress: the workspace leaves every network but the internal one before it starts")
                           : QStringLiteral("restricting egress: moving the workspace to the internal network"));
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
        req.beforeStart = beforeStart;
        RestrictedNetwork::apply(
            *m_engine, &j, req, [&j](const QString& l) { j.info(l); },
            [&j, done](bool ok, const QString& error) {
                if (ok)
                    j.info(QStringLiteral("verified: the workspace is attached only to internal networks"));
                done(ok, error);
            });
    });
}

void Lifecycle::addHealthWait(Job* job, const CtxPtr& ctx)
{
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (ctx->mode == OperationMode::Autonomous) {
            done(true, {});
            return;
        }
        j.setPhase(JobPhase::WaitingOpenCode);
        const int port = ctx->env.frontEndPort(ctx->mode);
        if (!m_engine) {
            waitForHostPort(j, ctx, port, done);
            return;
        }
        RestrictedNetwork::inspectService(*m_engine, &j, ctx->project, QStringLiteral("workspace"),
                                          [this, &j, ctx, port, done](bool ok, const QString&, const QJsonObject& inspect) {
                                              if (!ok || inspect.isEmpty() || RestrictedNetwork::publishesHostPort(inspect, port))
                                                  waitForHostPort(j, ctx, port, done);
                                              else
                                                  waitForContainerHealth(j, ctx, port, done);
                                          });
    });
}

void Lifecycle::waitForHostPort(Job& j, const CtxPtr& ctx, int port, const Job::Done& done)
{
    j.info(QStringLiteral("waiting for the %1 endpoint on port %2").arg(SettingsTypes::modeName(ctx->mode)).arg(port));
    auto last = std::make_shared<QString>();
    auto exits = std::make_shared<bool>(false);
    QPointer<QNetworkAccessManager> nam(m_nam);
    QPointer<EngineClient> engine = m_engine;
    auto attempt = [nam, engine, ctx, port, last, exits](std::function<void(bool)> result) {
        if (!nam) {
            result(false);
            return;
        }
        ModeHealth::probeHttp(nam, ctx->mode, port, 2000, [engine, ctx, last, exits, result](const ModeHealthReport& r) {
            *last = r.detail;
            if (r.healthy || !engine) {
                result(r.healthy);
                return;
            }
            RestrictedNetwork::inspectService(*engine, nullptr, ctx->project, QStringLiteral("workspace"),
                                              [exits, result](bool ok, const QString&, const QJsonObject& inspect) {
                                                  *exits = ok && FailureCause::exitsByItself(inspect);
                                                  result(*exits); // ends the wait
                                              });
        });
    };
    const int timeout = m_healthTimeoutMs;
    retryUntil(&j, QDeadlineTimer(timeout), 500, attempt, whenReady(j, last, exits, done),
               [last, done, timeout]() { done(false, QStringLiteral("timeout: not healthy within %1 s: %2").arg(timeout / 1000).arg(*last)); });
}

void Lifecycle::waitForContainerHealth(Job& j, const CtxPtr& ctx, int port, const Job::Done& done)
{
    j.info(QStringLiteral("port %1 is not published on the host: Docker publishes no ports for a container that is only on "
                          "internal networks; readiness comes from the workspace's own health check")
               .arg(port));
    auto last = std::make_shared<QString>();
    auto exits = std::make_shared<bool>(false);
    QPointer<EngineClient> engine = m_engine;
    auto attempt = [engine, ctx, last, exits](std::function<void(bool)> result) {
        if (!engine) {
            result(false);
            return;
        }
        // No context: the retry loop's own guard drops the result when the job is gone.
        RestrictedNetwork::inspectService(
            *engine, nullptr, ctx->project, QStringLiteral("workspace"), [last, exits, result](bool ok, const QString& error, const QJsonObject& inspect) {
                const QJsonObject state = inspect.value(QStringLiteral("State")).toObject();
                const QJsonObject health = state.value(QStringLiteral("Health")).toObject();
                if (!ok)
                    *last = error;
                else if (health.isEmpty())
                    *last = QStringLiteral("container state %1 (no health check)").arg(state.value(QStringLiteral("Status")).toString());
                else
                    *last = QStringLiteral("container health: %1").arg(health.value(QStringLiteral("Status")).toString());
                *exits = ok && FailureCause::exitsByItself(inspect);
                result(*exits
                       || (ok
                           && (health.isEmpty() ? state.value(QStringLiteral("Running")).toBool()
                                                : health.value(QStringLiteral("Status")).toString() == QLatin1String("healthy"))));
            });
    };
    const int timeout = m_healthTimeoutMs;
    retryUntil(&j, QDeadlineTimer(timeout), 1000, attempt, whenReady(j, last, exits, done), [last, done, timeout]() {
        done(false, QStringLiteral("timeout: the workspace was not healthy within %1 s: %2").arg(timeout / 1000).arg(*last));
    });
}
