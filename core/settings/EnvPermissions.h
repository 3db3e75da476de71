#pragma once

#include <QString>

/// The `.env` file's mode: it holds secrets, so only 600, 400 or 640 are accepted.
namespace EnvPermissions {
/// True when \a path exists and others (or the group beyond read) may access it.
bool tooOpen(const QString& path);
/// Sets \a path to mode 600 (owner read/write). False with *error when it cannot.
bool fix(const QString& path, QString* error = nullptr);
} // namespace EnvPermissions
