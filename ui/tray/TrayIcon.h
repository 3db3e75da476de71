#pragma once

#include <QObject>

class MainWindow;
class QMenu;
class QSystemTrayIcon;

/// The system tray icon when a tray exists; without one the window simply stays the app.
class TrayIcon : public QObject {
    Q_OBJECT
public:
    explicit TrayIcon(MainWindow& window, QObject* parent = nullptr);

    /// True when a system tray is available and the icon is shown.
    bool available() const { return m_tray != nullptr; }
    QSystemTrayIcon* tray() const { return m_tray; }
    QMenu* menu() const { return m_menu; }
    /// Shows, raises and activates the window.
    void openPanel();

private:
    MainWindow& m_window;
    QSystemTrayIcon* m_tray = nullptr;
    QMenu* m_menu = nullptr;
};
