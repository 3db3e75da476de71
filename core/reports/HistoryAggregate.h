#pragma once

#include "core/reports/ReportRecord.h"

#include <QMap>
#include <QMetaType>
#include <QString>

#include <atomic>
#include <functional>

/// Aggregates over a whole report file (all kinds share one shape; unused parts stay empty).
struct HistoryAggregate {
    struct Hour {
        qint64 records = 0;
        qint64 warnings = 0; ///< port scans with status warning
        double memPeakPct = -1;
        int processPeak = -1;
    };
    ReportKind kind = ReportKind::Resources;
    QString file;
    qint64 bytes = 0;
    qint64 records = 0;   ///< records that parsed
    qint64 malformed = 0; ///< not JSON, not an object or not UTF-8
    qint64 oversize = 0;
    QString firstTimestamp, lastTimestamp;
    double memPeakPct = -1;
    QString memPeakAt;
    qint64 memPeakOffset = -1;
    int processPeak = -1;
    QString processPeakAt;
    double memSumPct = 0; ///< for the average
    qint64 memSamples = 0;
    qint64 warnings = 0;              ///< port scans with status warning
    qint64 lastPortscanWarnings = -1; ///< newest summary's running count
    QMap<QString, Hour> perHour;      ///< key "YYYY-MM-DDTHH" (UTC)
    bool cancelled = false;

    double memAveragePct() const { return memSamples ? memSumPct / memSamples : 0; }
    /// Folds \a later (a later part of the same file) into this one.
    void merge(const HistoryAggregate& later);

    using Progress = std::function<void(qint64 done, qint64 total)>;
    /// Reads the whole file (memory-mapped, split over \a threads threads at record boundaries).
    /// \a cancel stops it early (result.cancelled). On failure returns false with *error.
    static bool compute(const QString& path, ReportKind kind, HistoryAggregate* result, const std::atomic<bool>* cancel = nullptr,
                        const Progress& progress = {}, int threads = 2, QString* error = nullptr);
    /// Aggregates records held in memory (\a data is the whole file or a part starting at \a base).
    void addBytes(const char* data, qint64 size, qint64 base, bool last, const std::atomic<bool>* cancel, std::atomic<qint64>* done);
};
Q_DECLARE_METATYPE(HistoryAggregate)
