#pragma once

#include "core/docker/StackActions.h"
#include "core/sandbox/Notification.h"
#include "ui/tray/StatusIcons.h"

#include <QObject>

#include <utility>

class MainWindow;
class QAction;
class QMenu;
class QSystemTrayIcon;
class TrayPresenter;

/// The system tray icon and its menu. Shows what the TrayPresenter decides; without a system
/// tray the menu still exists (for tests) and notifications go to the window's status bar.
class TrayIcon : public QObject {
    Q_OBJECT
public:
    TrayIcon(MainWindow& window, TrayPresenter& presenter, QObject* parent = nullptr);

    /// True when a system tray is available and the icon is shown.
    bool available() const { return m_tray != nullptr; }
    QSystemTrayIcon* tray() const { return m_tray; }
    QMenu* menu() const { return m_menu; }
    /// Menu actions by objectName: trayOpenPanel, trayStart, trayStop, trayRestart,
    /// trayModeInteractive/Autonomous/Conductor, trayEgressRestricted/Full, trayMonitorPortscan/
    /// Resources/Autolog/Dashboard, trayOpenWebUi, trayOpenDashboard, trayCopyMcp, trayQuit.
    QAction* action(const QString& objectName) const;
    QMenu* modeMenu() const { return m_modeMenu; }
    QMenu* egressMenu() const { return m_egressMenu; }
    QMenu* monitorMenu() const { return m_monitorMenu; }
    /// The icon kind of the last notification shown (StatusIcons::forSeverity of its severity).
    StatusKind notificationIcon() const { return m_notificationIcon; }

    /// Enables Start, Stop, Restart and Open OpenCode as core decided (StackActions::of).
    void offer(const StackActions& actions);

public Q_SLOTS:
    /// Shows, raises and activates the window.
    void openPanel();

private:
    /// The first time closing hides the window: says the panel still runs and how to quit it.
    void noticeHiddenToTray();
    void applyPresenter();
    void showNotification(const Notification& notification);
    QAction* addAction(QMenu* menu, const QString& text, const QString& name, bool enabled = true);

    MainWindow& m_window;
    TrayPresenter& m_presenter;
    QSystemTrayIcon* m_tray = nullptr;
    std::pair<StatusKind, int> m_iconShown{StatusKind(-1), -1};
    QMenu* m_menu = nullptr;
    QMenu* m_modeMenu = nullptr;
    QMenu* m_egressMenu = nullptr;
    QMenu* m_monitorMenu = nullptr;
    NotificationTarget m_notificationTarget;
    StatusKind m_notificationIcon = StatusKind(-1);
};
