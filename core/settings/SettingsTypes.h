#pragma once

#include <QString>
#include <QStringList>

#include <optional>

/// How the workspace runs (OPERATION_MODE).
enum class OperationMode { Interactive, Autonomous, Conductor };
/// OpenCode's front end (OPENCODE_INTERFACE).
enum class Interface { Web, Tui };
/// NETWORK_EGRESS.
enum class Egress { Restricted, Full };
/// The four opt-in monitoring switches.
enum class Monitor { PortScan, Resources, AutoLog, Dashboard };
/// What a settings change needs before the running stack reflects it.
enum class ApplyNeed { None, Restart, Rebuild };

/// Names, keys and defaults of the typed settings: the one place for them.
namespace SettingsTypes {
/// Defaults of the checkout (env.example) for keys that are unset or invalid.
inline constexpr int kDefaultOpencodePort = 3000;
inline constexpr int kDefaultAppPort = 7860;
inline constexpr int kDefaultDashboardPort = 8080;
inline constexpr int kDefaultMcpBridgePort = 8443;
/// PROJECT_NAME when unset.
QString defaultProjectName();
QString modeName(OperationMode mode);
std::optional<OperationMode> parseMode(const QString& name);
QString interfaceName(Interface ui);
std::optional<Interface> parseInterface(const QString& name);
QString egressName(Egress egress);
std::optional<Egress> parseEgress(const QString& name);
/// CLI name: portscan, resources, autolog, dashboard.
QString monitorName(Monitor monitor);
std::optional<Monitor> parseMonitor(const QString& name);
/// PORTSCAN_ENABLED, RESOURCE_MONITOR_ENABLED, AUTOLOG_ENABLED, DASHBOARD_ENABLED.
QString monitorFlagKey(Monitor monitor);
/// The interval key (seconds), empty for AUTOLOG (hourly, fixed).
QString monitorIntervalKey(Monitor monitor);
/// Default interval in seconds (3600 for AUTOLOG: hourly, no key).
int monitorDefaultInterval(Monitor monitor);
/// The model key matching an LLM_SOURCE value (LM_STUDIO_MODEL, FASTFLOW_MODEL, OLLAMA_MODEL).
QString modelKeyFor(const QString& llmSource);
/// The default LLM_PORT of an LLM_SOURCE value.
int defaultLlmPort(const QString& llmSource);
/// Keys baked into the image: changing one needs a rebuild.
const QStringList& rebuildKeys();
/// The one wording of what an unapplied change needs, in every message: "restart needed",
/// "rebuild needed" (empty for None).
QString applyNeedName(ApplyNeed need);
/// The step that applies it: "restart the stack (Restart)", "rebuild the workspace image (Build),
/// then restart the stack (Restart)".
QString applyNeedStep(ApplyNeed need);
/// The human label of a .env key ("NETWORK_EGRESS" -> "Network egress"); the key when it has none.
/// The one table of labels: user-facing text names settings through it.
QString keyLabel(const QString& key);
/// keyLabel() of each of \a keys, joined with ", ".
QString keyLabels(const QStringList& keys);
} // namespace SettingsTypes
