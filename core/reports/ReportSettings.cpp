#include "ReportSettings.h"

#include "core/settings/Settings.h"

#include <QDir>

ReportSettings::Monitor ReportSettings::monitor(ReportKind kind) const
{
    switch (kind) {
    case ReportKind::Resources: return resources;
    case ReportKind::Portscan: return portscan;
    case ReportKind::Summary: return summary;
    }
    return {};
}

QString ReportSettings::filePath(ReportKind kind) const
{
    return QDir(logsDir).filePath(reportFileName(kind));
}

ReportSettings ReportSettings::fromSettings(const Settings& settings)
{
    auto monitor = [&settings](::Monitor m) { return Monitor{settings.monitorEnabled(m), settings.monitorInterval(m)}; };
    ReportSettings s;
    s.logsDir = settings.projectLogsDir();
    s.monitoringRuns = settings.interface() != Interface::Tui;
    s.resources = monitor(::Monitor::Resources);
    s.portscan = monitor(::Monitor::PortScan);
    s.summary = monitor(::Monitor::AutoLog);
    return s;
}
