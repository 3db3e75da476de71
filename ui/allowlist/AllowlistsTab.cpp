#include "AllowlistsTab.h"

#include "AllowlistPanel.h"
#include "McpPanel.h"
#include "core/allowlist/Allowlists.h"
#include "core/compose/Lifecycle.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/PinRecord.h"
#include "core/settings/Settings.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QVBoxLayout>

AllowlistsTab::AllowlistsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_sandbox(sandbox)
{
    setObjectName(QStringLiteral("allowlistsTab"));
    Allowlists& lists = m_sandbox.allowlists();
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("allowlistsSummary"));
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    auto* row = new QHBoxLayout;
    m_apt = new AllowlistPanel(lists, AllowlistKind::Apt, this);
    m_port = new AllowlistPanel(lists, AllowlistKind::Port, this);
    row->addWidget(m_apt, 3);
    row->addWidget(m_port, 2);
    layout->addLayout(row, 1);
    m_mcp = new McpPanel(m_sandbox.checkout(), this);
    layout->addWidget(m_mcp, 1);
    // MCP_CONFIG_FILE, NETWORK_EGRESS and the port allowlist all feed its findings.
    connect(&m_sandbox.settings(), &Settings::changed, m_mcp, &McpPanel::reload);
    connect(&lists, &Allowlists::changed, m_mcp, &McpPanel::reload);
    connect(&lists, &Allowlists::changed, this, &AllowlistsTab::updateSummary);
    connect(&m_sandbox.settings(), &Settings::changed, this, &AllowlistsTab::updateSummary);
    connect(&m_sandbox.lifecycle(), &Lifecycle::jobFinished, this, &AllowlistsTab::updateSummary);
    updateSummary();
}

void AllowlistsTab::updateSummary()
{
    const QStringList attention = m_sandbox.allowlists().attention() + PinRecord::attention(m_sandbox.checkout());
    m_summary->setText(attention.isEmpty() ? tr("Both allowlists are reviewed. Every addition is a security change: it opens a review first.")
                                           : attention.join(QLatin1Char('\n')));
}
