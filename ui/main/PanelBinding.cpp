#include "PanelBinding.h"

#include "core/compose/JobRunner.h"
#include "core/compose/Lifecycle.h"
#include "core/compose/StackAdviceMonitor.h"
#include "core/docker/MetricsStore.h"
#include "core/docker/StackActions.h"
#include "core/docker/StackMonitor.h"
#include "core/posture/PostureMonitor.h"
#include "core/reports/AlertCenter.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"
#include "ui/main/MainWindow.h"
#include "ui/overview/EndpointActions.h"
#include "ui/settings/LooseningDialog.h"
#include "ui/tray/TrayIcon.h"
#include "ui/tray/TrayPresenter.h"

#include <QAction>
#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QStatusBar>
#include <QTimer>
#include <QUrl>

namespace {
/// The tray's mode actions by objectName.
const QList<std::pair<QString, OperationMode>>& modeActions()
{
    static const QList<std::pair<QString, OperationMode>> actions{{QStringLiteral("trayModeInteractive"), OperationMode::Interactive},
                                                                  {QStringLiteral("trayModeAutonomous"), OperationMode::Autonomous},
                                                                  {QStringLiteral("trayModeConductor"), OperationMode::Conductor}};
    return actions;
}
} // namespace

PanelBinding::PanelBinding(Sandbox& sandbox, TrayPresenter& presenter, TrayIcon& tray, MainWindow& window, QObject* parent)
    : QObject(parent)
    , m_sandbox(sandbox)
    , m_presenter(presenter)
    , m_tray(tray)
    , m_window(window)
{
    bindState();
    bindActions();
    syncSettings();
}

void PanelBinding::bindState()
{
    StackMonitor& stack = m_sandbox.stack();
    connect(&stack, &StackMonitor::stateChanged, this, [this](StackState s) {
        m_presenter.setStackState(s);
        m_sandbox.settings().setStackRunning(stackStateIsUp(s));
        syncSettings();
    });

    // What deserves a notification is the notifier's decision; the presenter shows it.
    Notifier& notifier = m_sandbox.notifier();
    connect(&notifier, &Notifier::notification, &m_presenter, &TrayPresenter::notify);
    connect(&notifier, &Notifier::restartNeededChanged, &m_presenter, &TrayPresenter::setRestartNeeded);
    connect(&notifier, &Notifier::allowlistsUnreviewedChanged, &m_presenter, &TrayPresenter::setUnreviewedAllowlists);
    m_presenter.setRestartNeeded(notifier.restartNeeded());
    m_presenter.setUnreviewedAllowlists(notifier.allowlistsUnreviewed());
    notifier.sync(); // e.g. allowlists changed while the panel was closed: say so now
    connect(&m_sandbox.reports().alerts(), &AlertCenter::unacknowledgedCountChanged, &m_presenter, &TrayPresenter::setUnacknowledgedAlerts);

    PostureMonitor& posture = m_sandbox.posture();
    connect(&posture, &PostureMonitor::updated, this, [this, &posture] {
        m_presenter.setPosture(posture.total() ? posture.passedCount() : -1, posture.total(), posture.warnedCount());
        if (posture.running().known) // "restart needed" compares with what runs, not what was assumed
            m_sandbox.settings().setRunningValues(posture.running().env);
        syncSettings(); // what runs changed
    });

    connect(&m_sandbox.settings(), &Settings::changed, this, &PanelBinding::syncSettings);

    // What the running stack gets wrong (e.g. a restricted workspace that cannot reach its model).
    StackAdviceMonitor& advice = m_sandbox.advice();
    connect(&advice, &StackAdviceMonitor::changed, this, [this, &advice] { m_presenter.setStackWarnings(advice.warnings()); });

    // Usage in the tooltip: a cheap summary every few seconds, never per sample.
    auto* usage = new QTimer(this);
    connect(usage, &QTimer::timeout, this, &PanelBinding::updateUsage);
    usage->start(5000);
}

void PanelBinding::updateUsage()
{
    const MetricsStore& store = m_sandbox.metrics();
    double cpu = 0;
    qint64 mem = 0;
    bool any = false;
    for (const QString& c : store.containers()) {
        const StatsSample s = store.latest(c);
        if (s.msecs == 0)
            continue;
        any = true;
        cpu += s.cpuPercent;
        mem += s.memBytes;
    }
    if (any)
        m_presenter.setUsage(cpu, mem);
}

void PanelBinding::syncSettings()
{
    Settings& s = m_sandbox.settings();
    // The header describes what RUNS (the engine's view); .env edits not applied yet are pending.
    const RunningPosture& running = m_sandbox.posture().running();
    const bool up = running.known && s.stackRunning();
    m_presenter.setModeAndEgress(SettingsTypes::modeName(up && running.mode() ? *running.mode() : s.mode()),
                                 up && running.egress ? SettingsTypes::egressName(*running.egress) : SettingsTypes::egressName(s.egress()));
    m_presenter.setPending(up ? running.pending(s.values()) : QStringList());
    m_presenter.setLoosened(up ? running.loosened() : QStringList());
    for (const auto& [name, mode] : modeActions())
        m_tray.action(name)->setChecked(s.mode() == mode);
    m_tray.action(QStringLiteral("trayEgressRestricted"))->setChecked(s.egress() == Egress::Restricted);
    m_tray.action(QStringLiteral("trayEgressFull"))->setChecked(s.egress() == Egress::Full);
    m_tray.action(QStringLiteral("trayMonitorPortscan"))->setChecked(s.monitorEnabled(Monitor::PortScan));
    m_tray.action(QStringLiteral("trayMonitorResources"))->setChecked(s.monitorEnabled(Monitor::Resources));
    m_tray.action(QStringLiteral("trayMonitorAutolog"))->setChecked(s.monitorEnabled(Monitor::AutoLog));
    m_tray.action(QStringLiteral("trayMonitorDashboard"))->setChecked(s.monitorEnabled(Monitor::Dashboard));
    m_tray.action(QStringLiteral("trayOpenDashboard"))->setEnabled(s.monitorEnabled(Monitor::Dashboard));
    m_tray.action(QStringLiteral("trayCopyMcp"))->setEnabled(s.mode() == OperationMode::Conductor);
}

