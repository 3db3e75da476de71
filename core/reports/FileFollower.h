#pragma once

#include "core/reports/RecordSplitter.h"
#include "core/reports/ReportRecord.h"
#include "core/reports/TamperGuard.h"

#include <QFile>
#include <QList>
#include <QMetaType>
#include <QString>

/// Something that happened to a followed file (beyond new records).
struct FollowerEvent {
    enum class Type {
        Opened,    ///< file opened (info)
        Missing,   ///< file does not exist (yet); waiting for it
        Created,   ///< file appeared after being missing or deleted (info)
        Truncated, ///< cut to zero (or cut and refilled with newer records): operator action, info
        Rotated,   ///< replaced by a new file (new inode): old one finished, new one followed (info)
        Deleted,   ///< removed; old one finished, waiting for a new one (info)
        Rewritten, ///< earlier bytes changed or the file shrank without rotation (alert)
        ReadError, ///< the file could not be read
    };
    Type type = Type::Opened;
    QString file;
    QString detail;
    qint64 offset = -1; ///< where the change was noticed (Rewritten: first changed chunk)
    bool isAlert() const { return type == Type::Rewritten || type == Type::ReadError; }
    static QString typeName(Type t);
};
Q_DECLARE_METATYPE(FollowerEvent)

/// How many records of each status a follower has delivered.
struct FollowerCounters {
    qint64 records = 0;   ///< all delivered, any status
    qint64 malformed = 0; ///< not JSON / not an object
    qint64 notUtf8 = 0;
    qint64 oversize = 0; ///< skipped for their size
    qint64 skipped() const { return malformed + notUtf8 + oversize; }
};
Q_DECLARE_METATYPE(FollowerCounters)

/// Follows one JSONL report synchronously (the caller chooses the thread): opens it at its end,
/// then poll() reads appends and notices truncation, rotation, deletion and rewrites.
class FileFollower {
public:
    struct Batch {
        QList<ReportRecord> records;
        QList<FollowerEvent> events;
    };

    FileFollower(const QString& path, ReportKind kind, qint64 maxRecordBytes = 1 << 20);

    /// Opens the file and returns its newest \a newest complete records (file order). The time
    /// taken depends on \a newest, not on the file's size (the file is scanned backwards).
    Batch open(int newest);
    /// Reads what was appended since the last call; handles truncation, rotation, deletion,
    /// re-creation and rewrites of earlier bytes (see FollowerEvent).
    Batch poll();

    QString path() const { return m_path; }
    ReportKind kind() const { return m_kind; }
    bool isOpen() const { return m_file.isOpen(); }
    /// Offset up to which the file has been consumed.
    qint64 position() const { return m_splitter.position(); }
    FollowerCounters counters() const { return m_counters; }

    /// Offset of the first record of the newest \a newest complete ones in the open file of
    /// \a size bytes (plus any pending record after them). Exposed for benchmarks and tests.
    qint64 findTailStart(int newest, qint64 size);

private:
    /// Opens the path if it is a regular file; *error says why not (empty: it is missing).
    bool openFile(QString* error = nullptr);
    void closeFile();
    void startAt(qint64 offset);
    void readAppended(Batch& batch);
    void followFromChange(Batch& batch, qint64 changedAt, qint64 size);
    FollowerEvent event(FollowerEvent::Type type, const QString& detail, qint64 offset = -1) const;
    bool refilledWithNewer(qint64 size);

    QString m_path;
    ReportKind m_kind;
    QFile m_file;
    quint64 m_dev = 0, m_ino = 0;
    qint64 m_mtimeNs = 0;
    RecordSplitter m_splitter;
    TamperGuard m_guard;
    FollowerCounters m_counters;
    qint64 m_seq = 0;
    QString m_lastTimestamp;
    bool m_everOpened = false;
    bool m_missingReported = false;
    QString m_lastOpenError;
};
