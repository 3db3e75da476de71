#pragma once

#include <QString>

class MetricsStore;

/// CSV export of the metrics window (one row per container and sample).
namespace MetricsCsv {
/// Header plus rows for samples newer than \a sinceMsecs (0: everything kept).
QByteArray format(const MetricsStore& store, qint64 sinceMsecs = 0);
/// Writes format() to \a path atomically; false with *error on failure.
bool write(const MetricsStore& store, qint64 sinceMsecs, const QString& path, QString* error = nullptr);
} // namespace MetricsCsv
