#pragma once

#include "core/posture/PostureAudit.h"
#include "core/settings/EnvValues.h"

#include <QHash>
#include <QStringList>

#include <optional>

/// What the RUNNING workspace has, read from the engine (its networks and their Internal flag,
/// the container's environment and security options), never from `.env`: the one notion of
/// "running" that the header, tray, Posture, alerts and `sandbox-ctl status` describe. `.env`
/// values that differ are pending until a restart (pending()).
struct RunningPosture {
    bool known = false;           ///< a running workspace container was inspected
    std::optional<Egress> egress; ///< full when any attached network is not internal; unset: a network could not be inspected
    QStringList openNetworks;     ///< attached networks with Internal=false
    QHash<QString, QString> env;  ///< the running container's environment (Config.Env)
    bool seccompUnconfined = false;
    QDateTime created; ///< the container's creation time

    /// Reads \a in's container and networks (the env, checkout values and file times are ignored).
    static RunningPosture of(const PostureInput& in);

    /// OPERATION_MODE in the container's environment (unset when not passed in).
    std::optional<OperationMode> mode() const;
    /// The monitor's switch in the container's environment (unset when not passed in).
    std::optional<bool> monitorEnabled(Monitor monitor) const;
    /// The loosenings in force, in plain words ("egress full", "port scan off", ...).
    QStringList loosened() const;
    /// What a restart would change, from \a env ("egress full", "mode autonomous", "port scan on").
    QStringList pending(const EnvValues& env) const;
};
