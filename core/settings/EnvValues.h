#pragma once

#include "core/fileio/RegularFile.h"
#include "core/settings/EnvFile.h"
#include "core/settings/SettingsTypes.h"

#include <QHash>
#include <QString>

/// A read-only snapshot of a checkout's `.env` as compose sees it (the EnvFile parser: shell
/// quoting, last definition wins) with the typed reads and their defaults (SettingsTypes).
/// Settings holds one for its current model; the lifecycle and the CLI take one per operation.
class EnvValues {
public:
    /// The largest `.env` read or written (8 MiB).
    static constexpr qint64 kMaxBytes = 8 * 1024 * 1024;

    EnvValues() = default;
    explicit EnvValues(const EnvFile& file);
    /// Reads \a file; a missing or unreadable file gives an empty set and *error.
    static EnvValues load(const QString& file, QString* error = nullptr);
    static EnvValues parse(const QByteArray& text);
    /// The one read of a `.env` file: regular files only, size-capped.
    static RegularFile::Read readFile(const QString& file);

    /// The value, or \a fallback when the key is unset or empty.
    QString value(const QString& key, const QString& fallback = {}) const;
    bool contains(const QString& key) const { return m_values.contains(key); }
    QStringList keys() const { return m_values.keys(); }
    void insert(const QString& key, const QString& value) { m_values.insert(key, value); }

    // Typed reads (the default when unset or invalid).
    OperationMode mode() const { return parsedMode().value_or(OperationMode::Interactive); }
    /// OPERATION_MODE (Interactive when unset or empty); empty when it names no mode.
    std::optional<OperationMode> parsedMode() const;
    Interface interface() const;
    Egress egress() const;
    bool monitorEnabled(Monitor monitor) const;
    /// Interval in seconds (the default when unset or invalid; 3600 for AUTOLOG).
    int monitorInterval(Monitor monitor) const;
    int opencodePort() const { return port(QStringLiteral("OPENCODE_PORT"), SettingsTypes::kDefaultOpencodePort); }
    int appPort() const { return port(QStringLiteral("APP_PORT"), SettingsTypes::kDefaultAppPort); }
    int dashboardPort() const { return port(QStringLiteral("DASHBOARD_PORT"), SettingsTypes::kDefaultDashboardPort); }
    int mcpBridgePort() const { return port(QStringLiteral("MCP_BRIDGE_PORT"), SettingsTypes::kDefaultMcpBridgePort); }
    int llmPort() const { return port(QStringLiteral("LLM_PORT"), SettingsTypes::defaultLlmPort(llmSource())); }
    /// The port the front end of \a mode answers on: the MCP bridge for conductor, else OpenCode.
    int frontEndPort(OperationMode mode) const { return mode == OperationMode::Conductor ? mcpBridgePort() : opencodePort(); }
    /// LLM_SOURCE (lm_studio when unset).
    QString llmSource() const;
    QString llmModel() const { return value(SettingsTypes::modelKeyFor(llmSource())); }
    /// PROJECT_NAME (its default when unset).
    QString projectName() const;
    /// PROJECTS_ROOT_PATH/PROJECT_NAME/logs (relative roots taken from \a checkoutRoot; the
    /// checkout's logs/ when PROJECTS_ROOT_PATH is unset): where the monitors write.
    QString projectLogsDir(const QString& checkoutRoot) const;

    /// Registers the values of secret keys with Redaction so they never show in output.
    void registerSecrets() const;

private:
    int port(const QString& key, int fallback) const;

    QHash<QString, QString> m_values;
};
