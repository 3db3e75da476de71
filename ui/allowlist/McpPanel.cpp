#include "McpPanel.h"
#include "ui/main/EmptyViewText.h"

#include "ReviewDialog.h"
#include "core/text/VisibleText.h"
#include "core/thread/OffThread.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <utility>

McpPanel::McpPanel(const Checkout& checkout, QWidget* parent)
    : QGroupBox(tr("MCP servers"), parent)
    , m_checkout(checkout)
    , m_reviews(checkout)
{
    setObjectName(QStringLiteral("mcpPanel"));
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("mcpSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::PlainText);
    layout->addWidget(m_summary);
    m_servers = new QTreeWidget(this);
    m_servers->setObjectName(QStringLiteral("mcpServers"));
    m_servers->setColumnCount(5);
    m_servers->setHeaderLabels({tr("Name"), tr("Kind"), tr("Enabled"), tr("Command or URL"), tr("Findings")});
    m_servers->setRootIsDecorated(false);
    setEmptyViewText(m_servers, tr("No MCP servers: the checkout's MCP configuration lists none."));
    m_servers->header()->setStretchLastSection(true);
    layout->addWidget(m_servers, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    m_review = new QPushButton(tr("Re&view MCP changes…"), this);
    m_review->setObjectName(QStringLiteral("mcpReviewButton"));
    auto* reloadButton = new QPushButton(tr("Re&load"), this);
    reloadButton->setObjectName(QStringLiteral("mcpReloadButton"));
    buttons->addWidget(m_review);
    buttons->addWidget(reloadButton);
    layout->addLayout(buttons);
    connect(m_review, &QPushButton::clicked, this, &McpPanel::review);
    connect(reloadButton, &QPushButton::clicked, this, &McpPanel::reload);
    reload();
}

void McpPanel::reload()
{
    if (m_loading) {
        m_reloadAgain = true;
        return;
    }
    m_loading = true;
    m_review->setEnabled(false);
    if (m_summary->text().isEmpty())
        m_summary->setText(tr("Reading the MCP configuration…"));
    using Loaded = std::pair<McpReviews, QString>;
    const Checkout checkout = m_checkout;
    OffThread::run<Loaded>(
        this,
        [checkout] {
            Loaded l{McpReviews(checkout), QString()};
            l.first.load(&l.second);
            return l;
        },
        [this](const Loaded& l) {
            m_loading = false;
            m_reviews = l.first;
            showLoaded(l.second);
            if (std::exchange(m_reloadAgain, false))
                reload();
            else
                Q_EMIT loaded();
        });
}

void McpPanel::showLoaded(const QString& error)
{
    const McpConfig& cfg = m_reviews.config();
    QStringList lines;
    if (!cfg.configuredAtAll())
        lines << tr("No MCP_CONFIG_FILE set: the workspace uses only its built-in MCP servers.");
    else
        lines << tr("MCP_CONFIG_FILE %1 → %2").arg(VisibleText::escape(cfg.configured), cfg.path.isEmpty() ? tr("(not found)") : VisibleText::escape(cfg.path));
    for (const McpFinding& f : m_reviews.findingsOf(QString()))
        lines << f.message;
    if (!error.isEmpty())
        lines << error;
    lines << (m_reviews.hasUnreviewed() ? tr("Unreviewed changes since the last review.") : tr("Reviewed."));
    m_summary->setText(lines.join(QLatin1Char('\n')));

    m_servers->setUpdatesEnabled(false);
    m_servers->clear();
    QList<QTreeWidgetItem*> items;
    items.reserve(cfg.servers.size());
    for (const McpServer& s : cfg.servers) {
        QStringList findings;
        for (const McpFinding& f : m_reviews.findingsOf(s.name))
            findings << QStringLiteral("%1: %2").arg(f.severityName(), f.message);
        auto* item = new QTreeWidgetItem({s.shownName(), s.kindName(), s.enabled ? tr("yes") : tr("no"), s.shownTarget(), findings.join(QStringLiteral("; "))});
        item->setToolTip(4, findings.join(QLatin1Char('\n')));
        items << item;
    }
    m_servers->addTopLevelItems(items);
    m_servers->setUpdatesEnabled(true);
    m_review->setEnabled(m_reviews.hasUnreviewed());
}

void McpPanel::review()
{
    if (m_loading || !m_reviews.hasUnreviewed())
        return;
    const AllowlistReview r = m_reviews.unreviewed();
    QString reason;
    if (!ReviewDialog::ask(r, this, &reason))
        return;
    // Recorded off the GUI thread (the checkout lock, the safe write); a change made meanwhile
    // is refused there (ChangedOnDisk), never overwritten.
    m_review->setEnabled(false);
    OffThread::run<WriteResult>(
        this, [reviews = m_reviews, r, reason]() mutable { return reviews.recordReviewed(r, reason); },
        [this](const WriteResult& w) {
            if (!w.ok())
                QMessageBox::warning(this, tr("MCP review not recorded"), w.message);
            reload();
        });
}
