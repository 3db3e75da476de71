#pragma once

#include <QString>

/// Notices the panel shows once per user (e.g. "closing keeps it in the tray"), remembered in the
/// panel's own state file beside the user's config file (AppConfig::userFile()).
namespace OneTimeNotices {
/// "close-to-tray": closing the window leaves the panel running in the tray.
inline constexpr const char* kCloseToTray = "close-to-tray";
/// The state file: panel-state.ini in the folder of AppConfig::userFile().
QString file();
bool shown(const char* id);
/// Remembers \a id (QSettings: written atomically, later reads see it at once).
void markShown(const char* id);
} // namespace OneTimeNotices
