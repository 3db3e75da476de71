#include "SettingsTypes.h"

namespace SettingsTypes {
QString defaultProjectName()
{
    return QStringLiteral("default_project");
}

QString modeName(OperationMode mode)
{
    switch (mode) {
    case OperationMode::Autonomous: return QStringLiteral("autonomous");
    case OperationMode::Conductor: return QStringLiteral("conductor");
    case OperationMode::Interactive: break;
    }
    return QStringLiteral("interactive");
}

std::optional<OperationMode> parseMode(const QString& name)
{
    for (auto m : {OperationMode::Interactive, OperationMode::Autonomous, OperationMode::Conductor})
        if (modeName(m) == name)
            return m;
    return std::nullopt;
}

QString interfaceName(Interface ui)
{
    return ui == Interface::Tui ? QStringLiteral("tui") : QStringLiteral("web");
}

std::optional<Interface> parseInterface(const QString& name)
{
    for (auto i : {Interface::Web, Interface::Tui})
        if (interfaceName(i) == name)
            return i;
    return std::nullopt;
}

QString egressName(Egress egress)
{
    return egress == Egress::Full ? QStringLiteral("full") : QStringLiteral("restricted");
}

std::optional<Egress> parseEgress(const QString& name)
{
    for (auto e : {Egress::Restricted, Egress::Full})
        if (egressName(e) == name)
            return e;
    return std::nullopt;
}

QString monitorName(Monitor monitor)
{
    switch (monitor) {
    case Monitor::PortScan: return QStringLiteral("portscan");
    case Monitor::Resources: return QStringLiteral("resources");
    case Monitor::AutoLog: return QStringLiteral("autolog");
    case Monitor::Dashboard: break;
    }
    return QStringLiteral("dashboard");
}

std::optional<Monitor> parseMonitor(const QString& name)
{
    for (auto m : {Monitor::PortScan, Monitor::Resources, Monitor::AutoLog, Monitor::Dashboard})
        if (monitorName(m) == name)
            return m;
    return std::nullopt;
}

QString monitorFlagKey(Monitor monitor)
{
    switch (monitor) {
    case Monitor::PortScan: return QStringLiteral("PORTSCAN_ENABLED");
    case Monitor::Resources: return QStringLiteral("RESOURCE_MONITOR_ENABLED");
    case Monitor::AutoLog: return QStringLiteral("AUTOLOG_ENABLED");
    case Monitor::Dashboard: break;
    }
    return QStringLiteral("DASHBOARD_ENABLED");
}

QString monitorIntervalKey(Monitor monitor)
{
    switch (monitor) {
    case Monitor::PortScan: return QStringLiteral("PORTSCAN_INTERVAL");
    case Monitor::Resources: return QStringLiteral("RESOURCE_MONITOR_INTERVAL");
    case Monitor::AutoLog: return {};
    case Monitor::Dashboard: break;
    }
    return QStringLiteral("DASHBOARD_REFRESH_INTERVAL");
}

int monitorDefaultInterval(Monitor monitor)
{
    switch (monitor) {
    case Monitor::PortScan: return 300;
    case Monitor::Resources: return 60;
    case Monitor::AutoLog: return 3600;
    case Monitor::Dashboard: break;
    }
    return 30;
}

QString modelKeyFor(const QString& llmSource)
{
    if (llmSource == QLatin1String("fastflow_amd"))
        return QStringLiteral("FASTFLOW_MODEL");
    if (llmSource == QLatin1String("ollama_docker"))
        return QStringLiteral("OLLAMA_MODEL");
    return QStringLiteral("LM_STUDIO_MODEL");
}

int defaultLlmPort(const QString& llmSource)
{
    if (llmSource == QLatin1String("fastflow_amd"))
        return 52625;
    if (llmSource == QLatin1String("ollama_docker"))
        return 11434;
    return 1234;
}

const QStringList& rebuildKeys()
{
    static const QStringList keys{QStringLiteral("PYTHON_BASE_IMAGE"), QStringLiteral("UV_IMAGE"),
                                  QStringLiteral("NODE_MAJOR"),        QStringLiteral("NODE_VERSION"),
                                  QStringLiteral("OPENCODE_VERSION"),  QStringLiteral("GH_VERSION"),
                                  QStringLiteral("GH_AMD64_SHA256"),   QStringLiteral("GH_ARM64_SHA256"),
                                  QStringLiteral("OLLAMA_IMAGE_TAG"),  QStringLiteral("HOST_UID"),
                                  QStringLiteral("HOST_GID")};
    return keys;
}
} // namespace SettingsTypes
