#pragma once

#include "core/composefile/ComposePorts.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

class EngineClient;
class QObject;

/// Why a lifecycle job failed, said in one line a user can act on: the port and who holds it, a
/// workspace that exits at once (status and last log lines), the failing build step, or
/// compose's own error line. Fed by the job's output and by engine queries.
namespace FailureCause {
/// A host port compose could not bind, read from compose's (or the engine's) error line.
struct PortConflict {
    QString hostIp; ///< "127.0.0.1"; "0.0.0.0" when the line names none
    int port = 0;
    bool valid() const { return port > 0; }
};
/// The port named by "Bind for 127.0.0.1:8443 failed: port is already allocated" (a container
/// holds it) or "listen tcp4 127.0.0.1:8443: bind: address already in use" (a process), the
/// wordings of compose v2 and v1 alike; invalid when no line names one.
PortConflict portConflict(const QStringList& lines);
/// "the build step `/bin/sh -c apt-get …` failed (exit code 100)" from BuildKit's or the classic
/// builder's line; empty when no build step failed.
QString buildStep(const QStringList& lines);
/// compose's own last error line ("Error response from daemon: …", "ERROR: …"); empty when none.
QString composeError(const QStringList& lines);
/// Does the container of this inspect exit by itself (exited, dead, restarting, or restarted)?
bool exitsByItself(const QJsonObject& inspect);
/// "the workspace exits at once (status 127): sh: 1: no-such-command: not found".
QString workspaceExit(const QJsonObject& inspect, const QStringList& lastLogLines);
/// "port 127.0.0.1:8443 (workspace) is in use by …"; \a needs names the services needing it.
QString portInUse(const PortConflict& port, const QString& needs, const QString& holders);

/// The cause of a failed start: a port conflict in \a output and its holder; else a workspace that
/// exits by itself; else a failed build step or compose's error line. Empty when none is known.
/// Without an engine only \a output is read.
void analyze(EngineClient* engine, const QString& project, const QStringList& output, QObject* context, std::function<void(const QString& cause)> done);
/// Before a restart takes the stack down: are the host ports of \a ports free, or held by
/// \a project itself? Done with an empty string when they are, else with the refusal's cause.
void checkPortsFree(EngineClient* engine, const QString& project, const QList<ComposePort>& ports, QObject* context,
                    std::function<void(const QString& cause)> done);
/// What runs of \a project after a failed start ("nothing of compose project x runs" or the
/// running containers' names).
void leftRunning(EngineClient& engine, const QString& project, QObject* context, std::function<void(const QString& line)> done);
} // namespace FailureCause
