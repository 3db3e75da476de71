#pragma once

#include "core/mcp/McpReviews.h"

#include <QGroupBox>

class QLabel;
class QPushButton;
class QTreeWidget;

/// The MCP servers the workspace will use (MCP_CONFIG_FILE): name, kind, enabled, command or
/// URL and findings per server (secrets masked), the unreviewed state, and "Review…" through
/// the allowlists' ReviewDialog. Shows what McpReviews knows; decides nothing itself.
class McpPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit McpPanel(const Checkout& checkout, QWidget* parent = nullptr);

    /// Re-reads .env, the MCP file and the reviewed state.
    void reload();
    const McpReviews& reviews() const { return m_reviews; }

private:
    void review();

    McpReviews m_reviews;
    QLabel* m_summary = nullptr;
    QTreeWidget* m_servers = nullptr;
    QPushButton* m_review = nullptr;
};
