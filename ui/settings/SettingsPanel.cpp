#include "SettingsPanel.h"

#include "ui/settings/AllSettingsDialog.h"
#include "ui/settings/LooseningDialog.h"
#include "ui/settings/SwitchCheckBox.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QGridLayout>
#include <QGroupBox>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace {
QFrame* banner(QWidget* parent, const QString& name, const QString& color)
{
    auto* f = new QFrame(parent);
    f->setObjectName(name);
    f->setFrameShape(QFrame::StyledPanel);
    f->setStyleSheet(QStringLiteral("QFrame#%1 { background: %2; border-radius: 4px; }").arg(name, color));
    f->hide();
    return f;
}
} // namespace

SettingsPanel::SettingsPanel(Settings& settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
{
    setObjectName(QStringLiteral("settingsPanel"));
    // The active mode and egress must be obvious at a glance, not a faint pressed shade.
    setStyleSheet(QStringLiteral("QPushButton[toggle=\"true\"] { padding: 4px 12px; border: 1px solid palette(mid);"
                                 " border-radius: 4px; background: palette(button); }"
                                 "QPushButton[toggle=\"true\"]:checked { background: palette(highlight);"
                                 " color: palette(highlighted-text); border-color: palette(highlight); }"
                                 "QPushButton[toggle=\"true\"]:focus { border-color: palette(highlight); }"));
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    auto* box = new QGroupBox(tr("Settings (.env)"), this);
    outer->addWidget(box);
    auto* layout = new QVBoxLayout(box);

    m_restartBanner = banner(box, QStringLiteral("restartBanner"), QStringLiteral("#fff4ce"));
    auto* rb = new QHBoxLayout(m_restartBanner);
    m_restartText = new QLabel(m_restartBanner);
    m_restartText->setObjectName(QStringLiteral("restartText"));
    m_restartText->setWordWrap(true);
    auto* restart = new QPushButton(tr("Restart &with changes"), m_restartBanner);
    restart->setObjectName(QStringLiteral("restartToApplyButton"));
    connect(restart, &QPushButton::clicked, this, &SettingsPanel::restartRequested);
    rb->addWidget(m_restartText, 1);
    rb->addWidget(restart);

    m_diskBanner = banner(box, QStringLiteral("diskBanner"), QStringLiteral("#dbe9ff"));
    auto* db = new QHBoxLayout(m_diskBanner);
    m_diskText = new QLabel(m_diskBanner);
    m_diskText->setObjectName(QStringLiteral("diskText"));
    m_diskText->setWordWrap(true);
    auto* review = new QPushButton(tr("Review c&hanges…"), m_diskBanner);
    review->setObjectName(QStringLiteral("reviewButton"));
    auto* reload = new QPushButton(tr("Re&load"), m_diskBanner);
    reload->setObjectName(QStringLiteral("reloadButton"));
    connect(review, &QPushButton::clicked, this,
            [this] { showDiff(tr(".env changes"), m_reviewReload ? m_settings.lastReloadDiff() : m_settings.diffWithDisk()); });
    connect(reload, &QPushButton::clicked, this, [this] {
        QString error;
        m_diskBanner->setVisible(!m_settings.load(&error));
        m_diskText->setText(error);
    });
    db->addWidget(m_diskText, 1);
    db->addWidget(review);
    db->addWidget(reload);

    auto* grid = new QGridLayout;
    layout->addLayout(grid);
    buildModeRow(grid, 0);
    buildEgressRow(grid, 1);
    buildMonitorRows(grid, 2);

    auto* all = new QPushButton(tr("All &settings…"), box);
    all->setObjectName(QStringLiteral("allSettingsButton"));
    connect(all, &QPushButton::clicked, this, &SettingsPanel::openAllSettings);
    auto* allRow = new QHBoxLayout;
    allRow->addStretch(1);
    allRow->addWidget(all);
    layout->addLayout(allRow);

    m_error = new QLabel(box);
    m_error->setObjectName(QStringLiteral("settingsError"));
    m_error->setWordWrap(true);
    m_error->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_error->hide();
    // What comes and goes (mode details, errors, banners) sits below every control and takes the
    // width the controls give it (no wider panel), so showing it never moves a control away from
    // under the pointer, here or in the lifecycle column beside.
    for (QWidget* w : {static_cast<QWidget*>(m_taskPrompt), m_mcpRow, static_cast<QWidget*>(m_error), static_cast<QWidget*>(m_restartBanner),
                       static_cast<QWidget*>(m_diskBanner)}) {
        w->setSizePolicy(QSizePolicy::Ignored, w->sizePolicy().verticalPolicy());
        layout->addWidget(w);
    }
    outer->addStretch(1); // stays at the top when the parent row is taller

    connect(&m_settings, &Settings::changed, this, &SettingsPanel::refresh);
    connect(&m_settings, &Settings::applyNeedChanged, this, &SettingsPanel::refresh);
    connect(&m_settings, &Settings::reloadedFromDisk, this, [this] {
        m_reviewReload = true;
        m_diskText->setText(tr(".env was changed outside the panel and has been reloaded."));
        m_diskBanner->show();
    });
    refresh();
}

void SettingsPanel::buildModeRow(QGridLayout* grid, int row)
{
    auto* label = new QLabel(tr("Mode:"), this);
    grid->addWidget(label, row, 0);
    auto* buttons = new QHBoxLayout;
    m_modes = new QButtonGroup(this);
    m_modes->setExclusive(true);
    const std::pair<OperationMode, QString> modes[] = {
        {OperationMode::Interactive, tr("&Interactive")}, {OperationMode::Autonomous, tr("A&utonomous")}, {OperationMode::Conductor, tr("&Conductor")}};
    for (const auto& [mode, text] : modes) {
        auto* b = new QPushButton(text, this);
        b->setCheckable(true);
        b->setProperty("toggle", true);
        b->setObjectName(QStringLiteral("mode_") + SettingsTypes::modeName(mode));
        m_modes->addButton(b);
        m_modeButtons[mode] = b;
        buttons->addWidget(b);
        const OperationMode m = mode;
        connect(b, &QPushButton::clicked, this, [this, m] { onModeClicked(m); });
    }
    buttons->addStretch(1);
    grid->addLayout(buttons, row, 1, 1, 3);

    m_taskPrompt = new QFrame(this);
    m_taskPrompt->setObjectName(QStringLiteral("taskPrompt"));
    m_taskPrompt->hide();
    auto* tp = new QHBoxLayout(m_taskPrompt);
    tp->setContentsMargins(0, 0, 0, 0);
    auto* why = new QLabel(tr("Autonomous mode runs the task described in TASK_FILE end to end, then exits. "
                              "Name the task's markdown file (relative to the project) first:"),
                           m_taskPrompt);
    why->setWordWrap(true);
    m_taskFile = new QLineEdit(m_taskPrompt);
    m_taskFile->setObjectName(QStringLiteral("taskFileEdit"));
    m_taskFile->setPlaceholderText(QStringLiteral("docs/task.md"));
    why->setBuddy(m_taskFile);
    auto* ok = new QPushButton(tr("Use tas&k file"), m_taskPrompt);
    ok->setObjectName(QStringLiteral("taskFileApply"));
    connect(ok, &QPushButton::clicked, this, &SettingsPanel::applyTaskFile);
    connect(m_taskFile, &QLineEdit::returnPressed, this, &SettingsPanel::applyTaskFile);
    tp->addWidget(why, 2);
    tp->addWidget(m_taskFile, 1);
    tp->addWidget(ok);

    m_mcpRow = new QWidget(this);
    m_mcpRow->setObjectName(QStringLiteral("mcpRow"));
    auto* mr = new QHBoxLayout(m_mcpRow);
    mr->setContentsMargins(0, 0, 0, 0);
    auto* mcpLabel = new QLabel(tr("MCP endpoint:"), m_mcpRow);
    m_mcpEndpoint = new QLineEdit(m_mcpRow);
    m_mcpEndpoint->setObjectName(QStringLiteral("mcpEndpoint"));
    m_mcpEndpoint->setReadOnly(true);
    mcpLabel->setBuddy(m_mcpEndpoint);
    auto* copy = new QPushButton(tr("Cop&y"), m_mcpRow);
    copy->setObjectName(QStringLiteral("mcpCopy"));
    connect(copy, &QPushButton::clicked, this, [this] { QGuiApplication::clipboard()->setText(m_mcpEndpoint->text()); });
    mr->addWidget(mcpLabel);
    mr->addWidget(m_mcpEndpoint, 1);
    mr->addWidget(copy);
}

void SettingsPanel::buildEgressRow(QGridLayout* grid, int row)
{
    grid->addWidget(new QLabel(tr("Network egress:"), this), row, 0);
    auto* group = new QButtonGroup(this);
    m_restricted = new QPushButton(tr("&Restricted"), this);
    m_restricted->setObjectName(QStringLiteral("egress_restricted"));
    m_restricted->setToolTip(tr("The agent reaches only the model server (internal network)."));
    m_full = new QPushButton(tr("&Full"), this);
    m_full->setObjectName(QStringLiteral("egress_full"));
    m_full->setToolTip(tr("The agent can reach the internet."));
    auto* row1 = new QHBoxLayout;
    for (QPushButton* b : {m_restricted, m_full}) {
        b->setCheckable(true);
        b->setProperty("toggle", true);
        group->addButton(b);
        row1->addWidget(b);
    }
    row1->addStretch(1);
    // Loosening asks for a review first (LooseningDialog); tightening applies at once.
    for (const auto& [button, egress] : {std::pair{m_restricted, Egress::Restricted}, std::pair{m_full, Egress::Full}}) {
        const Egress e = egress;
        connect(button, &QPushButton::clicked, this,
                [this, e] { showResult(LooseningDialog::change(m_settings, QStringLiteral("NETWORK_EGRESS"), SettingsTypes::egressName(e), this)); });
    }
    grid->addLayout(row1, row, 1, 1, 3);
}

void SettingsPanel::buildMonitorRows(QGridLayout* grid, int row)
{
    const std::pair<Monitor, QString> monitors[] = {{Monitor::PortScan, tr("&Port scan")},
                                                    {Monitor::Resources, tr("Resource &monitor")},
                                                    {Monitor::AutoLog, tr("Security r&eports")},
                                                    {Monitor::Dashboard, tr("&Dashboard")}};
    grid->addWidget(new QLabel(tr("Monitoring:"), this), row, 0);
    for (const auto& [monitor, text] : monitors) {
        const Monitor m = monitor;
        const QString name = SettingsTypes::monitorName(m);
        auto* check = new SwitchCheckBox(text, this);
        check->setObjectName(QStringLiteral("monitor_") + name);
        m_switches[m] = check;
        connect(check, &QCheckBox::clicked, this, [this, m](bool on) {
            showResult(LooseningDialog::change(m_settings, SettingsTypes::monitorFlagKey(m), on ? QStringLiteral("true") : QStringLiteral("false"), this));
        });
        grid->addWidget(check, row, 1);
        if (SettingsTypes::monitorIntervalKey(m).isEmpty()) {
            grid->addWidget(new QLabel(tr("hourly summary"), this), row, 2);
        } else {
            auto* spin = new QSpinBox(this);
            spin->setObjectName(QStringLiteral("interval_") + name);
            spin->setRange(1, 86400);
            spin->setSuffix(tr(" s"));
            spin->setPrefix(tr("every "));
            spin->setKeyboardTracking(false);
            m_intervals[m] = spin;
            connect(spin, &QSpinBox::valueChanged, this, [this, m](int v) {
                if (v != m_settings.monitorInterval(m))
                    showResult(m_settings.setMonitorInterval(m, v));
            });
            grid->addWidget(spin, row, 2);
        }
        ++row;
    }
    grid->setColumnStretch(3, 1);
}

void SettingsPanel::refresh()
{
    const OperationMode mode = m_settings.mode();
    for (auto& [m, b] : m_modeButtons)
        b->setChecked(m == mode);
    m_restricted->setChecked(m_settings.egress() == Egress::Restricted);
    m_full->setChecked(m_settings.egress() == Egress::Full);
    for (auto& [m, check] : m_switches)
        check->setChecked(m_settings.monitorEnabled(m));
    for (auto& [m, spin] : m_intervals) {
        const QSignalBlocker block(spin);
        spin->setValue(m_settings.monitorInterval(m));
        spin->setEnabled(m_settings.monitorEnabled(m));
    }
    m_mcpEndpoint->setText(m_settings.mcpEndpoint());
    m_mcpRow->setVisible(mode == OperationMode::Conductor);
    const ApplyNeed need = m_settings.applyNeed();
    m_restartBanner->setVisible(need != ApplyNeed::None);
    // Core's words for the need and its step, core's labels for the keys.
    m_restartText->setText(
        tr("The stack runs with older settings (%1 changed since it started): %2; %3 to apply.")
            .arg(SettingsTypes::keyLabels(m_settings.pendingKeys()), SettingsTypes::applyNeedName(need), SettingsTypes::applyNeedStep(need)));
}

void SettingsPanel::showResult(const Settings::Result& result)
{
    m_error->setVisible(!result.ok());
    m_error->setText(result.message);
    if (result.status == Settings::Status::ChangedOnDisk) {
        m_reviewReload = false;
        m_diskText->setText(tr(".env changed on disk since it was read; nothing was written. Review the difference or reload."));
        m_diskBanner->show();
    }
    refresh(); // a refused change puts the toggles back
}

void SettingsPanel::onModeClicked(OperationMode mode)
{
    if (mode == OperationMode::Autonomous && m_settings.value(QStringLiteral("TASK_FILE")).isEmpty()) {
        m_taskPrompt->show();
        m_taskFile->setFocus();
        refresh();
        return;
    }
    m_taskPrompt->hide();
    showResult(LooseningDialog::change(m_settings, QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(mode), this));
}

void SettingsPanel::applyTaskFile()
{
    const QString file = m_taskFile->text().trimmed();
    if (file.isEmpty()) {
        showResult({Settings::Status::Refused, tr("TASK_FILE: enter the task's file name")});
        return;
    }
    const Settings::Result r = m_settings.set(QStringLiteral("TASK_FILE"), file);
    if (!r.ok()) {
        showResult(r);
        return;
    }
    m_taskPrompt->hide();
    showResult(LooseningDialog::change(m_settings, QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(OperationMode::Autonomous), this));
}

void SettingsPanel::showDiff(const QString& title, const QStringList& diff)
{
    auto* box = new QMessageBox(QMessageBox::Information, title, diff.isEmpty() ? tr("No differences.") : tr("Changed lines:"), QMessageBox::Close, this);
    box->setObjectName(QStringLiteral("diffDialog"));
    box->setDetailedText(diff.join(u'\n'));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void SettingsPanel::openAllSettings()
{
    auto* dialog = new AllSettingsDialog(m_settings, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}
