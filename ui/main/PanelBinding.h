#pragma once

#include <QObject>

class MainWindow;
class Sandbox;
class TrayIcon;
class TrayPresenter;

/// Wires the sandbox's live state and its Notifier to the presenter (icon, tooltip, header,
/// notifications) and the tray menu's actions to the sandbox. Only connections: what deserves a
/// notification is decided by core's Notifier, how it looks by the presenter.
class PanelBinding : public QObject {
    Q_OBJECT
public:
    PanelBinding(Sandbox& sandbox, TrayPresenter& presenter, TrayIcon& tray, MainWindow& window, QObject* parent = nullptr);

private:
    void bindState();
    void bindActions();
    void syncSettings();
    void updateUsage();
    void applyResult(bool ok, const QString& error);

    Sandbox& m_sandbox;
    TrayPresenter& m_presenter;
    TrayIcon& m_tray;
    MainWindow& m_window;
};
