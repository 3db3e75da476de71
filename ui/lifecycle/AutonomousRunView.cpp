#include "AutonomousRunView.h"
#include "ui/main/OutputView.h"

#include "core/compose/Lifecycle.h"

#include <QFormLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QTimer>
#include <QVBoxLayout>

namespace {
QLabel* valueLabel(const QString& name, QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setObjectName(name);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    return l;
}
} // namespace

AutonomousRunView::AutonomousRunView(Lifecycle& lifecycle, QWidget* parent)
    : QWidget(parent)
    , m_tick(new QTimer(this))
{
    setObjectName(QStringLiteral("autonomousRunView"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* form = new QFormLayout;
    m_task = valueLabel(QStringLiteral("autonomousTaskFile"), this);
    m_elapsed = valueLabel(QStringLiteral("autonomousElapsed"), this);
    m_status = valueLabel(QStringLiteral("autonomousStatus"), this);
    form->addRow(tr("Autonomous task:"), m_task);
    form->addRow(tr("Elapsed:"), m_elapsed);
    form->addRow(tr("Status:"), m_status);
    layout->addLayout(form);
    m_output = makeOutputView(QStringLiteral("autonomousOutput"), 5000, this);
    m_output->setAccessibleName(tr("autonomous.log"));
    layout->addWidget(m_output, 1);
    hide();

    m_tick->setInterval(1000);
    connect(m_tick, &QTimer::timeout, this, &AutonomousRunView::tick);
    connect(&lifecycle, &Lifecycle::autonomousStarted, this, &AutonomousRunView::begin);
    connect(&lifecycle, &Lifecycle::autonomousOutput, m_output, &QPlainTextEdit::appendPlainText);
    connect(&lifecycle, &Lifecycle::autonomousFinished, this, &AutonomousRunView::end);
}

void AutonomousRunView::begin(Job* job, const AutonomousRun& run)
{
    m_job = job;
    m_task->setText(run.taskFile);
    m_task->setToolTip(tr("Output: %1").arg(run.logFile));
    m_status->setText(run.summary());
    m_output->clear();
    tick();
    m_tick->start();
    show();
}

void AutonomousRunView::end(const AutonomousRun& run)
{
    m_tick->stop();
    m_elapsed->setText(tr("%1 s").arg(jobSeconds(run.durationMs)));
    m_status->setText(run.summary());
}

void AutonomousRunView::tick()
{
    if (m_job)
        m_elapsed->setText(tr("%1 s").arg(m_job->durationMs() / 1000));
}
