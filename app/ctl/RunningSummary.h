#pragma once

#include "CtlCommand.h"

#include <QJsonObject>

/// What `sandbox-ctl status` says about the RUNNING workspace (the engine's view: its networks'
/// Internal flag, its environment) and the `.env` edits a restart would apply.
namespace RunningSummary {
/// Lines "running: egress restricted, mode interactive", "after restart: egress full",
/// "warning: loosened: ..."; empty when no workspace runs.
QStringList lines(CtlContext& c);
/// {"egress", "mode", "pending": [...], "loosened": [...]}; empty when no workspace runs.
QJsonObject json(CtlContext& c);
} // namespace RunningSummary
