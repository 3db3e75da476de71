#include "PostureView.h"
#include "ui/main/EmptyViewText.h"

#include "core/posture/PostureMonitor.h"
#include "ui/tray/StatusIcons.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QIcon iconFor(ControlStatus s)
{
    switch (s) {
    case ControlStatus::Pass: return StatusIcons::icon(StatusKind::Healthy);     // green circle, check mark
    case ControlStatus::Fail: return StatusIcons::icon(StatusKind::Unavailable); // red octagon, cross
    case ControlStatus::Warn: return StatusIcons::icon(StatusKind::Degraded);    // orange triangle, "!"
    case ControlStatus::Unknown: break;
    }
    return StatusIcons::icon(StatusKind::Stopped); // grey square
}

int count(const QList<ControlResult>& results, ControlStatus s)
{
    return int(std::count_if(results.begin(), results.end(), [s](const ControlResult& r) { return r.status == s; }));
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
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    QFont f = m_summary->font();
    f.setBold(true);
    m_summary->setFont(f);
    m_when = new QLabel(this);
    m_when->setObjectName(QStringLiteral("postureLastRun"));
    m_rerun = new QPushButton(tr("Re-&run audit"), this);
    m_rerun->setObjectName(QStringLiteral("postureRerun"));
    m_rerun->setToolTip(tr("Inspect the running workspace again and re-evaluate every control"));
    m_restrictNow = new QPushButton(tr("Restrict &egress now"), this);
    m_restrictNow->setObjectName(QStringLiteral("postureRestrictNow"));
    m_restrictNow->setToolTip(tr("Take the running workspace off every network with egress now (it keeps the internal network), then verify "
                                 "through the engine; the same as `sandbox-ctl restrict`"));
    m_restrictNow->setVisible(false);
    top->addWidget(m_summary, 1);
    top->addWidget(m_when);
    top->addWidget(m_restrictNow);
    top->addWidget(m_rerun);
    layout->addLayout(top);

    auto* intro = new QLabel(tr("The running workspace container checked against the hardening promises of the "
                                "checkout's SECURITY.md, with expected values from its .env and compose file."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    m_table = new QTreeWidget(this);
    m_table->setObjectName(QStringLiteral("postureTable"));
    m_table->setRootIsDecorated(false);
    m_table->setAlternatingRowColors(true);
    m_table->setUniformRowHeights(true);
    m_table->setHeaderLabels({tr("Control"), tr("Status"), tr("Detail"), tr("Policy")});
    setEmptyViewText(m_table, tr("Not audited yet: the controls are checked once the workspace container runs "
                                 "(and again after each start)."));
    m_table->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_table->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_table->header()->setSectionResizeMode(2, QHeaderView::Interactive);
    m_table->header()->setStretchLastSection(true);
    m_table->setColumnWidth(2, 560);
    layout->addWidget(m_table, 1);

    connect(m_rerun, &QPushButton::clicked, this, &PostureView::rerun);
    connect(m_restrictNow, &QPushButton::clicked, this, [this] {
        m_restrictNow->setEnabled(false);
        Q_EMIT restrictRequested();
    });
    connect(&m_monitor, &PostureMonitor::updated, this, &PostureView::refreshView);
    refreshView();
}

void PostureView::rerun()
{
    m_rerun->setEnabled(false);
    m_when->setText(tr("Auditing…"));
    m_monitor.refresh();
}

void PostureView::refreshView()
{
    m_rerun->setEnabled(true);
    QList<ControlResult> rows = m_monitor.results();
    if (rows.isEmpty()) {
        const QString error = m_monitor.lastError();
        m_summary->setText(error.isEmpty() ? tr("Not audited yet") : tr("Cannot audit: %1").arg(error));
        if (!error.isEmpty())
            rows = PostureAudit::allUnknown(tr("not audited"));
    } else {
        const int failed = count(rows, ControlStatus::Fail);
        const int warned = count(rows, ControlStatus::Warn);
        QStringList extra;
        if (failed)
            extra << tr("%n failing", nullptr, failed);
        if (warned)
            extra << tr("%n warning(s)", nullptr, warned);
        m_summary->setText(tr("%1/%2 controls pass").arg(m_monitor.passedCount()).arg(m_monitor.total())
                           + (extra.isEmpty() ? QString() : QStringLiteral(" — ") + extra.join(QStringLiteral(", "))));
    }
    m_when->setText(m_monitor.lastRun().isValid() ? tr("audited %1").arg(m_monitor.lastRun().toLocalTime().toString(QStringLiteral("HH:mm:ss"))) : QString());
    const bool egressOpen = std::any_of(rows.cbegin(), rows.cend(),
                                        [](const ControlResult& r) { return r.id == QLatin1String("egress") && r.status == ControlStatus::Fail; });
    m_restrictNow->setVisible(egressOpen);
    m_restrictNow->setEnabled(true);
    m_table->clear();
    for (const ControlResult& r : std::as_const(rows)) {
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
