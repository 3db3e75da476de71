#pragma once

#include "reports/ReportRecord.h"

#include <QString>

/// What the reports need from a checkout's `.env`: where the logs are, which monitors are on and
/// how often they write. A minimal read-only parse (KEY=value, comments, optional quotes, last
/// definition wins); editing `.env` is core/settings' job.
struct ReportSettings {
    struct Monitor {
        bool enabled = false;
        int intervalSeconds = 0;
    };
    QString logsDir;       ///< PROJECTS_ROOT_PATH/PROJECT_NAME/logs
    bool monitoringRuns = true; ///< false when OPENCODE_INTERFACE=tui
    Monitor resources{false, 60};
    Monitor portscan{false, 300};
    Monitor summary{false, 3600};

    Monitor monitor(ReportKind kind) const;
    QString filePath(ReportKind kind) const;

    /// Reads \a envFile; relative paths are taken from \a checkoutRoot. Problems go to *error.
    static ReportSettings fromEnvFile(const QString& envFile, const QString& checkoutRoot,
                                      QString* error = nullptr);
    static ReportSettings fromEnvText(const QByteArray& text, const QString& checkoutRoot);
};
