#pragma once

#include "core/settings/SettingsTypes.h"

#include <QList>
#include <QString>
#include <QStringList>

/// Which allowlist file of a checkout.
enum class AllowlistKind { Apt, Port };

namespace AllowlistKinds {
/// "apt" or "port" (the CLI's and the audit log's name).
QString name(AllowlistKind kind);
/// Parses "apt" / "port"; false for anything else.
bool fromName(const QString& name, AllowlistKind* kind);
/// Path of the file relative to the checkout, e.g. "config/port-allowlist.txt".
QString relativePath(AllowlistKind kind);
/// What a change of the list needs before it is in force: the apt list is baked into the image
/// (Rebuild), the port list is read when the workspace container is created (Restart).
ApplyNeed applyNeed(AllowlistKind kind);
} // namespace AllowlistKinds

/// One problem found in an allowlist file, tied to a 1-based line (0: the whole file).
struct AllowlistFinding {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    int line = 0;
    QString message;
    bool isError() const { return severity == Severity::Error; }
    /// "line 12: error: ..." (or "error: ..." for line 0).
    QString toString() const;
};
using AllowlistFindings = QList<AllowlistFinding>;

/// An edit of one allowlist: entries to add and to remove (each list sorted, no duplicates).
struct ChangeSet {
    AllowlistKind kind = AllowlistKind::Apt;
    QStringList added;
    QStringList removed;
    bool isEmpty() const { return added.isEmpty() && removed.isEmpty(); }
    /// The change that turns \a before into \a after (entry sets).
    static ChangeSet between(AllowlistKind kind, const QStringList& before, const QStringList& after);
    bool operator==(const ChangeSet& o) const { return kind == o.kind && added == o.added && removed == o.removed; }
};

/// How risky an entry of a change set is, with a one-line reason.
struct RiskNote {
    enum class Level { Info, Warning, High };
    Level level = Level::Info;
    QString entry;
    bool removal = false; ///< the note is about removing \a entry
    QString reason;
    /// "info", "warning" or "high".
    QString levelName() const;
};
using RiskNotes = QList<RiskNote>;