void PanelBinding::applyResult(bool ok, const QString& error)
{
    if (!ok) {
        Notification n;
        n.kind = Notification::Kind::ActionFailed;
        n.title = tr("Setting not changed");
        n.detail = error;
        m_presenter.notify(n);
    }
    syncSettings();
}

void PanelBinding::bindActions()
{
    Lifecycle& lifecycle = m_sandbox.lifecycle();
    QAction* start = m_tray.action(QStringLiteral("trayStart"));
    QAction* stop = m_tray.action(QStringLiteral("trayStop"));
    QAction* restart = m_tray.action(QStringLiteral("trayRestart"));
    connect(start, &QAction::triggered, &m_window, &MainWindow::startSandbox); // with the Start button's confirmation
    connect(stop, &QAction::triggered, &lifecycle, &Lifecycle::requestStop);
    connect(restart, &QAction::triggered, &lifecycle, &Lifecycle::requestRestart);
    // What the menu offers follows the stack's state, its workspace's health and the running job.
    StackMonitor& stack = m_sandbox.stack();
    auto offer = [this, &stack] { m_tray.offer(StackActions::of(stack.state(), m_sandbox.jobs().isBusy(), stack.service(QStringLiteral("workspace")))); };
    connect(&m_sandbox.jobs(), &JobRunner::busyChanged, this, offer);
    connect(&stack, &StackMonitor::stateChanged, this, offer);
    connect(&stack, &StackMonitor::servicesChanged, this, offer);
    offer();

    Settings& settings = m_sandbox.settings();
    for (const auto& [name, mode] : modeActions()) {
        QAction* a = m_tray.action(name);
        a->setEnabled(true);
        connect(a, &QAction::triggered, this, [this, &settings, mode = mode] {
            const auto r = LooseningDialog::change(settings, QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(mode), &m_window);
            applyResult(r.ok(), r.message);
        });
    }
    for (const auto& [name, egress] :
         {std::pair{QStringLiteral("trayEgressRestricted"), Egress::Restricted}, std::pair{QStringLiteral("trayEgressFull"), Egress::Full}}) {
        QAction* a = m_tray.action(name);
        a->setEnabled(true);
        connect(a, &QAction::triggered, this, [this, &settings, egress = egress] {
            const auto r = LooseningDialog::change(settings, QStringLiteral("NETWORK_EGRESS"), SettingsTypes::egressName(egress), &m_window);
            applyResult(r.ok(), r.message);
        });
    }
    for (const auto& [name, monitor] :
         {std::pair{QStringLiteral("trayMonitorPortscan"), Monitor::PortScan}, std::pair{QStringLiteral("trayMonitorResources"), Monitor::Resources},
          std::pair{QStringLiteral("trayMonitorAutolog"), Monitor::AutoLog}, std::pair{QStringLiteral("trayMonitorDashboard"), Monitor::Dashboard}}) {
        QAction* a = m_tray.action(name);
        a->setEnabled(true);
        connect(a, &QAction::toggled, this, [this, &settings, monitor = monitor](bool on) {
            if (settings.monitorEnabled(monitor) == on)
                return;
            const auto r = LooseningDialog::change(settings, SettingsTypes::monitorFlagKey(monitor), on ? QStringLiteral("true") : QStringLiteral("false"),
                                                   &m_window);
            applyResult(r.ok(), r.message);
        });
    }
    connect(m_tray.action(QStringLiteral("trayOpenWebUi")), &QAction::triggered, this, [this] {
        const QString url = m_sandbox.settings().webUrl();
        if (!QDesktopServices::openUrl(QUrl(url))) {
            Notification n;
            n.kind = Notification::Kind::ActionFailed;
            n.title = tr("OpenCode not opened");
            n.detail = EndpointActions::notOpenedText(url);
            m_presenter.notify(n);
        }
    });
    connect(m_tray.action(QStringLiteral("trayOpenDashboard")), &QAction::triggered, this,
            [this] { QDesktopServices::openUrl(QUrl(QStringLiteral("http://localhost:%1/").arg(m_sandbox.settings().dashboardPort()))); });
    connect(m_tray.action(QStringLiteral("trayCopyMcp")), &QAction::triggered, this, [this] {
        QGuiApplication::clipboard()->setText(m_sandbox.settings().mcpEndpoint());
        m_window.statusBar()->showMessage(tr("Copied %1").arg(m_sandbox.settings().mcpEndpoint()), 5000);
    });
}
