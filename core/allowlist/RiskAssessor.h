#pragma once

#include "core/allowlist/AllowlistTypes.h"
#include "core/composefile/ComposePorts.h"

#include <QHash>

/// What the risk notes of a change are computed from: the checkout's `.env` values and the
/// ports its docker-compose.yml publishes.
struct RiskContext {
    QHash<QString, QString> env;
    QList<ComposePort> published;
    QString composeError; ///< why the compose file could not be read (empty: read fine)

    /// Reads `.env` (through EnvFile) and docker-compose.yml of the checkout at \a root.
    static RiskContext load(const QString& root);
};

/// Computes the risk notes of a change set and what has to happen after it is applied.
namespace RiskAssessor {
/// The .env keys holding ports, in the order they are checked.
QStringList portKeys();
/// Notes for every added and removed entry (at least one note per entry).
RiskNotes assess(const ChangeSet& change, const RiskContext& context);
/// The highest level among \a notes for additions (Info when none).
RiskNote::Level highest(const RiskNotes& notes);
/// Added entries with a High note: the reviewer has to type each of them to approve.
QStringList highRiskEntries(const RiskNotes& notes);
/// Plain sentences on what happens next (rebuild, restart, compose change).
QStringList nextSteps(const ChangeSet& change, const RiskContext& context);
} // namespace RiskAssessor
