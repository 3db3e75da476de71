#pragma once

#include <QString>

/// spdlog set-up: every sink sees messages after Redaction::redact().
namespace Logging {
/// GUI: rotating file in the XDG state dir plus stderr.
void initForPanel();
/// CLI: warnings and errors to stderr only (stdout stays machine-readable).
void initForCli();
/// $XDG_STATE_HOME/sandbox-panel (default ~/.local/state/sandbox-panel).
QString stateDir();
} // namespace Logging
