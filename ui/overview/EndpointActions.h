#pragma once

#include "core/docker/StackMonitor.h"

#include <QUrl>
#include <QWidget>

#include <functional>

class Lifecycle;
class QLabel;
class QPushButton;
class Settings;

/// The running stack's way in: "Open OpenCode" (its web UI) in interactive web mode, "Copy MCP
/// endpoint" (http://localhost:MCP_BRIDGE_PORT/mcp) in conductor mode. The mode is the one the
/// stack was last started in (Lifecycle::currentMode); both are enabled only while it is up.
class EndpointActions : public QWidget {
    Q_OBJECT
public:
    EndpointActions(Settings& settings, Lifecycle& lifecycle, QWidget* parent = nullptr);

    /// Opens a URL (QDesktopServices by default); replaced by tests.
    void setUrlOpener(std::function<void(const QUrl&)> open) { m_open = std::move(open); }

public Q_SLOTS:
    void setStackState(StackState state);
    void sync();

private:
    Settings& m_settings;
    Lifecycle& m_lifecycle;
    bool m_up = false;
    std::function<void(const QUrl&)> m_open;
    QPushButton* m_openWeb;
    QPushButton* m_copyMcp;
    QLabel* m_copied;
};
