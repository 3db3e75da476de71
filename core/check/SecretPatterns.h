#pragma once

#include <QList>
#include <QRegularExpression>
#include <QString>
#include <QStringList>

/// The secret patterns of the checkout's scripts/security_check.sh, one table: the checkout scan
/// (SecretScan) and the MCP inline-secret check (McpChecks) both use it.
struct SecretPattern {
    QString id;                      ///< "committed-secret", "aws-key", "private-key", "jwt", "slack", "ai-token"
    QString message;                 ///< the script's error line for a match
    QRegularExpression regex;        ///< the script's grep -E (or -e) expression
    QStringList literals;            ///< every match contains one of these (a fast pre-filter)
    bool strictOnly = false;         ///< only while SECRET_SCAN_STRICT is true (the default)
    bool skipsSecurityCheck = false; ///< the script excludes security_check.sh for this one
};

namespace SecretPatterns {
/// In the order the script runs them.
const QList<SecretPattern>& all();
/// The patterns active for \a strict.
QList<SecretPattern> active(bool strict);
/// True when \a text matches any pattern (strict set included).
bool matchesAny(const QString& text);
/// \a text with every match of any pattern replaced by the mask.
QString mask(const QString& text);
} // namespace SecretPatterns
