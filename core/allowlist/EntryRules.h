#pragma once

#include "core/allowlist/AllowlistTypes.h"

/// The rules for one allowlist entry (SANDBOX.md "Allowlist files").
namespace EntryRules {
/// Longest entry accepted (bytes); longer lines are reported, never echoed whole.
inline constexpr int kMaxEntryLength = 128;

/// Why \a entry may not be added to a \a kind list (empty when it may): apt names must match
/// `^[a-z0-9][a-z0-9+._-]*$`; ports are digits only without a leading zero, 1024-65535.
QString newEntryError(AllowlistKind kind, const QString& entry);
/// Why an entry line already in a file is invalid (empty when valid). Same as newEntryError()
/// except that a port outside 1024-65535 is only a warning (see outOfRangeWarning()).
QString existingEntryError(AllowlistKind kind, const QString& entry);
/// For a port entry outside 1024-65535: the warning text; empty otherwise.
QString outOfRangeWarning(AllowlistKind kind, const QString& entry);
/// True when \a a sorts before \a b in the file's order (byte order / numeric).
bool lessThan(AllowlistKind kind, const QString& a, const QString& b);
/// Sorts in the file's order and drops duplicates.
void sortEntries(AllowlistKind kind, QStringList* entries);
/// \a entry made safe to print: control characters, non-ASCII and backslashes escaped
/// (`vim\nnetcat`, `caf\u00e9`), truncated to 80 characters.
QString display(const QString& entry);
} // namespace EntryRules
