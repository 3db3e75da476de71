#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

/// Status of one hardening control (CLI.md: pass, fail, warn, unknown).
enum class ControlStatus { Pass, Fail, Warn, Unknown };

/// One evaluated control of the workspace's hardening posture.
struct ControlResult {
    QString id;     ///< CLI.md id, e.g. "read_only_root"
    ControlStatus status = ControlStatus::Unknown;
    QString detail; ///< one line: what was expected, what was found
    QString policy; ///< the SECURITY.md sentence the control comes from
};

/// What the audit looks at: `docker inspect` of the workspace, inspect of each network it is
/// attached to (keyed by network name), the checkout's .env values and file times.
struct PostureInput {
    QJsonObject container;
    QHash<QString, QJsonObject> networks;
    QHash<QString, QString> env;
    QString seccompProfileJson;  ///< content of the configured profile file, if readable
    QDateTime envModified;       ///< .env mtime
    QDateTime aptAllowlistModified;
    QDateTime portAllowlistModified;
    QString engineSocketPath;    ///< the engine's own socket (must not be mounted)
};

namespace PostureAudit {
/// Every control id in CLI.md order.
QStringList controlIds();
/// Evaluates every control; the list is in controlIds() order.
QList<ControlResult> evaluate(const PostureInput& input);
/// "pass", "fail", "warn", "unknown".
QString statusName(ControlStatus s);
/// Parses compose/docker sizes like "8g", "256m", "512k", "1024" into bytes; -1 when invalid.
qint64 parseBytes(const QString& text);
/// Number of Pass results.
int passed(const QList<ControlResult>& results);
bool anyFailed(const QList<ControlResult>& results);
} // namespace PostureAudit
