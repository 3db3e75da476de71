#pragma once

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

/// One chart of the Metrics tab: wall-clock time on x, one line per (container, part) on y, with
/// "nice" ticks (1, 2, 5 × 10ⁿ) labelled in a unit that fits the data (MiB or GiB, KiB/s or
/// MiB/s). Data is replaced wholesale by setSeriesData() and drawn by setRange(); a gap in the
/// samples (an engine outage) breaks the line. Hovering shows the value under the cursor.
class MetricChart : public QChartView {
    Q_OBJECT
public:
    enum class Unit { Percent, Bytes, BytesPerSecond, Pids };

    MetricChart(const QString& title, Unit unit, QWidget* parent = nullptr);

    /// Replaces the points of series \a name (created on first use); y in the raw unit (bytes).
    void setSeriesData(const QString& name, const QList<QPointF>& points, const QString& label = {});
    /// Removes series not in \a keep.
    void retainSeries(const QStringList& keep);
    /// Sets the visible time range, picks the unit and ticks for the data, and draws.
    void setRange(qint64 fromMsecs, qint64 toMsecs);
    int seriesCount() const { return int(m_lines.size()); }
    int pointCount(const QString& name) const;
    /// The lines drawn for series \a name: one per run of samples without a gap.
    int segmentCount(const QString& name) const;
    /// The legend text of series \a name (empty when there is no such series).
    QString seriesLabel(const QString& name) const;
    /// The y tick labels as the axis prints them, bottom to top ("0 %", "20 %", …).
    QStringList yTickLabels() const;
    /// The time axis' title and its tick times, oldest first.
    QString timeAxisTitle() const;
    QList<qint64> timeTicks() const;

    /// Two samples further apart than this are not joined (the stats stream sends one a second).
    static constexpr double kMaxGapMs = 3000;

private:
    struct Line {
        QString label;
        QList<QPointF> raw;
        QList<QLineSeries*> runs; ///< runs[0] lives as long as the line (its colour and legend entry)
    };
    QLineSeries* addRun(const QString& name, Line& line);
    void draw(const QString& name, Line& line, double divisor);

    Unit m_unit;
    QString m_unitName;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, Line> m_lines;
};
