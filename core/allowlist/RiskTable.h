#pragma once

#include "core/allowlist/AllowlistTypes.h"

#include <optional>

/// Known risky packages and ports. Add a row to extend it (RiskTable.cpp).
namespace RiskTable {
struct Row {
    const char* name; ///< package name, or port number as text
    RiskNote::Level level;
    const char* reason; ///< one line
};
/// The note for package \a name, if the table knows it (exact name or a `prefix*` row).
std::optional<Row> package(const QString& name);
/// The note for a well-known service on \a port, if the table knows it.
std::optional<Row> port(int port);
/// All package rows (for documentation and tests).
QList<Row> packages();
} // namespace RiskTable
