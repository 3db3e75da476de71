#pragma once

#include "core/reports/Alert.h"

#include <QIcon>

/// How the stack looks in the tray and header. Each kind differs by shape as well as colour,
/// so it reads without colour vision.
enum class StatusKind {
    Healthy,      ///< green circle with a check mark
    Transitional, ///< blue circle with an hourglass-like bar (starting / stopping)
    Degraded,     ///< orange triangle with "!"
    Stopped,      ///< grey square
    Unavailable,  ///< red octagon with a cross (engine unreachable, error)
};

namespace StatusIcons {
/// A painted icon for \a kind; \a badge > 0 adds a red count badge (unacknowledged alerts).
QIcon icon(StatusKind kind, int badge = 0);
/// A short label ("Running", "Starting…", ...).
QString label(StatusKind kind);
/// The icon of a notification follows its severity, never the stack: critical a red octagon,
/// warning an orange triangle, info a green check.
StatusKind forSeverity(Alert::Severity severity);
} // namespace StatusIcons
