#pragma once

#include "core/compose/ComposeModel.h"

#include <QJsonObject>
#include <QStringList>

class Checkout;

/// Checks before `up` that would otherwise fail half-way (each a clear message, nothing started).
namespace Preflight {
struct Result {
    QStringList errors;   ///< "KEY: message"; start refuses
    QStringList warnings; ///< "KEY: message"
};
/// The services' `cpus:` / `mem_limit:` against the engine's /info (NCPU, MemTotal). More CPUs
/// than the engine has is refused by the engine ("Range of CPUs is from 0.01 to N"): an error.
/// A memory limit above the engine's memory is a warning (the engine accepts it, it limits nothing).
Result limits(const ComposeModel& model, const QJsonObject& engineInfo, const QStringList& services);
/// What the checkout's new_project.sh (run on the host before `up`) needs: AGENTS.md in the
/// checkout, and jq on PATH when the script calls jq.
Result projectScript(const QString& checkoutRoot);
/// MCP server changes not reviewed since the last review (McpReviews) and an MCP file the
/// entrypoint cannot read: warnings. Start asks about them first (the panel), `sandbox-ctl up`
/// refuses without --yes (exit 4), and the start job prints them.
Result mcpReview(const Checkout& checkout);
} // namespace Preflight
