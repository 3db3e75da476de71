#pragma once

#include <QWidget>

class LifecyclePanel;
class Sandbox;

/// The Overview tab.
class OverviewTab : public QWidget {
    Q_OBJECT
public:
    explicit OverviewTab(Sandbox& sandbox, QWidget* parent = nullptr);

    /// The lifecycle buttons (Start asks about unreviewed MCP changes first).
    LifecyclePanel* lifecyclePanel() const { return m_lifecycle; }

private:
    Sandbox& m_sandbox;
    LifecyclePanel* m_lifecycle = nullptr;
};
