#include "SettingsTypes.h"

#include <QHash>

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
    static const QStringList keys{QStringLiteral("PYTHON_BASE_IMAGE"), QStringLiteral("UV_IMAGE"),         QStringLiteral("NODE_MAJOR"),
                                  QStringLiteral("NODE_VERSION"),      QStringLiteral("OPENCODE_VERSION"), QStringLiteral("GH_VERSION"),
                                  QStringLiteral("GH_AMD64_SHA256"),   QStringLiteral("GH_ARM64_SHA256"),  QStringLiteral("OLLAMA_IMAGE_TAG"),
                                  QStringLiteral("HOST_UID"),          QStringLiteral("HOST_GID")};
    return keys;
}

QString applyNeedName(ApplyNeed need)
{
    switch (need) {
    case ApplyNeed::None: return {};
    case ApplyNeed::Restart: return QStringLiteral("restart needed");
    case ApplyNeed::Rebuild: break;
    }
    return QStringLiteral("rebuild needed");
}

QString applyNeedStep(ApplyNeed need)
{
    switch (need) {
    case ApplyNeed::None: return {};
    case ApplyNeed::Restart: return QStringLiteral("restart the stack (Restart)");
    case ApplyNeed::Rebuild: break;
    }
    return QStringLiteral("rebuild the workspace image (Build), then restart the stack (Restart)");
}

QString keyLabel(const QString& key)
{
    static const QHash<QString, QString> labels{
        {QStringLiteral("PROJECT_NAME"), QStringLiteral("Project name")},
        {QStringLiteral("PROJECTS_ROOT_PATH"), QStringLiteral("Projects folder")},
        {QStringLiteral("SHARED_SYSTEM_PATH"), QStringLiteral("Shared folder")},
        {QStringLiteral("TEMP_PATH"), QStringLiteral("Temporary folder")},
        {QStringLiteral("HOST_UID"), QStringLiteral("Host user id")},
        {QStringLiteral("HOST_GID"), QStringLiteral("Host group id")},
        {QStringLiteral("GIT_USERNAME"), QStringLiteral("Git user name")},
        {QStringLiteral("GIT_EMAIL"), QStringLiteral("Git e-mail")},
        {QStringLiteral("GITHUB_TOKEN"), QStringLiteral("GitHub token")},
        {QStringLiteral("GH_TOKEN"), QStringLiteral("GitHub CLI token")},
        {QStringLiteral("PYTHON_BASE_IMAGE"), QStringLiteral("Python base image")},
        {QStringLiteral("UV_IMAGE"), QStringLiteral("uv image")},
        {QStringLiteral("NODE_MAJOR"), QStringLiteral("Node.js major version")},
        {QStringLiteral("NODE_VERSION"), QStringLiteral("Node.js version")},
        {QStringLiteral("OPENCODE_VERSION"), QStringLiteral("OpenCode version")},
        {QStringLiteral("GH_VERSION"), QStringLiteral("GitHub CLI version")},
        {QStringLiteral("LLM_SOURCE"), QStringLiteral("Model source")},
        {QStringLiteral("LLM_PORT"), QStringLiteral("Model server port")},
        {QStringLiteral("LM_STUDIO_MODEL"), QStringLiteral("LM Studio model")},
        {QStringLiteral("FASTFLOW_MODEL"), QStringLiteral("FastFlow model")},
        {QStringLiteral("OLLAMA_MODEL"), QStringLiteral("Ollama model")},
        {QStringLiteral("OLLAMA_IMAGE_TAG"), QStringLiteral("Ollama image tag")},
        {QStringLiteral("OPENCODE_PORT"), QStringLiteral("OpenCode port")},
        {QStringLiteral("APP_PORT"), QStringLiteral("App port")},
        {QStringLiteral("WORKSPACE_MEMORY_LIMIT"), QStringLiteral("Workspace memory limit")},
        {QStringLiteral("WORKSPACE_CPUS"), QStringLiteral("Workspace CPUs")},
        {QStringLiteral("OPENCODE_INTERFACE"), QStringLiteral("Interface")},
        {QStringLiteral("OPERATION_MODE"), QStringLiteral("Mode")},
        {QStringLiteral("MCP_BRIDGE_PORT"), QStringLiteral("MCP bridge port")},
        {QStringLiteral("TASK_FILE"), QStringLiteral("Task file")},
        {QStringLiteral("MCP_CONFIG_FILE"), QStringLiteral("MCP configuration file")},
        {QStringLiteral("NETWORK_EGRESS"), QStringLiteral("Network egress")},
        {QStringLiteral("SECCOMP_PROFILE"), QStringLiteral("Seccomp profile")},
        {QStringLiteral("SECRET_SCAN_STRICT"), QStringLiteral("Strict secret scan")},
        {QStringLiteral("HEALTHCHECK_INTERVAL"), QStringLiteral("Health check interval")},
        {QStringLiteral("PORTSCAN_ENABLED"), QStringLiteral("Port scan")},
        {QStringLiteral("PORTSCAN_INTERVAL"), QStringLiteral("Port scan interval")},
        {QStringLiteral("RESOURCE_MONITOR_ENABLED"), QStringLiteral("Resource monitor")},
        {QStringLiteral("RESOURCE_MONITOR_INTERVAL"), QStringLiteral("Resource monitor interval")},
        {QStringLiteral("AUTOLOG_ENABLED"), QStringLiteral("Security reports")},
        {QStringLiteral("DASHBOARD_ENABLED"), QStringLiteral("Dashboard")},
        {QStringLiteral("DASHBOARD_PORT"), QStringLiteral("Dashboard port")},
        {QStringLiteral("DASHBOARD_REFRESH_INTERVAL"), QStringLiteral("Dashboard refresh interval")},
    };
    return labels.value(key, key);
}

QString keyLabels(const QStringList& keys)
{
    QStringList out;
    for (const QString& k : keys)
        out << keyLabel(k);
    return out.join(QStringLiteral(", "));
}
} // namespace SettingsTypes
