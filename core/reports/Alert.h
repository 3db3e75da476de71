#pragma once

#include "core/reports/ReportRecord.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// Where an alert came from: the file and the record (offset is the stable reference).
struct RecordRef {
    QString file;
    qint64 offset = -1;
    qint64 seq = -1;
    bool isValid() const { return !file.isEmpty() && offset >= 0; }
};

/// One alert of the AlertCenter.
struct Alert {
    enum class Severity { Info, Warning, Critical };
    enum class Kind { PortscanWarning, PortscanWarningsIncreased, MemoryHigh, ReportRewritten, ReportSilent, ReportFileChanged, ReportReadError };

    quint64 id = 0;
    QDateTime time;
    Severity severity = Severity::Warning;
    Kind kind = Kind::PortscanWarning;
    QString title;
    QString detail;
    RecordRef ref;
    bool acknowledged = false;

    static QString severityName(Severity s);
    static QString kindName(Kind k);
    QJsonObject toJson() const;
};
Q_DECLARE_METATYPE(Alert)
