#pragma once

#include "core/composefile/ComposePorts.h"
#include "core/mcp/McpConfig.h"
#include "core/settings/SettingsTypes.h"

#include <QSet>

/// One problem of an MCP server (or of the whole file when server is empty).
struct McpFinding {
    enum class Severity { Error, Warning, Info };
    Severity severity = Severity::Error;
    QString server;
    QString message; ///< never holds a secret in clear
    /// "error", "warning" or "info".
    QString severityName() const;
    bool isError() const { return severity == Severity::Error; }
};
using McpFindings = QList<McpFinding>;

/// What the checks need to know about the checkout.
struct McpCheckContext {
    Egress egress = Egress::Restricted;
    QSet<int> allowedPorts;              ///< config/port-allowlist.txt
    QList<ComposePort> published;        ///< docker-compose.yml's ports
};

/// SECURITY.md's MCP rules: no inline secrets, remote servers vs egress, host ports allowlisted
/// and published on 127.0.0.1, no unpinned `npx -y` / `uvx` packages, a file the entrypoint reads.
namespace McpChecks {
McpFindings check(const McpConfig& config, const McpCheckContext& context);
/// True when \a value is no `{env:NAME}` reference and looks like a token (the checkout's
/// secret-scan patterns, a Bearer credential, or a long high-entropy string).
bool looksLikeSecret(const QString& value);
/// The value as shown: masked when it looks like a secret.
QString displayValue(const QString& value);
/// The package an `npx -y` / `uvx` command runs unpinned (empty when pinned or neither).
QString unpinnedPackage(const QStringList& command);
} // namespace McpChecks
