#pragma once

#include "core/allowlist/AllowlistTypes.h"

#include <QDateTime>
#include <QHash>

/// The last reviewed state of both allowlists, kept in `logs/allowlist-reviewed.json` beside the
/// audit log: per file its sha256, its entries, when it was reviewed, and when an approved change
/// of its entries last happened (for "rebuild/restart needed").
class ReviewedState {
public:
    struct File {
        QString sha256;
        QStringList entries;
        QDateTime reviewedAt;
        QDateTime changedAt;   ///< last approved change of the entries (invalid: none recorded)
        QString imageAtChange; ///< workspace image ID at changedAt, when the engine told it
    };

    explicit ReviewedState(const QString& path)
        : m_path(path)
    {
    }
    QString path() const { return m_path; }
    /// Reads the state; a missing file is no error (exists() is false then).
    bool load(QString* error = nullptr);
    /// Writes it through SafeWrite (mode and owner kept, checked writes).
    bool save(QString* error = nullptr) const;
    bool exists() const { return m_exists; }

    bool has(AllowlistKind kind) const { return m_files.contains(int(kind)); }
    File file(AllowlistKind kind) const { return m_files.value(int(kind)); }
    void setFile(AllowlistKind kind, const File& file) { m_files.insert(int(kind), file); }

private:
    QString m_path;
    bool m_exists = false;
    QHash<int, File> m_files;
};
