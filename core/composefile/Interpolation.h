#pragma once

#include <QHash>
#include <QString>

/// Compose-style variable interpolation: `${VAR}`, `${VAR:-default}`, `${VAR-default}`,
/// `${VAR:?err}` / `${VAR?err}` (read as empty), `$VAR`, `$$` for a literal `$`.
namespace Interpolation {
/// \a text with variables replaced from \a values (missing variables become empty, or their
/// default). Returns false with *error on an unterminated `${`.
bool expand(const QString& text, const QHash<QString, QString>& values, QString* out, QString* error = nullptr);
} // namespace Interpolation
