#include "TrayIcon.h"

#include "main/MainWindow.h"

#include <QApplication>
#include <QMenu>
#include <QSystemTrayIcon>

TrayIcon::TrayIcon(MainWindow& window, QObject* parent)
    : QObject(parent)
    , m_window(window)
{
    m_menu = new QMenu(&window);
    m_menu->setObjectName(QStringLiteral("trayMenu"));
    auto* open = m_menu->addAction(tr("Open panel"), this, &TrayIcon::openPanel);
    open->setObjectName(QStringLiteral("trayOpenPanel"));
    m_menu->addSeparator();
    auto* quit = m_menu->addAction(tr("Quit"), qApp, &QApplication::quit);
    quit->setObjectName(QStringLiteral("trayQuit"));

    if (!QSystemTrayIcon::isSystemTrayAvailable())
        return;
    m_tray = new QSystemTrayIcon(QIcon(QStringLiteral(":/icons/sandbox-panel.svg")), this);
    m_tray->setToolTip(window.windowTitle());
    m_tray->setContextMenu(m_menu);
    connect(m_tray, &QSystemTrayIcon::activated, this, [this](QSystemTrayIcon::ActivationReason r) {
        if (r == QSystemTrayIcon::Trigger || r == QSystemTrayIcon::DoubleClick)
            openPanel();
    });
    m_tray->show();
}

void TrayIcon::openPanel()
{
    m_window.show();
    m_window.setWindowState((m_window.windowState() & ~Qt::WindowMinimized) | Qt::WindowActive);
    m_window.raise();
    m_window.activateWindow();
}
