#pragma once

#include "core/reports/ReportRecord.h"

#include <QString>

class Settings;

/// What the reports need from a checkout's settings: where the logs are, which monitors are on
/// and how often they write. A view of Settings (the one `.env` reader), rebuilt when it changes.
struct ReportSettings {
    struct Monitor {
        bool enabled = false;
        int intervalSeconds = 0;
        bool operator==(const Monitor&) const = default;
    };
    QString logsDir;            ///< PROJECTS_ROOT_PATH/PROJECT_NAME/logs
    bool monitoringRuns = true; ///< false when OPENCODE_INTERFACE=tui
    Monitor resources;
    Monitor portscan;
    Monitor summary;

    bool operator==(const ReportSettings&) const = default;
    Monitor monitor(ReportKind kind) const;
    QString filePath(ReportKind kind) const;

    static ReportSettings fromSettings(const Settings& settings);
};
