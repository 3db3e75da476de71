#include "RestrictedNetwork.h"

#include <QJsonArray>
#include <QJsonObject>

#include <algorithm>
#include <memory>

namespace RestrictedNetwork {
namespace {
const QString kProject = QStringLiteral("com.docker.compose.project");

/// Runs \a step for each item in order; \a finish after the last or on the first error.
template<typename T> void forEach(QList<T> items, std::function<void(const T&, Done)> step, Done finish)
{
    auto next = std::make_shared<std::function<void(qsizetype)>>();
    *next = [items, step, finish, next](qsizetype i) {
        if (i >= items.size()) {
            finish(true, {});
            *next = nullptr;
            return;
        }
        step(items.at(i), [next, finish, i](bool ok, const QString& error) {
            if (!ok) {
                finish(false, error);
                *next = nullptr;
                return;
            }
            (*next)(i + 1);
        });
    };
    (*next)(0);
}

using Container = ProjectContainer;

/// The project's running containers (no one-off runs); with \a created, also those created and
/// never started.
void runningContainers(EngineClient& engine, QObject* context, const QString& project, std::function<void(bool, const QString&, QList<Container>)> done,
                       bool created = false)
{
    EngineApi::projectContainers(engine, project, context, [done, created](const EngineReply& r, const QList<Container>& all) {
        if (!r.ok()) {
            done(false, QStringLiteral("listing the project's containers failed: %1").arg(r.describe()), {});
            return;
        }
        QList<Container> list;
        for (const Container& c : all) {
            if ((c.running() || (created && c.state == QLatin1String("created"))) && !c.oneOff)
                list << c;
        }
        done(true, {}, list);
    });
}

void ensureNetwork(EngineClient& engine, QObject* context, const Request& req, const Log& log, std::function<void(bool, const QString&, QString id)> done)
{
    EngineApi::networksNamed(engine, req.target.name, context, [&engine, context, req, log, done](const EngineReply& r, const QJsonArray& networks) {
        if (!r.ok()) {
            done(false, QStringLiteral("listing networks failed: %1").arg(r.describe()), {});
            return;
        }
        for (const QJsonValue& v : networks) {
            const QJsonObject o = v.toObject();
            if (o.value(QStringLiteral("Name")).toString() != req.target.name)
                continue; // the name filter matches substrings
            if (!o.value(QStringLiteral("Internal")).toBool()) {
                done(false,
                     QStringLiteral("network %1 exists but is NOT internal (Internal=false); refusing to use it for restricted egress").arg(req.target.name),
                     {});
                return;
            }
            done(true, {}, o.value(QStringLiteral("Id")).toString());
            return;
        }
        log(QStringLiteral("creating internal network %1").arg(req.target.name));
        QJsonObject labels{{kProject, req.project},
                           {QStringLiteral("com.docker.compose.network"), req.target.key},
                           {QStringLiteral("com.docker.compose.version"), req.composeVersion}};
        QJsonObject create{{QStringLiteral("Name"), req.target.name},
                           {QStringLiteral("Driver"), QStringLiteral("bridge")},
                           {QStringLiteral("Internal"), true},
                           {QStringLiteral("CheckDuplicate"), true},
                           {QStringLiteral("Labels"), labels}};
        EngineApi::createNetwork(engine, create, context, [req, done](const EngineReply& c, const QString& id) {
            if (!c.ok()) {
                done(false, QStringLiteral("creating network %1 failed: %2").arg(req.target.name, c.describe()), {});
                return;
            }
            done(true, {}, id);
        });
    });
}
} // namespace

void apply(EngineClient& engine, QObject* context, const Request& req, const Log& log, const Done& done)
{
    ensureNetwork(engine, context, req, log, [=, &engine](bool ok, const QString& error, const QString& netId) {
        if (!ok) {
            done(false, error);
            return;
        }
        runningContainers(
            engine, context, req.project,
            [=, &engine](bool ok2, const QString& error2, const QList<Container>& all) {
                if (!ok2) {
                    done(false, error2);
                    return;
                }
                const auto ws = std::find_if(all.begin(), all.end(), [&](const Container& c) { return c.service == req.workspaceService; });
                if (ws == all.end()) {
                    done(false, QStringLiteral("no %1 %2 container in compose project %3: cannot restrict its network")
                                    .arg(req.beforeStart ? QStringLiteral("created") : QStringLiteral("running"), req.workspaceService, req.project));
                    return;
                }
                const Container workspace = *ws;
                QList<Container> toConnect;
                for (const Container& c : all) {
                    if ((c.service == req.workspaceService || req.companionServices.contains(c.service)) && !c.networks.contains(req.target.name))
                        toConnect << c;
                }
                auto connectOne = [=, &engine](const Container& c, Done next) {
                    log(QStringLiteral("connecting %1 to %2").arg(c.name, req.target.name));
                    QJsonObject endpoint{{QStringLiteral("Aliases"), QJsonArray{c.service}}};
                    EngineApi::connectNetwork(engine, netId, {{QStringLiteral("Container"), c.id}, {QStringLiteral("EndpointConfig"), endpoint}}, context,
                                              [=](const EngineReply& r, bool) {
                                                  if (!r.ok())
                                                      next(false, QStringLiteral("connecting %1 to %2 failed: %3").arg(c.name, req.target.name, r.describe()));
                                                  else
                                                      next(true, {});
                                              });
                };
                forEach<Container>(toConnect, connectOne, [=, &engine](bool ok3, const QString& error3) {
                    if (!ok3) {
                        done(false, error3);
                        return;
                    }
                    QStringList others;
                    for (auto it = workspace.networks.cbegin(); it != workspace.networks.cend(); ++it) {
                        if (it.key() != req.target.name)
                            others << it.key();
                    }
                    auto disconnectOne = [=, &engine](const QString& net, Done next) {
                        log(QStringLiteral("disconnecting %1 from %2").arg(workspace.name, net));
                        EngineApi::disconnectNetwork(engine, net, {{QStringLiteral("Container"), workspace.id}, {QStringLiteral("Force"), true}}, context,
                                                     [=](const EngineReply& r, bool) {
                                                         if (!r.ok())
                                                             next(false,
                                                                  QStringLiteral("disconnecting %1 from %2 failed: %3").arg(workspace.name, net, r.describe()));
                                                         else
                                                             next(true, {});
                                                     });
                    };
                    forEach<QString>(others, disconnectOne, [=, &engine](bool ok4, const QString& error4) {
                        if (!ok4) {
                            done(false, error4);
                            return;
                        }
                        verify(engine, context, req.project, req.workspaceService, log, done, req.beforeStart);
                    });
                });
            },
            req.beforeStart);
    });
}

void verify(EngineClient& engine, QObject* context, const QString& project, const QString& service, const Log& log, const Done& done, bool created)
{
    runningContainers(
        engine, context, project,
        [=, &engine](bool ok, const QString& error, const QList<Container>& all) {
            if (!ok) {
                done(false, error);
                return;
            }
            QList<Container> targets;
            for (const Container& c : all) {
                if (c.service == service)
                    targets << c;
            }
            if (targets.isEmpty()) {
                done(false, QStringLiteral("no %1 %2 container in compose project %3 to verify")
                                .arg(created ? QStringLiteral("created") : QStringLiteral("running"), service, project));
                return;
            }
            auto open = std::make_shared<QStringList>();
            auto checkContainer = [=, &engine](const Container& c, Done next) {
                EngineApi::inspectContainer(engine, c.id, context, [=, &engine](const EngineReply& r, const QJsonObject& inspect) {
                    if (!r.ok()) {
                        next(false, QStringLiteral("inspecting %1 failed: %2").arg(c.name, r.describe()));
                        return;
                    }
                    const QJsonObject nets = inspect.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Networks")).toObject();
                    QList<QPair<QString, QString>> list;
                    for (auto it = nets.begin(); it != nets.end(); ++it)
                        list << qMakePair(it.key(), it.value().toObject().value(QStringLiteral("NetworkID")).toString());
                    auto checkNet = [=, &engine](const QPair<QString, QString>& n, Done nextNet) {
                        EngineApi::inspectNetwork(engine, n.second.isEmpty() ? n.first : n.second, context,
                                                  [=](const EngineReply& nr, const QJsonObject& network) {
                                                      if (!nr.ok()) {
                                                          nextNet(false, QStringLiteral("inspecting network %1 failed: %2").arg(n.first, nr.describe()));
                                                          return;
                                                      }
                                                      const bool internal = network.value(QStringLiteral("Internal")).toBool();
                                                      log(QStringLiteral("%1 is on %2: %3")
                                                              .arg(c.name, n.first, internal ? QStringLiteral("internal") : QStringLiteral("NOT internal")));
                                                      if (!internal)
                                                          *open << QStringLiteral("%1 on %2").arg(c.name, n.first);
                                                      nextNet(true, {});
                                                  });
                    };
                    forEach<QPair<QString, QString>>(list, checkNet, next);
                });
            };
            forEach<Container>(targets, checkContainer, [=](bool ok2, const QString& error2) {
                if (!ok2)
                    done(false, error2);
                else if (!open->isEmpty())
                    done(false, QStringLiteral("EGRESS NOT RESTRICTED: the workspace is attached to non-internal networks (Internal=false): %1")
                                    .arg(open->join(QStringLiteral(", "))));
                else
                    done(true, {});
            });
        },
        created);
}

void startCreated(EngineClient& engine, QObject* context, const QString& project, const QString& workspaceService, const Log& log, const Done& done)
{
    EngineApi::projectContainers(engine, project, context, [=, &engine](const EngineReply& r, const QList<Container>& all) {
        if (!r.ok()) {
            done(false, QStringLiteral("listing the project's containers failed: %1").arg(r.describe()));
            return;
        }
        QList<Container> toStart;
        for (const Container& c : all)
            if (c.state == QLatin1String("created") && !c.oneOff)
                toStart << c;
        std::stable_partition(toStart.begin(), toStart.end(), [&](const Container& c) { return c.service != workspaceService; });
        auto startOne = [=, &engine](const Container& c, Done next) {
            log(QStringLiteral("starting %1").arg(c.name));
            EngineApi::startContainer(engine, c.id, context, [=](const EngineReply& sr, bool started) {
                if (!started)
                    next(false, QStringLiteral("starting %1 failed: %2").arg(c.name, sr.describe()));
                else
                    next(true, {});
            });
        };
        forEach<Container>(toStart, startOne, done);
    });
}

void inspectService(EngineClient& engine, QObject* context, const QString& project, const QString& service,
                    std::function<void(bool, const QString&, const QJsonObject&)> done)
{
    EngineApi::projectContainers(engine, project, context, [=, &engine](const EngineReply& r, const QList<Container>& all) {
        if (!r.ok()) {
            done(false, QStringLiteral("listing the project's containers failed: %1").arg(r.describe()), {});
            return;
        }
        const Container c = EngineApi::serviceOf(all, service);
        if (c.id.isEmpty() || !c.running()) {
            done(true, {}, {});
            return;
        }
        EngineApi::inspectContainer(engine, c.id, context, [=](const EngineReply& ir, const QJsonObject& inspect) {
            if (!ir.ok())
                done(false, QStringLiteral("inspecting %1 failed: %2").arg(service, ir.describe()), {});
            else
                done(true, {}, inspect);
        });
    });
}

bool publishesHostPort(const QJsonObject& inspect, int port)
{
    const QJsonValue bindings
        = inspect.value(QStringLiteral("NetworkSettings")).toObject().value(QStringLiteral("Ports")).toObject().value(QStringLiteral("%1/tcp").arg(port));
    for (const QJsonValue& b : bindings.toArray()) {
        if (!b.toObject().value(QStringLiteral("HostPort")).toString().isEmpty())
            return true;
    }
    return false;
}

void removeLeftoverNetworks(EngineClient& engine, QObject* context, const QString& project, const Log& log, const Done& done)
{
    EngineApi::projectNetworks(engine, project, context, [=, &engine](const EngineReply& r, const QJsonArray& networks) {
        if (!r.ok()) {
            done(false, QStringLiteral("listing the project's networks failed: %1").arg(r.describe()));
            return;
        }
        QStringList names;
        for (const QJsonValue& v : networks)
            names << v.toObject().value(QStringLiteral("Name")).toString();
        auto removeOne = [=, &engine](const QString& name, Done next) {
            EngineApi::removeNetwork(engine, name, context, [=](const EngineReply& d, bool) {
                if (d.ok())
                    log(QStringLiteral("removed network %1").arg(name));
                else
                    log(QStringLiteral("network %1 not removed: %2").arg(name, d.describe()));
                next(true, {});
            });
        };
        forEach<QString>(names, removeOne, done);
    });
}
} // namespace RestrictedNetwork
