#pragma once

#include "core/allowlist/AllowlistFile.h"
#include "core/allowlist/AuditLog.h"
#include "core/allowlist/EntryRules.h"
#include "core/allowlist/PendingState.h"
#include "core/allowlist/ReviewedState.h"
#include "core/allowlist/RiskAssessor.h"
#include "core/checkout/Checkout.h"
#include "core/fileio/WriteResult.h"

#include <QObject>

#include <optional>

class FileWatch;

/// A change waiting for a human decision: what changes, the risk of each entry, what has to
/// happen afterwards. Core never asks; the UI or the CLI shows this and calls back.
struct AllowlistReview {
    ChangeSet change;
    RiskNotes notes;
    QStringList highRisk; ///< added entries the reviewer must type to approve
    QStringList nextSteps;
    QStringList errors;        ///< why the change cannot be applied (empty: it can)
    QStringList alreadyListed; ///< asked to add but listed already: left out of the change
    struct Refusal {
        QString entry;  ///< as shown (EntryRules::display)
        QString reason; ///< the entry rule it breaks
    };
    QList<Refusal> refused;    ///< asked to add but refused by the entry rules: left out of the change
    bool outside = false;      ///< changes made outside the panel since the last review
    QString sha256Before;      ///< of the file the review was computed on
    QString file;              ///< the file shown; empty: the allowlist of change.kind
    bool entriesShown = false; ///< the entries are display text already (MCP review lines)
    bool ok() const { return errors.isEmpty(); }
    /// \a entry as a reviewer sees it (EntryRules::display unless it is display text already).
    QString shown(const QString& entry) const;
};

/// Both allowlists of a checkout: load/validate, propose a change for review, apply an approved
/// one (atomic write + audit line + reviewed state), detect and record outside changes, and the
/// "unreviewed / rebuild needed / restart needed" state.
class Allowlists : public QObject {
    Q_OBJECT
public:
    using Result = WriteResult;
    using Status = WriteResult::Status;

    explicit Allowlists(const Checkout& checkout, QObject* parent = nullptr);
    ~Allowlists() override;

    /// Reads both files and the reviewed state. With no reviewed state yet, the current files
    /// become the baseline, written to logs/allowlist-reviewed.json when logs/ exists (else kept
    /// in memory and written with the first approved change: loading never creates folders).
    bool load(QString* error = nullptr);
    /// Re-reads the files (after an outside change) and emits changed().
    void reload();

    QString filePath(AllowlistKind kind) const;
    QString auditPath() const { return m_checkout.path(QStringLiteral("logs/allowlist-audit.jsonl")); }
    QString reviewedStatePath() const { return m_checkout.path(QStringLiteral("logs/allowlist-reviewed.json")); }
    const AllowlistFile& file(AllowlistKind kind) const;
    /// The file could not be read at all (unreadable); a missing file loads as empty.
    QString readError(AllowlistKind kind) const { return m_state[int(kind)].readError; }
    /// True when the last load wrote a new baseline.
    bool baselineRecorded() const { return m_baselineRecorded; }

    /// Builds the review of adding / removing entries (errors filled when refused).
    AllowlistReview propose(const ChangeSet& change) const;
    /// Entries already listed are left out of the change and named (alreadyListed, next steps);
    /// refused only when none is new.
    AllowlistReview proposeAdd(AllowlistKind kind, const QStringList& entries) const;
    AllowlistReview proposeRemove(AllowlistKind kind, const QStringList& entries) const;
    /// Writes an approved review atomically, appends the audit line, records the new state, all
    /// under the checkout lock (so the audit chain stays linear). The change and its audit line
    /// land together or not at all: the audit file is opened before the write (no audit trail,
    /// no change), and a line that then fails to write rolls the file back.
    /// Refused when the file changed on disk since load, or outside changes are unreviewed.
    Result apply(const AllowlistReview& review, const QString& reason);

    /// True when the file on disk differs from the last reviewed state.
    bool hasUnreviewed(AllowlistKind kind) const;
    /// True when no reviewed state of the list was ever saved (the baseline is only in memory,
    /// logs/ missing): outsideChanges() then lists every entry, so edits made before any first
    /// change are visible, and recordReviewed() records them.
    bool neverReviewed(AllowlistKind kind) const { return m_unsavedBaseline[int(kind)]; }
    /// The outside changes as a review (change set vs the reviewed entries, with risk notes).
    AllowlistReview outsideChanges(AllowlistKind kind) const;
    /// Records the outside changes of \a review as reviewed (audit line + reviewed state).
    Result recordReviewed(const AllowlistReview& review, const QString& reason);

    /// Last approved change of each list (from the reviewed state).
    QDateTime changedAt(AllowlistKind kind) const { return m_reviewed.file(kind).changedAt; }
    /// Feeds the workspace's creation times (from WorkspaceProbe) and updates pending().
    void setWorkspaceTimes(const WorkspaceTimes& times);
    /// Asks \a engine for the workspace times of this checkout's compose project.
    void refreshWorkspaceTimes(EngineClient& engine);
    PendingState pending() const;
    /// The last workspace times fed by setWorkspaceTimes().
    const WorkspaceTimes& workspaceTimes() const { return m_times; }
    /// One-line state per list: "reviewed", "unreviewed changes", "rebuild needed", "restart needed".
    QStringList stateLabels(AllowlistKind kind) const;
    /// What needs a person, for the tray and Overview ("apt allowlist: unreviewed changes",
    /// "rebuild needed: ..."); empty when both lists are reviewed and applied.
    QStringList attention() const;

    /// Watches both files; outside changes reload the model and emit changed().
    void setWatching(bool on);
    bool isWatching() const { return m_watcher != nullptr; }

Q_SIGNALS:
    /// Files, reviewed state or pending state changed.
    void changed();
    /// An approved change or reviewed outside change was recorded in the audit trail.
    void changeRecorded(const AuditEntry& entry);

private:
    struct KindState {
        AllowlistFile file;
        QByteArray bytes;
        bool existed = false;
        QString readError;
    };
    bool readFile(AllowlistKind kind, KindState* out) const;
    /// Writes \a bytes (or, when null, only checks the file is unchanged), appends the audit line
    /// and saves the reviewed state, under the checkout lock; see apply().
    Result commit(AllowlistKind kind, const std::optional<QByteArray>& bytes, const ChangeSet& change, const QString& reason, const QString& shaBefore);

    Checkout m_checkout;
    KindState m_state[2];
    ReviewedState m_reviewed;
    bool m_baselineRecorded = false;
    bool m_unsavedBaseline[2] = {false, false};
    WorkspaceTimes m_times;
    FileWatch* m_watcher = nullptr;
    bool m_reloadQueued = false;
};
