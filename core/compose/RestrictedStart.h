#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>

/// How a restricted start keeps the workspace on the internal network, for each kind of checkout,
/// on compose v1 and v2 alike (v2 creates only the networks a service uses):
/// - current checkout (the workspace joins `${WORKSPACE_NETWORK:-agent_network}`): compose runs
///   with WORKSPACE_NETWORK set to the internal network, as its `make run-restricted` does;
/// - older checkout and the demo (the workspace's network is fixed): a generated override file,
///   passed as a second `-f`, adds the internal network to the workspace (and the model server,
///   so it stays reachable); after `up` the workspace is disconnected from every other network.
/// The override lives in the app's state directory, never in the operator's checkout.
namespace RestrictedStart {
enum class Method { WorkspaceNetworkVariable, OverrideFile };

struct Plan {
    Method method = Method::OverrideFile;
    QString networkKey;   ///< the internal network's key in the compose file
    QString overrideFile; ///< OverrideFile: absolute path of the generated file
    /// Extra compose arguments (`-f FILE -f OVERRIDE`), empty for the variable method.
    QStringList composeFileArguments(const QString& composeFile) const;
};

/// Reads the raw compose file \a yaml; false with *error when it declares no internal network
/// or is not YAML (then *malformed is set: compose's own `config` should say what is wrong).
bool plan(const QByteArray& yaml, Plan* out, QString* error, bool* malformed = nullptr);
/// The override's text: \a services join the internal network \a networkKey.
QByteArray overrideYaml(const QString& networkKey, const QStringList& services);
/// Where the override of the checkout at \a checkoutRoot is kept (under \a stateDir).
QString overridePath(const QString& stateDir, const QString& checkoutRoot);
/// Writes the override for \a yaml atomically to plan->overrideFile (only for OverrideFile).
bool writeOverride(const QByteArray& yaml, const Plan& plan, QString* error);
} // namespace RestrictedStart
