#pragma once

#include "core/mcp/McpReviews.h"

#include <QGroupBox>

class QLabel;
class QPushButton;
class QTreeWidget;

/// The MCP servers the workspace will use (MCP_CONFIG_FILE): name, kind, enabled, command or
/// URL and findings per server (secrets masked), the unreviewed state, and "Review…" through
/// the allowlists' ReviewDialog. Shows what McpReviews knows; decides nothing itself. Reading
/// the files and recording a review run off the GUI thread (a 4 MB file never freezes it).
class McpPanel : public QGroupBox {
    Q_OBJECT
public:
    explicit McpPanel(const Checkout& checkout, QWidget* parent = nullptr);

    /// Re-reads .env, the MCP file and the reviewed state (off the GUI thread; loaded() follows).
    void reload();
    /// What the last load read (empty until loaded()).
    const McpReviews& reviews() const { return m_reviews; }

Q_SIGNALS:
    /// A load finished and the view shows it.
    void loaded();

private:
    void review();
    void showLoaded(const QString& error);

    Checkout m_checkout;
    McpReviews m_reviews;
    bool m_loading = false;
    bool m_reloadAgain = false; ///< a reload was asked while one ran
    QLabel* m_summary = nullptr;
    QTreeWidget* m_servers = nullptr;
    QPushButton* m_review = nullptr;
};
