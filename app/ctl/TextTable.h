#pragma once

#include <QList>
#include <QStringList>

/// A plain-text table for the CLI: each column as wide as its widest cell (header included),
/// columns two spaces apart, no trailing blanks.
namespace TextTable {
QString format(const QStringList& header, const QList<QStringList>& rows);
} // namespace TextTable
