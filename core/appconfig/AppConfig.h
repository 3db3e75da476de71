#pragma once

#include <QString>

/// Application settings: config/sandbox-panel.yaml defaults overlaid by the user's YAML file.
struct AppConfig {
    QString sandboxPath;
    int reconnectInitialMs = 500;
    int reconnectMaxMs = 10000;
    int chartRedrawMs = 1000;
    int reportPollMs = 1000;
    int chartWindowSeconds = 900;
    double memoryAlertPercent = 90.0;
    bool closeToTray = true;

    /// Defaults, then the user file. Problems are logged and leave the previous value.
    static AppConfig load();
    /// Applies the keys present in \a yaml over \a base. On a parse error returns base and sets *error.
    static AppConfig fromYaml(const QByteArray& yaml, const AppConfig& base, QString* error = nullptr);
    /// $SANDBOX_PANEL_CONFIG, else $XDG_CONFIG_HOME/sandbox-panel/sandbox-panel.yaml.
    static QString userFile();
    /// The shipped defaults file (installed share dir, else the source tree), or empty.
    static QString defaultsFile();
    /// The panel's README (installed doc dir, else the source tree), or empty.
    static QString readmeFile();
};
