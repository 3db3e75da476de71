#pragma once

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>

class QDateTimeAxis;
class QLineSeries;
class QValueAxis;

/// One chart of the Metrics tab: time on x, one line per (container, part) on y. Data is
/// replaced wholesale by setSeriesData(); hovering shows the value under the cursor.
class MetricChart : public QChartView {
    Q_OBJECT
public:
    MetricChart(const QString& title, const QString& unit, QWidget* parent = nullptr);

    /// Replaces the points of series \a name (created on first use).
    void setSeriesData(const QString& name, const QList<QPointF>& points, const QString& label = {});
    /// Removes series not in \a keep.
    void retainSeries(const QStringList& keep);
    /// Sets the visible time range and rescales y to the data.
    void setRange(qint64 fromMsecs, qint64 toMsecs);
    int seriesCount() const { return int(m_series.size()); }
    int pointCount(const QString& name) const;
    /// The legend text of series \a name (empty when there is no such series).
    QString seriesLabel(const QString& name) const;

private:
    QString m_unit;
    QDateTimeAxis* m_x;
    QValueAxis* m_y;
    QHash<QString, QLineSeries*> m_series;
};
