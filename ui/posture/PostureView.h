#pragma once

#include <QWidget>

class PostureMonitor;
class QLabel;
class QPushButton;
class QTreeWidget;

/// The Posture tab: one row per hardening control with a status icon (distinct by shape),
/// the detail and the policy sentence it comes from; a summary line and Re-run.
class PostureView : public QWidget {
    Q_OBJECT
public:
    explicit PostureView(PostureMonitor& monitor, QWidget* parent = nullptr);

private:
    void refreshView();

    PostureMonitor& m_monitor;
    QLabel* m_summary;
    QTreeWidget* m_table;
    QPushButton* m_rerun;
};
