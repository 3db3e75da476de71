#pragma once

#include <QWidget>

class AllowlistPanel;
class McpPanel;
class QLabel;
class Sandbox;

/// The Allowlists tab: both lists side by side with add/remove through the review dialog, the
/// state of each (reviewed / unreviewed changes / rebuild needed / restart needed) and the
/// review of outside changes; below them the MCP servers, reviewed the same way.
class AllowlistsTab : public QWidget {
    Q_OBJECT
public:
    explicit AllowlistsTab(Sandbox& sandbox, QWidget* parent = nullptr);

    AllowlistPanel* aptPanel() const { return m_apt; }
    AllowlistPanel* portPanel() const { return m_port; }
    McpPanel* mcpPanel() const { return m_mcp; }

private:
    void updateSummary();

    Sandbox& m_sandbox;
    AllowlistPanel* m_apt = nullptr;
    AllowlistPanel* m_port = nullptr;
    McpPanel* m_mcp = nullptr;
    QLabel* m_summary = nullptr;
};
