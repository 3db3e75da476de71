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
/// stack was last started in (Lifecycle::currentMode). Copy is enabled while the stack is up, Open
/// only once OpenCode answers (StackActions::openCodeAnswers).
class EndpointActions : public QWidget {
    Q_OBJECT
public:
    EndpointActions(Settings& settings, Lifecycle& lifecycle, QWidget* parent = nullptr);

    /// Opens a URL in the browser, false when none could be started (QDesktopServices by
    /// default); replaced by tests.
    void setUrlOpener(std::function<bool(const QUrl&)> open) { m_open = std::move(open); }
    /// What a failed open says, here and in the tray.
    static QString notOpenedText(const QString& url);

public Q_SLOTS:
    /// The stack's state and its workspace service (whose health says whether OpenCode answers).
    void setStackState(StackState state, const ServiceInfo& workspace = {});
    void sync();

private:
    Settings& m_settings;
    Lifecycle& m_lifecycle;
    bool m_up = false;
    bool m_answers = false;
    std::function<bool(const QUrl&)> m_open;
    QPushButton* m_openWeb;
    QPushButton* m_copyMcp;
    QLabel* m_copied;
};
