#include "LifecyclePanel.h"
#include "ui/main/OutputView.h"

#include "core/compose/Lifecycle.h"
#include "core/compose/Preflight.h"
#include "core/docker/StackActions.h"
#include "core/settings/SettingsTypes.h"

#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

LifecyclePanel::LifecyclePanel(Lifecycle& lifecycle, QWidget* parent)
    : QWidget(parent)
    , m_lifecycle(lifecycle)
{
    setObjectName(QStringLiteral("lifecyclePanel"));
    auto* layout = new QVBoxLayout(this);
    auto* buttons = new QGridLayout;
    layout->addLayout(buttons);
    const QList<QPushButton*> all = {
        addButton(tr("&Start"), QStringLiteral("startButton"), &LifecyclePanel::startInteractive),
        addButton(tr("Start &restricted"), QStringLiteral("startRestrictedButton"), &LifecyclePanel::startRestricted),
        addButton(tr("Start c&onductor"), QStringLiteral("startConductorButton"), &LifecyclePanel::startConductor),
        addButton(tr("Run &autonomous"), QStringLiteral("runAutonomousButton"), &LifecyclePanel::runAutonomous),
        m_stop = addButton(tr("S&top"), QStringLiteral("stopButton"), &LifecyclePanel::stop),
        m_restart = addButton(tr("R&estart"), QStringLiteral("restartButton"), &LifecyclePanel::restart),
        m_build = addButton(tr("&Build"), QStringLiteral("buildButton"), &LifecyclePanel::build),
        m_nuke = addButton(tr("&Nuke…"), QStringLiteral("nukeButton"), &LifecyclePanel::nuke),
    };
    // What each button runs (the checkout's Makefile targets, as Lifecycle carries them out).
    const QStringList tips = {
        tr("Start in the mode of .env: compose up -d --build (with the local-llm profile when the model runs locally), "
           "then waits until OpenCode answers (Alt+S)"),
        tr("Start with no outbound network: compose up -d --build, then moves the workspace to an internal network (Alt+R)"),
        tr("Start in conductor mode: compose up -d --build with OPERATION_MODE=conductor, then waits for the MCP bridge (Alt+O)"),
        tr("Run the task of TASK_FILE once: compose run --rm workspace, following autonomous.log until it ends (Alt+A)"),
        tr("Stop the stack: compose --profile local-llm down (containers and networks; volumes and images stay) (Alt+T)"),
        tr("Stop, then start again with the options of the last start (applies .env and port allowlist changes) (Alt+E)"),
        tr("Rebuild the workspace image: compose build workspace (applies apt allowlist and pinned version changes) (Alt+B)"),
        tr("Destroy everything: compose down -v --rmi all, and delete the project folder and TEMP_PATH (asks first) (Alt+N)"),
    };
    for (int i = 0; i < all.size(); ++i)
        all[i]->setToolTip(tips.value(i));
    m_startButtons = all.mid(0, 4);
    for (int i = 0; i < all.size(); ++i)
        buttons->addWidget(all[i], i / 4, i % 4);

    auto* status = new QHBoxLayout;
    m_phase = new QLabel(tr("No operation running"), this);
    m_phase->setObjectName(QStringLiteral("lifecyclePhase"));
    m_phase->setWordWrap(true);
    m_phaseTick = new QTimer(this);
    m_phaseTick->setInterval(1000);
    connect(m_phaseTick, &QTimer::timeout, this, &LifecyclePanel::showPhase);
    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("lifecycleProgress"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_cancel = new QPushButton(tr("&Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Cancel the running operation and bring the stack back to a known state (Alt+C)"));
    connect(m_cancel, &QPushButton::clicked, this, &LifecyclePanel::cancel);
    status->addWidget(m_phase, 1);
    status->addWidget(m_progress, 1);
    status->addWidget(m_cancel);
    layout->addLayout(status);

    m_output = makeOutputView(QStringLiteral("lifecycleOutput"), 5000, this);
    m_output->setPlaceholderText(tr("No operation has run yet: Start, Stop, Restart and Build show their output here."));
    layout->addWidget(m_output, 1);

    m_confirmStart = [this](const QString& warning) {
        return QMessageBox::warning(this, tr("Start the sandbox"), tr("%1\n\nStart anyway?").arg(warning), QMessageBox::Yes | QMessageBox::No, QMessageBox::No)
               == QMessageBox::Yes;
    };
    m_confirmNuke = [this](const QString& project) {
        bool ok = false;
        const QString typed = QInputDialog::getText(this, tr("Nuke the sandbox"),
                                                    tr("This stops the stack, deletes the project folder and the contents of TEMP_PATH, "
                                                       "and removes volumes and images.\nType the project name (%1) to confirm:")
                                                        .arg(project),
                                                    QLineEdit::Normal, QString(), &ok);
        return ok && typed == project;
    };
    connect(&m_lifecycle, &Lifecycle::jobStarted, this, [this](Job* job) {
        if (job->isMutating())
            attach(job);
    });
    connect(&m_lifecycle, &Lifecycle::jobFinished, this, [this](Job* job) {
        if (job->status() == Job::Status::Refused && job != m_job) // an attached job's last line said it
            m_output->appendPlainText(tr("%1 refused: %2").arg(job->name(), job->errorText()));
    });
    updateButtons();
}

QPushButton* LifecyclePanel::addButton(const QString& text, const QString& name, void (LifecyclePanel::*slot)())
{
    auto* b = new QPushButton(text, this);
    b->setObjectName(name);
    connect(b, &QPushButton::clicked, this, slot);
    return b;
}

void LifecyclePanel::attach(Job* job)
{
    m_job = job;
    m_output->clear();
    for (const QString& l : job->history())
        m_output->appendPlainText(l);
    m_progress->setRange(0, 0); // busy until a percentage is known
    showPhase();
    m_phaseTick->start();
    connect(job, &Job::outputLine, m_output, [this](const QString& line) { m_output->appendPlainText(line); });
    connect(job, &Job::phaseChanged, this, &LifecyclePanel::showPhase);
    connect(job, &Job::progressChanged, this, [this](int percent) {
        if (percent < 0) { // waiting for something it cannot measure: busy, never a full bar
            m_progress->setRange(0, 0);
            return;
        }
        m_progress->setRange(0, 100);
        m_progress->setValue(percent);
    });
    connect(job, &Job::finished, this, [this, job](Job::Status status) {
        m_progress->setRange(0, 100);
        m_progress->setValue(status == Job::Status::Succeeded ? 100 : 0);
        m_phaseTick->stop();
        QString text = tr("%1: %2 after %3 s").arg(job->name(), Job::statusName(status), jobSeconds(job->durationMs()));
        if (status != Job::Status::Succeeded && status != Job::Status::Cancelled && !job->failureCause().isEmpty())
            text += QStringLiteral(": ") + job->failureCause(); // the cause first, where the eye lands
        m_phase->setText(text);
        m_phase->setToolTip(text);
        updateButtons(); // what runs now is the engine's answer (setStackState), not the job's name
    });
    updateButtons();
}

void LifecyclePanel::showPhase()
{
    if (!m_job || m_job->isFinished())
        return;
    m_phase->setText(tr("%1: %2 (%3 s)").arg(m_job->name(), jobPhaseName(m_job->phase())).arg(m_job->phaseElapsedMs() / 1000));
}

void LifecyclePanel::setStackState(StackState state)
{
    m_state = state;
    updateButtons();
}

void LifecyclePanel::updateButtons()
{
    const bool busy = m_job && !m_job->isFinished();
    const StackActions offer = StackActions::of(m_state, busy);
    for (QPushButton* b : m_startButtons)
        b->setEnabled(offer.start);
    m_stop->setEnabled(offer.stop);
    m_restart->setEnabled(offer.restart);
    m_build->setEnabled(!busy);
    m_nuke->setEnabled(!busy);
    m_cancel->setEnabled(busy);
}

bool LifecyclePanel::startConfirmed()
{
    const QStringList warnings = Preflight::mcpReview(m_lifecycle.checkout()).warnings;
    return warnings.isEmpty() || (m_confirmStart && m_confirmStart(warnings.join(QLatin1Char('\n'))));
}

void LifecyclePanel::startInteractive()
{
    if (startConfirmed())
        m_lifecycle.start();
}
void LifecyclePanel::startRestricted()
{
    if (startConfirmed())
        m_lifecycle.start({std::nullopt, true});
}
void LifecyclePanel::startConductor()
{
    if (startConfirmed())
        m_lifecycle.start({OperationMode::Conductor, false});
}
void LifecyclePanel::runAutonomous()
{
    if (startConfirmed())
        m_lifecycle.runAutonomous();
}
void LifecyclePanel::stop()
{
    m_lifecycle.stop();
}
void LifecyclePanel::restart()
{
    m_lifecycle.restart();
}
void LifecyclePanel::build()
{
    m_lifecycle.build();
}

void LifecyclePanel::nuke()
{
    const QString project = EnvValues::load(m_lifecycle.checkout().envFile()).projectName();
    const bool confirmed = m_confirmNuke && m_confirmNuke(project);
    if (!confirmed) {
        m_output->appendPlainText(tr("Nuke not confirmed: nothing was changed."));
        return;
    }
    m_lifecycle.nuke(true);
}

void LifecyclePanel::cancel()
{
    if (m_job)
        m_job->cancel();
}
