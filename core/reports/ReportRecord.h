#pragma once

#include "core/reports/RecordSplitter.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

/// The three monitoring reports of SANDBOX.md.
enum class ReportKind { Resources, Portscan, Summary };

/// File name of a report kind ("resources.jsonl", ...).
QString reportFileName(ReportKind kind);
/// Short name used by the CLI and in titles: "resources", "portscan", "summary".
QString reportKindName(ReportKind kind);
/// Parses a short name; false when unknown.
bool reportKindFromName(const QString& name, ReportKind* kind);

/// One record of a report file as read: parsed object, or why it could not be parsed.
struct ReportRecord {
    enum class Status { Ok, Malformed, NotUtf8, Oversize };

    ReportKind kind = ReportKind::Resources;
    Status status = Status::Ok;
    QString file;      ///< absolute path of the file it was read from
    qint64 offset = 0; ///< byte offset in that file (the record's stable reference)
    qint64 length = 0;
    qint64 seq = 0; ///< running number of records delivered by its follower
    int lines = 1;
    QByteArray raw;     ///< the bytes as they stand (a preview when oversize), secrets masked (Redaction)
    QJsonObject object; ///< the parsed object when status == Ok
    QString error;      ///< parse error for display

    bool ok() const { return status == Status::Ok; }
    QDateTime timestamp() const;
    /// The record as one compact JSON line (the raw text when it did not parse).
    QByteArray compactJson() const;
    /// compactJson() for display: control characters escaped visibly (VisibleText).
    QString visibleJson() const;
    /// Raw text for display (invalid UTF-8 shown with replacement characters, control
    /// characters escaped visibly).
    QString displayText() const;
};
Q_DECLARE_METATYPE(ReportRecord)

/// Parses a raw record of \a kind read from \a file. Secrets (Redaction: registered .env values,
/// KEY=value pairs with secret keys, token shapes) are masked in its fields, keys and raw text:
/// every reader (sandbox-ctl, the panel's views, copies and alerts) gets the masked record.
ReportRecord parseRecord(const RawRecord& raw, ReportKind kind, const QString& file);
/// True when \a data is valid UTF-8.
bool isValidUtf8(const char* data, qint64 size);
/// Parses "YYYY-MM-DDTHH:MM:SSZ" (UTC); invalid QDateTime otherwise.
QDateTime parseReportTime(const QString& text);

/// A process of a resource snapshot's top list.
struct TopProcess {
    QString user;
    qint64 pid = 0;
    double cpu = 0;
    double mem = 0;
    QString command;
};

/// resources.jsonl record.
struct ResourceSnapshot {
    QDateTime timestamp;
    qint64 memTotalKb = 0, memAvailableKb = 0, swapTotalKb = 0, swapFreeKb = 0;
    double memUsedPct = 0;
    int processCount = 0;
    QList<TopProcess> topProcesses;
    static ResourceSnapshot fromJson(const QJsonObject& o);
};

/// One listener a port scan names as unexpected.
struct UnexpectedListener {
    QString address;
    QString process; ///< ss's process column; empty when the scan shows no owner
    /// A listener every sandbox has (Docker's embedded DNS, see KnownListeners): not a warning.
    bool isKnown() const;
    /// "0.0.0.0:5555 (users:((nc,pid=7,fd=3)))", "0.0.0.0:5555 (no process shown)" or
    /// "127.0.0.11:40305 Docker's embedded DNS (expected)".
    QString label() const;
};

/// portscan.jsonl record.
struct PortScanResult {
    QDateTime timestamp;
    QString status; ///< "ok" or "warning" as the monitor wrote it
    QStringList expectedPorts;
    QList<UnexpectedListener> unexpected;
    /// The unexpected listeners that are not known ones: what a warning is about.
    QList<UnexpectedListener> unknown() const;
    /// A real warning: an unknown listener, or "warning" with none named. A scan whose only
    /// unexpected listener is Docker's embedded DNS is ok.
    bool isWarning() const;
    static PortScanResult fromJson(const QJsonObject& o);
};

/// security_summary.jsonl record.
struct SecuritySummary {
    QDateTime timestamp;
    int processCount = 0;
    qint64 memTotalKb = 0, memAvailableKb = 0;
    qint64 portscanWarnings = 0;
    qint64 resourceSnapshots = 0;
    QStringList listeners;
    static SecuritySummary fromJson(const QJsonObject& o);
};

/// A readable one-line summary of a record ("... portscan WARNING 0.0.0.0:5555 (nc)").
QString recordSummary(const ReportRecord& record);
