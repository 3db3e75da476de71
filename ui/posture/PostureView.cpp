#include "PostureView.h"

#include "posture/PostureMonitor.h"
#include "tray/StatusIcons.h"

#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {
QIcon iconFor(ControlStatus s)
{
    switch (s) {
    case ControlStatus::Pass:
        return StatusIcons::icon(StatusKind::Healthy);
    case ControlStatus::Fail:
        return StatusIcons::icon(StatusKind::Unavailable);
    case ControlStatus::Warn:
        return StatusIcons::icon(StatusKind::Degraded);
    case ControlStatus::Unknown:
        break;
    }
    return StatusIcons::icon(StatusKind::Stopped);
}
} // namespace

PostureView::PostureView(PostureMonitor& monitor, QWidget* parent)
    : QWidget(parent)
    , m_monitor(monitor)
{
    setObjectName(QStringLiteral("postureTab"));
    auto* layout = new QVBoxLayout(this);
    auto* top = new QHBoxLayout;
    m_summary = new QLabel(tr("Not audited yet"), this);
    m_summary->setObjectName(QStringLiteral("postureSummary"));
    QFont f = m_summary->font();
    f.setBold(true);
    m_summary->setFont(f);
    m_rerun = new QPushButton(tr("Re-&run audit"), this);
    m_rerun->setObjectName(QStringLiteral("postureRerun"));
    top->addWidget(m_summary, 1);
    top->addWidget(m_rerun);
    layout->addLayout(top);

    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("postureTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(true);
    m_table->setHeaderLabels({tr("Control"), tr("Status"), tr("Detail"), tr("Policy")});
    m_table->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->header()->setSectionResizeMode(3, QHeaderView::Interactive);
    m_table->setColumnWidth(3, 320);
    layout->addWidget(m_table, 1);

    connect(m_rerun, &QPushButton::clicked, &m_monitor, &PostureMonitor::refresh);
    connect(&m_monitor, &PostureMonitor::updated, this, &PostureView::refreshView);
    refreshView();
}

void PostureView::refreshView()
{
    const auto& results = m_monitor.results();
    if (results.isEmpty()) {
        m_summary->setText(m_monitor.lastError().isEmpty() ? tr("Not audited yet")
                                                           : tr("Cannot audit: %1").arg(m_monitor.lastError()));
    } else {
        int failed = 0;
        for (const ControlResult& r : results)
            failed += r.status == ControlStatus::Fail;
        m_summary->setText(tr("%1/%2 controls pass%3")
                               .arg(m_monitor.passedCount())
                               .arg(m_monitor.total())
                               .arg(failed ? tr(" — %n failing", nullptr, failed) : QString()));
    }
    m_table->clear();
    for (const ControlResult& r : results) {
        auto* item = new QTreeWidgetItem(m_table);
        item->setText(0, r.id);
        item->setIcon(1, iconFor(r.status));
        item->setText(1, PostureAudit::statusName(r.status).toUpper());
        item->setText(2, r.detail);
        item->setToolTip(2, r.detail);
        item->setText(3, r.policy);
        item->setToolTip(3, r.policy);
    }
}
