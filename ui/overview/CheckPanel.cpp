#include "CheckPanel.h"
#include "ui/main/EmptyViewText.h"

#include "core/check/SecurityCheck.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

CheckPanel::CheckPanel(const Checkout& checkout, QWidget* parent)
    : QGroupBox(tr("Security check (make check)"), parent)
    , m_check(new SecurityCheck(checkout, this))
{
    setObjectName(QStringLiteral("checkPanel"));
    auto* layout = new QVBoxLayout(this);
    auto* row = new QHBoxLayout;
    m_run = new QPushButton(tr("&Check"), this);
    m_run->setObjectName(QStringLiteral("checkButton"));
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("checkProgress"));
    m_progress->setTextVisible(true);
    row->addWidget(m_run);
    row->addWidget(m_progress, 1);
    layout->addLayout(row);
    m_summary = new QLabel(tr("Not run yet."), this);
    m_summary->setObjectName(QStringLiteral("checkSummary"));
    m_summary->setTextFormat(Qt::PlainText);
    m_summary->setWordWrap(true);
    layout->addWidget(m_summary);
    m_results = new QTreeWidget(this);
    m_results->setObjectName(QStringLiteral("checkResults"));
    m_results->setColumnCount(3);
    m_results->setHeaderLabels({tr("Result"), tr("Step"), tr("Detail")});
    setEmptyViewText(m_results, tr("No results yet: Check runs the checkout's own security checks."));
    m_results->header()->setStretchLastSection(true);
    layout->addWidget(m_results, 1);

    connect(m_run, &QPushButton::clicked, this, &CheckPanel::runCheck);
    connect(m_check, &SecurityCheck::progress, this, [this](int done, int total, const QString& title) {
        m_progress->setRange(0, total);
        m_progress->setValue(done);
        m_progress->setFormat(QStringLiteral("%v/%m %1").arg(title));
    });
    connect(m_check, &SecurityCheck::finished, this, &CheckPanel::showResults);
}

void CheckPanel::runCheck()
{
    m_run->setEnabled(false);
    m_results->clear();
    m_summary->setText(tr("Checking…"));
    m_check->start();
}

void CheckPanel::showResults()
{
    m_run->setEnabled(true);
    for (const CheckStep& s : m_check->steps()) {
        const bool failed = s.status == CheckStep::Status::Fail;
        auto* item = new QTreeWidgetItem(m_results, {s.statusName(), s.id, failed ? s.message : s.title});
        for (const QString& d : s.details)
            new QTreeWidgetItem(item, {QString(), QString(), d});
        for (const SecretFinding& f : s.findings)
            new QTreeWidgetItem(item, {QString(), f.location(), f.text});
        item->setExpanded(failed || s.details.filter(QStringLiteral("warning: ")).size() > 0);
    }
    const CheckStep* first = m_check->firstFailure();
    m_summary->setText(first ? tr("Failed: %1 (%2)").arg(first->message, first->id)
                             : tr("%1 (%2 files scanned)").arg(m_check->passedSummary()).arg(m_check->filesScanned()));
}
