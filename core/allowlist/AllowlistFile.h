#pragma once

#include "core/allowlist/AllowlistTypes.h"

#include <QByteArray>

#include <vector>

/// One allowlist file (apt packages or ports) as lines kept byte for byte: comments, blank
/// lines and layout survive every edit. Validation follows SANDBOX.md; an edit is only possible
/// on a file without errors, so an invalid file is never rewritten silently.
class AllowlistFile {
public:
    struct Line {
        enum class Kind { Blank, Comment, Entry, Invalid };
        Kind kind = Kind::Invalid;
        QByteArray text; ///< without end-of-line bytes
        QByteArray eol;  ///< "\n", "\r\n" or empty for a last line without newline
        QString entry;   ///< Entry lines: the entry
    };

    /// Parses any bytes (never fails; problems become findings).
    static AllowlistFile parse(AllowlistKind kind, const QByteArray& bytes);
    /// The file's bytes; parse(b).serialize() == b.
    QByteArray serialize() const;

    AllowlistKind kind() const { return m_kind; }
    const std::vector<Line>& lines() const { return m_lines; }
    /// Entries in file order.
    QStringList entries() const;
    bool contains(const QString& entry) const { return lineOf(entry) >= 0; }
    /// 1-based line of \a entry, or -1.
    int lineOf(const QString& entry) const;
    /// Every problem, with its line number and reason.
    const AllowlistFindings& findings() const { return m_findings; }
    bool hasErrors() const;

    /// Checks a proposed edit: every added entry passes EntryRules::newEntryError() and is not
    /// listed yet, every removed entry is listed, and the file itself has no errors. Returns the
    /// reasons it is refused (empty: it may be applied).
    QStringList check(const ChangeSet& change) const;
    /// The file with \a change applied: removed lines dropped, each added entry inserted after
    /// the last smaller entry (before the first entry when none is smaller), comments untouched.
    /// Returns false with *errors (see check()) and leaves the file unchanged when refused.
    bool apply(const ChangeSet& change, QStringList* errors = nullptr);

private:
    void validate();
    QByteArray eolForNewLines() const;

    AllowlistKind m_kind = AllowlistKind::Apt;
    std::vector<Line> m_lines;
    AllowlistFindings m_findings;
};
