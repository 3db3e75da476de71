#pragma once

#include <QWidget>

class PostureMonitor;
class QLabel;
class QPushButton;
class QTreeWidget;

/// The Posture tab: one row per hardening control with a status icon (distinct by shape as
/// well as colour), the status word, the detail and the policy sentence it comes from; a
/// summary line ("14/17 controls pass") and a Re-run button; while the egress control fails
/// (open egress where restricted was asked), a Restrict-now button. Shows; decides nothing.
class PostureView : public QWidget {
    Q_OBJECT
public:
    explicit PostureView(PostureMonitor& monitor, QWidget* parent = nullptr);

Q_SIGNALS:
    /// The operator asked to take the running workspace off every network with egress now.
    void restrictRequested();

private:
    void refreshView();
    void rerun();

    PostureMonitor& m_monitor;
    QLabel* m_summary;
    QLabel* m_when;
    QTreeWidget* m_table;
    QPushButton* m_rerun;
    QPushButton* m_restrictNow; ///< shown while the egress control fails
};
