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
    QSet<int> allowedPorts;       ///< config/port-allowlist.txt
    QList<ComposePort> published; ///< docker-compose.yml's ports
};

/// SECURITY.md's MCP rules: no inline secrets, remote servers vs egress, host ports allowlisted
/// and published on 127.0.0.1, no unpinned `npx -y` / `uvx` packages, a file the entrypoint reads.
namespace McpChecks {
McpFindings check(const McpConfig& config, const McpCheckContext& context);
/// True when \a value is no `{env:NAME}` reference and looks like a token (the checkout's
/// secret-scan patterns, a Bearer credential, or a long high-entropy string).
bool looksLikeSecret(const QString& value);
/// The value as shown: masked when it looks like a secret, or when \a key names a secret
/// (TOKEN, SECRET, PASSWORD, API_KEY / X-API-Key, AUTHORIZATION) and it is no `{env:NAME}`.
QString displayValue(const QString& value, const QString& key = {});
/// True when \a key names a secret (as the .env keys: TOKEN, SECRET, PASSWORD, API_KEY; header
/// spellings with '-' too; AUTHORIZATION, AUTH, CREDENTIAL, PASSWD, PWD).
bool isSecretName(const QString& key);
/// \a value under \a key held inline: not empty, not an `{env:NAME}` reference, and secret-named
/// or secret-looking.
bool isInlineSecret(const QString& key, const QString& value);
/// The command with every secret argument masked: the value after a secret-named flag
/// (`--api-key X`, `--token=X`), `KEY=value` with a secret-named KEY, and any secret-looking
/// argument. \a masked (optional) receives the flags whose values were masked.
QStringList maskedCommand(const QStringList& command, QStringList* masked = nullptr);
/// \a url with its user information (`user:pass@`) masked; \a hadCredentials (optional) says
/// whether it had any.
QString maskedUrl(const QString& url, bool* hadCredentials = nullptr);
/// The package an `npx -y` / `uvx` command runs unpinned (empty when pinned or neither).
QString unpinnedPackage(const QStringList& command);
} // namespace McpChecks
