#pragma once

#include "core/settings/SettingsTypes.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

class QNetworkAccessManager;

/// Health of the sandbox for its operation mode. The compose healthcheck only probes
/// OPENCODE_PORT; this asks what matters per mode.
struct ModeHealthReport {
    OperationMode mode = OperationMode::Interactive;
    bool healthy = false;
    QString detail; ///< what was probed and what answered
    // autonomous only
    bool running = false;
    int exitCode = -1;   ///< -1 while running or unknown
    QStringList logTail; ///< the last lines of autonomous.log
};

namespace ModeHealth {
/// Interactive: an HTTP answer (any status) on http://127.0.0.1:\a port/ ; conductor: the MCP
/// bridge http://127.0.0.1:\a port/mcp answers. \a done runs once, within \a timeoutMs.
void probeHttp(QNetworkAccessManager* nam, OperationMode mode, int port, int timeoutMs, std::function<void(ModeHealthReport)> done);
/// Autonomous: from the run's state and the log file.
ModeHealthReport autonomous(bool running, int exitCode, const QString& logFile, int tailLines = 20);
} // namespace ModeHealth
