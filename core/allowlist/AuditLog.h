#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

/// One line of `logs/allowlist-audit.jsonl` (CLI.md shape).
struct AuditEntry {
    QDateTime timestamp; ///< UTC
    QString user;
    QString file; ///< relative path, e.g. config/port-allowlist.txt
    QStringList added;
    QStringList removed;
    QString reason;
    QString sha256Before;
    QString sha256After;

    QJsonObject toJson() const;
    static AuditEntry fromJson(const QJsonObject& o);
};

/// The append-only audit trail. Each append is one complete line handed to a single write(2)
/// on a descriptor opened with O_APPEND, then fsync(2): concurrent writers never interleave
/// inside a line, and a crash leaves either the whole line or none of it on disk (a torn tail
/// from a lost older write is closed with a newline first so the next line stays whole).
class AuditLog {
public:
    /// The audit file opened for appending before a change is made: a change whose line could
    /// not be written is never applied (Allowlists opens this first, then writes, then appends).
    class Appender {
    public:
        /// Opens \a path (creating logs/ and the file, mode 600, as needed).
        explicit Appender(const QString& path);
        ~Appender();
        Appender(const Appender&) = delete;
        Appender& operator=(const Appender&) = delete;
        bool isOpen() const { return m_fd >= 0; }
        QString error() const { return m_error; }
        /// One whole line, one write(2), then fsync(2).
        bool append(const AuditEntry& entry, QString* error);
        /// \a line as one compact JSON line, the same way (other audit trails: settings).
        bool appendJson(const QJsonObject& line, QString* error);

    private:
        QString m_path;
        int m_fd = -1;
        QString m_error;
    };

    explicit AuditLog(const QString& path)
        : m_path(path)
    {
    }
    QString path() const { return m_path; }
    /// Appends \a entry as one JSON line (creating logs/ and the file, mode 600, as needed).
    bool append(const AuditEntry& entry, QString* error = nullptr) const;
    /// Every complete line that parses (a torn last line is skipped).
    QList<AuditEntry> read(QString* error = nullptr) const;

    /// Lower-case hex SHA-256 of \a bytes.
    static QString sha256(const QByteArray& bytes);
    /// The login name of the current user.
    static QString currentUser();

private:
    QString m_path;
};
