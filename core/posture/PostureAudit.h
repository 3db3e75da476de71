#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Status of one hardening control (CLI.md: pass, fail, warn, unknown).
enum class ControlStatus { Pass, Fail, Warn, Unknown };

/// One evaluated control of the workspace's hardening posture.
struct ControlResult {
    QString id; ///< CLI.md id, e.g. "read_only_root"
    ControlStatus status = ControlStatus::Unknown;
    QString detail; ///< one line: what was expected, what was found
    QString policy; ///< the SECURITY.md sentence the control comes from ("Implied: ..." when derived)
};

/// What the audit looks at: `docker inspect` of the workspace, inspect of each network it is
/// attached to (keyed by network name), and the checkout's expected values.
struct PostureInput {
    QJsonObject container;                   ///< GET /containers/{id}/json
    QHash<QString, QJsonObject> networks;    ///< GET /networks/{name}, by attached network name
    QHash<QString, QString> env;             ///< the checkout's .env values
    QHash<QString, QString> composeDefaults; ///< `${VAR:-default}` defaults of the compose file
    QString checkoutDir;                     ///< resolves relative paths in .env
    QString seccompProfileJson;              ///< content of the configured profile file, if readable
    QDateTime envModified;                   ///< .env mtime (EngineTime::fileModified, like the two below)
    QDateTime aptAllowlistModified;
    QDateTime portAllowlistModified;
    QString engineSocketPath; ///< the engine's own socket (must not be mounted)
};

/// Pure evaluation of the hardening controls of SANDBOX.md / SECURITY.md: no engine or network
/// access, no writes; the only file-system look-up resolves symlinks of mount paths.
namespace PostureAudit {
/// Every control id in CLI.md order.
QStringList controlIds();
/// Evaluates every control; the list is in controlIds() order.
QList<ControlResult> evaluate(const PostureInput& input);
/// One result per control, all Unknown with \a detail (nothing could be inspected).
QList<ControlResult> allUnknown(const QString& detail);
/// "pass", "fail", "warn", "unknown".
QString statusName(ControlStatus s);
/// Parses compose/docker sizes like "8g", "256m", "512k", "1024" into bytes; -1 when invalid.
qint64 parseBytes(const QString& text);
/// The `${VAR:-default}` / `${VAR-default}` defaults in a compose file (first one wins).
QHash<QString, QString> composeDefaults(const QByteArray& composeText);
/// Number of Pass results.
int passed(const QList<ControlResult>& results);
bool anyFailed(const QList<ControlResult>& results);
} // namespace PostureAudit
