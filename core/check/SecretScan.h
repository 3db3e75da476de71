#pragma once

#include "core/check/SecretPatterns.h"

#include <QList>
#include <QString>
#include <QStringList>

/// One line of the checkout that matches a secret pattern.
struct SecretFinding {
    QString patternId;
    QString file; ///< relative to the scanned root, e.g. "src/app.py"
    int line = 0; ///< 1-based
    QString text; ///< the line with every secret masked, control characters visible
    /// "src/app.py:12".
    QString location() const { return QStringLiteral("%1:%2").arg(file).arg(line); }
};

/// The secret-pattern scan of security_check.sh without grep: `grep -RIn` over the checkout
/// (symbolic links followed, devices/FIFOs/sockets skipped, files with a NUL byte skipped as
/// binary), excluding directories named .git and files named *.md, .env, .env.example (and
/// security_check.sh for the patterns the script excludes it from).
namespace SecretScan {
struct Result {
    QList<SecretFinding> findings; ///< in pattern order, then file and line order
    int filesScanned = 0;
    QStringList errors; ///< what could not be scanned ("path: why"); the check fails on any
};
/// Scans \a root with the patterns active for \a strict (SECRET_SCAN_STRICT).
Result scan(const QString& root, bool strict);
/// True when grep's exclusions skip the file named \a baseName for \a pattern.
bool excluded(const QString& baseName, const SecretPattern& pattern);
} // namespace SecretScan
