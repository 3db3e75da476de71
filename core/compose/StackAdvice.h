#pragma once

#include "core/docker/EngineClient.h"
#include "core/settings/EnvValues.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <functional>

/// What the running stack gets wrong that the settings alone do not show, said plainly
/// (measured from the engine): a restricted workspace that cannot reach its model server, and a
/// web UI / MCP bridge that cannot be on the host because Docker publishes no port for a
/// container that is only on internal networks.
struct StackAdvice {
    enum class Kind { Warning, Note };
    Kind kind = Kind::Warning;
    QString id;   ///< "model-reach", "no-host-port"
    QString text; ///< the reason and what the operator can do
};

namespace StackAdvisor {
struct Facts {
    QJsonObject workspace;         ///< inspect of the running workspace (empty: not running)
    QJsonObject modelServer;       ///< inspect of the running llm-backend (empty: not running)
    QHash<QString, bool> internal; ///< network name -> Internal flag
};
/// Pure evaluation of \a facts with the settings \a env (and the mode the stack runs in).
QList<StackAdvice> evaluate(const Facts& facts, const EnvValues& env);
/// Collects the facts of \a project from the engine, then evaluate(); \a done once, unless
/// \a context is gone first.
void assess(EngineClient& engine, QObject* context, const QString& project, const EnvValues& env, std::function<void(QList<StackAdvice>)> done);
/// The warnings' texts ("model-reach: ...") for a tooltip or a CLI.
QStringList warningLines(const QList<StackAdvice>& advice);
} // namespace StackAdvisor
