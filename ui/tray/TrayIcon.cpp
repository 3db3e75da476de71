#include "TrayIcon.h"

#include "core/appconfig/OneTimeNotices.h"
#include "ui/main/MainWindow.h"
#include "ui/tray/StatusIcons.h"
#include "ui/tray/TrayPresenter.h"

#include <QActionGroup>
#include <QApplication>
#include <QMenu>
#include <QStatusBar>
#include <QSystemTrayIcon>

TrayIcon::TrayIcon(MainWindow& window, TrayPresenter& presenter, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_presenter(presenter)
{
    m_menu = new QMenu(&window);
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    connect(addAction(m_menu, tr("&Open panel"), QStringLiteral("trayOpenPanel")), &QAction::triggered, this, &TrayIcon::openPanel);
    m_menu->addSeparator();
    // Lifecycle actions are enabled and wired by whoever owns the lifecycle (see PanelBinding).
    addAction(m_menu, tr("&Start"), QStringLiteral("trayStart"), false);
    addAction(m_menu, tr("S&top"), QStringLiteral("trayStop"), false);
    addAction(m_menu, tr("&Restart"), QStringLiteral("trayRestart"), false);
    m_menu->addSeparator();

    m_modeMenu = m_menu->addMenu(tr("&Mode"));
    m_modeMenu->setObjectName(QStringLiteral("trayModeMenu"));
    auto* modes = new QActionGroup(m_modeMenu);
    for (const auto& [text, name] :
         {std::pair{tr("&Interactive"), QStringLiteral("trayModeInteractive")}, std::pair{tr("&Autonomous"), QStringLiteral("trayModeAutonomous")},
          std::pair{tr("&Conductor"), QStringLiteral("trayModeConductor")}}) {
        QAction* a = addAction(m_modeMenu, text, name, false);
        a->setCheckable(true);
        modes->addAction(a);
    }
    m_egressMenu = m_menu->addMenu(tr("&Egress"));
    m_egressMenu->setObjectName(QStringLiteral("trayEgressMenu"));
    auto* egress = new QActionGroup(m_egressMenu);
    for (const auto& [text, name] :
         {std::pair{tr("&Restricted"), QStringLiteral("trayEgressRestricted")}, std::pair{tr("&Full"), QStringLiteral("trayEgressFull")}}) {
        QAction* a = addAction(m_egressMenu, text, name, false);
        a->setCheckable(true);
        egress->addAction(a);
    }
    m_monitorMenu = m_menu->addMenu(tr("Mo&nitoring"));
    m_monitorMenu->setObjectName(QStringLiteral("trayMonitorMenu"));
    for (const auto& [text, name] :
         {std::pair{tr("&Port scan"), QStringLiteral("trayMonitorPortscan")}, std::pair{tr("&Resource monitor"), QStringLiteral("trayMonitorResources")},
          std::pair{tr("&Security reports"), QStringLiteral("trayMonitorAutolog")}, std::pair{tr("&Dashboard"), QStringLiteral("trayMonitorDashboard")}}) {
        addAction(m_monitorMenu, text, name, false)->setCheckable(true);
    }
    m_menu->addSeparator();
    addAction(m_menu, tr("Open OpenCode &web UI"), QStringLiteral("trayOpenWebUi"), false);
    addAction(m_menu, tr("Open &dashboard"), QStringLiteral("trayOpenDashboard"), false);
    addAction(m_menu, tr("Copy &MCP endpoint"), QStringLiteral("trayCopyMcp"), false);
    m_menu->addSeparator();
    connect(addAction(m_menu, tr("&Quit"), QStringLiteral("trayQuit")), &QAction::triggered, qApp, &QApplication::quit);

    connect(&window, &MainWindow::hiddenToTray, this, &TrayIcon::noticeHiddenToTray);
    connect(&m_presenter, &TrayPresenter::changed, this, &TrayIcon::applyPresenter);
    connect(&m_presenter, &TrayPresenter::notificationRequested, this, &TrayIcon::showNotification);

    if (QSystemTrayIcon::isSystemTrayAvailable()) {
        m_tray = new QSystemTrayIcon(this);
        m_tray->setContextMenu(m_menu);
        connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
            if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
                openPanel();
        });
        connect(m_tray, &QSystemTrayIcon::messageClicked, this, [this] {
            openPanel();
            m_window.open(m_notificationTarget);
        });
    }
    applyPresenter();
    if (m_tray)
        m_tray->show();
}

QAction* TrayIcon::addAction(QMenu* menu, const QString& text, const QString& name, bool enabled)
{
    QAction* a = menu->addAction(text);
    a->setObjectName(name);
    a->setEnabled(enabled);
    return a;
}

QAction* TrayIcon::action(const QString& objectName) const
{
    return m_menu->findChild<QAction*>(objectName);
}

void TrayIcon::applyPresenter()
{
    m_window.setHeaderText(m_presenter.headerText(), m_presenter.toolTip());
    if (!m_tray)
        return;
    // Painting and handing the icon to the tray costs a few ms: only when it changes.
    const std::pair<StatusKind, int> icon{m_presenter.kind(), m_presenter.badge()};
    if (icon != m_iconShown) {
        m_iconShown = icon;
        m_tray->setIcon(StatusIcons::icon(icon.first, icon.second));
    }
    if (m_tray->toolTip() != m_presenter.toolTip())
        m_tray->setToolTip(m_presenter.toolTip());
}

void TrayIcon::noticeHiddenToTray()
{
    if (OneTimeNotices::shown(OneTimeNotices::kCloseToTray))
        return;
    OneTimeNotices::markShown(OneTimeNotices::kCloseToTray);
    const QString title = tr("Sandbox Control Panel is still running");
    const QString text = tr("The panel still runs in the tray and keeps watching the sandbox; Quit from its menu.");
    if (m_tray && QSystemTrayIcon::supportsMessages())
        m_tray->showMessage(title, text, QSystemTrayIcon::Information, 10000);
    else
        m_window.statusBar()->showMessage(QStringLiteral("%1: %2").arg(title, text), 15000);
}

void TrayIcon::showNotification(const Notification& n)
{
    m_notificationTarget = n.target;
    m_notificationIcon = StatusIcons::forSeverity(n.severity);
    if (m_tray && QSystemTrayIcon::supportsMessages()) {
        m_tray->showMessage(n.title, n.detail, StatusIcons::icon(m_notificationIcon), 10000);
        return;
    }
    // No pop-up: the status bar says the severity in words.
    const QString severity = Alert::severityName(n.severity);
    m_window.statusBar()->showMessage(QStringLiteral("%1%2 — %3: %4").arg(severity.left(1).toUpper(), severity.mid(1), n.title, n.detail), 15000);
}

void TrayIcon::offer(const StackActions& actions)
{
    action(QStringLiteral("trayStart"))->setEnabled(actions.start);
    action(QStringLiteral("trayStop"))->setEnabled(actions.stop);
    action(QStringLiteral("trayRestart"))->setEnabled(actions.restart);
    action(QStringLiteral("trayOpenWebUi"))->setEnabled(actions.openOpenCode);
}

void TrayIcon::openPanel()
{
    m_window.show();
    m_window.setWindowState((m_window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window.raise();
    m_window.activateWindow();
}
