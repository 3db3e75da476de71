#pragma once

#include "core/reports/ReportRecord.h"

#include <QChartView>
#include <QList>
#include <QPointF>
#include <QTimer>

class QLineSeries;
class QDateTimeAxis;
class QValueAxis;
class Reports;

/// Chart of the in-container mem_used_pct (left axis, %) and process_count (right axis) from
/// resources.jsonl. Fed by Reports (its recent buffer, then live records); redraws at most once
/// per \a redrawMs. For the Metrics tab: `new ResourceTrendChart(sandbox.reports(), parent)`.
class ResourceTrendChart : public QChartView {
    Q_OBJECT
public:
    explicit ResourceTrendChart(Reports& reports, QWidget* parent = nullptr, int redrawMs = 1000, int maxPoints = 2000);

    /// Adds one snapshot (timestamps out of order are placed by time on redraw).
    void addSnapshot(const ResourceSnapshot& snapshot);
    /// Points currently drawn (after the last redraw).
    int pointCount() const;
    /// Redraws now instead of waiting for the timer.
    void redraw();

    /// Room for what the chart must show whole: its title, the time labels and, along the plot's
    /// height, the longer vertical axis title (Qt elides it to that height: "M…", "Pr…").
    QSize minimumSizeHint() const override;

protected:
    void showEvent(QShowEvent* event) override;

private:
    void addRecords(const QList<ReportRecord>& records);

    QLineSeries* m_mem = nullptr;
    QLineSeries* m_procs = nullptr;
    QDateTimeAxis* m_time = nullptr;
    QValueAxis* m_memAxis = nullptr;
    QValueAxis* m_procAxis = nullptr;
    QList<QPointF> m_memPoints, m_procPoints;
    QTimer m_redraw;
    bool m_dirty = false;
    int m_maxPoints;
};
