#pragma once

#include <QWidget>

class MetricChart;
class MetricsStore;
class QComboBox;
class QLabel;
class QPushButton;
class QTimer;
class Reports;
class Sandbox;

/// The Metrics tab: live CPU, memory, network, block I/O and PIDs per container from the
/// MetricsStore ring buffers, redrawn at most once per redraw interval (never per sample), plus
/// the in-container trend from resources.jsonl.
class MetricsTab : public QWidget {
    Q_OBJECT
public:
    explicit MetricsTab(Sandbox& sandbox, QWidget* parent = nullptr);
    MetricsTab(MetricsStore& store, Reports* reports, int redrawMs, QWidget* parent = nullptr);

    /// Charts by objectName: chartCpu, chartMemory, chartNetwork, chartBlockIo, chartPids.
    MetricChart* chart(const QString& objectName) const;
    /// Redraws from the ring buffers now (the timer calls this when data changed).
    void redraw();
    int redrawCount() const { return m_redraws; }
    /// The selected window in seconds.
    int windowSeconds() const;

private:
    void exportCsv();
    void exportPng();

    MetricsStore& m_store;
    QComboBox* m_window;
    QPushButton* m_pause;
    QLabel* m_status;
    QWidget* m_charts;
    QTimer* m_timer;
    bool m_dirty = true;
    int m_redraws = 0;
};
