#pragma once

#include "core/docker/MultiplexedStream.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <functional>

class EngineClient;
class QObject;

/// The end of one command run in a container.
struct ExecResult {
    int exitCode = -1; ///< the command's exit status; -1 when it did not run to its end
    QByteArray out;    ///< its stdout (the last ExecOptions::keepBytes)
    QByteArray err;    ///< its stderr (likewise)
    QString error;     ///< why it did not run or finish (the engine's answer, a timeout); empty when it ran
    bool ok() const { return error.isEmpty() && exitCode == 0; }
    /// Empty when ok(); else the error, or "exit status N: <the last lines of stderr or stdout>".
    QString describe() const;
};

struct ExecOptions {
    int timeoutMs = 15000;         ///< the whole run, from the exec's creation to its exit status
    qsizetype keepBytes = 1 << 20; ///< of each of stdout and stderr kept in the result
    QStringList env;               ///< extra "KEY=value" for the command
    /// The command's output as it arrives (chunks, not lines); may be empty.
    std::function<void(MultiplexedStream::Channel, const QByteArray&)> output;
};

/// Runs a command in a running container through the Engine API, the way `docker exec` does
/// (no docker process): POST /containers/{id}/exec (Tty false, stdout and stderr attached),
/// POST /exec/{id}/start read as the multiplexed stream (MultiplexedStream), then
/// GET /exec/{id}/json for the exit status. The one exec of core: model servers, egress probes
/// and agents use it.
namespace ContainerExec {
/// \a done runs once, unless \a context is destroyed first (the run is abandoned then; the
/// command itself may still finish in the container, as with a killed `docker exec`).
void run(EngineClient& engine, const QString& container, const QStringList& command, QObject* context, std::function<void(const ExecResult&)> done,
         const ExecOptions& options = {});
/// Blocking convenience (local event loop) for the CLI and tests. Never on the GUI thread.
ExecResult runBlocking(EngineClient& engine, const QString& container, const QStringList& command, const ExecOptions& options = {});
} // namespace ContainerExec
