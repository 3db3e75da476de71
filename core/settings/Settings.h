#pragma once

#include "core/fileio/WriteResult.h"
#include "core/settings/EnvFile.h"
#include "core/settings/EnvValues.h"
#include "core/settings/Finding.h"
#include "core/settings/SettingsReview.h"
#include "core/settings/SettingsTypes.h"

#include "core/fileio/RegularFile.h"

#include <QHash>
#include <QObject>

class FileWatch;

/// A checkout's `.env` as one object: typed access, validation, atomic saves that refuse to
/// overwrite outside changes, a file watcher that reloads, and the "restart/rebuild needed" state.
class Settings : public QObject {
    Q_OBJECT
public:
    /// How a write ended (Refused: the value is invalid; the one result type of SafeWrite).
    using Result = WriteResult;
    using Status = WriteResult::Status;

    Settings(const QString& envPath, const QString& checkoutRoot, QObject* parent = nullptr);
    ~Settings() override;

    QString path() const { return m_path; }
    /// Reads the file (a missing file loads empty), registers secret values with Redaction.
    bool load(QString* error = nullptr);
    bool existsOnDisk() const { return m_existed; }
    /// The model as last read or written.
    const EnvFile& env() const { return m_env; }
    QString value(const QString& key, const QString& fallback = {}) const { return m_env.value(key, fallback); }
    /// The value for display: secrets masked unless \a reveal.
    QString displayValue(const QString& key, bool reveal = false) const;
    /// Every finding for the current model (with the file's permissions).
    Findings validate() const;

    /// Checks and writes one value. Refused (file untouched) when the value cannot be
    /// written safely, introduces a validation error or loosens the sandbox (that needs
    /// propose() and applyReviewed()); ChangedOnDisk when the file changed since read.
    Result set(const QString& key, const QString& value);
    /// What setting \a key to \a value would change and whether it loosens the sandbox.
    SettingsChangeSet propose(const QString& key, const QString& value) const;
    /// Writes a change a person reviewed (loosenings included) with \a reason. A change that
    /// moves the hardening either way gets one audit line per key in auditPath(), opened before
    /// the write; when the line cannot be written the file is put back (no unaudited change).
    /// ChangedOnDisk when the values differ from what was proposed (review again).
    Result applyReviewed(const SettingsChangeSet& change, const QString& reason);
    /// A loosening a person reviewed for one start only (`up --mode autonomous`), .env
    /// unchanged: its audit lines (scope "this start only"), under the checkout lock. IoError
    /// when the audit trail cannot be written (then nothing may start).
    Result auditStartOption(const SettingsChangeSet& change, const QString& reason) const;
    /// logs/settings-audit.jsonl of the checkout.
    QString auditPath() const;

    /// The model's values with the typed reads (the one interpretation of each key).
    const EnvValues& values() const { return m_values; }

    // Typed access (EnvValues' reads of the current model).
    OperationMode mode() const { return m_values.mode(); }
    Result setMode(OperationMode mode);
    Interface interface() const { return m_values.interface(); }
    Egress egress() const { return m_values.egress(); }
    Result setEgress(Egress egress);
    bool monitorEnabled(Monitor monitor) const { return m_values.monitorEnabled(monitor); }
    Result setMonitorEnabled(Monitor monitor, bool on);
    /// Interval in seconds (the default when unset or invalid; 3600 for AUTOLOG).
    int monitorInterval(Monitor monitor) const { return m_values.monitorInterval(monitor); }
    Result setMonitorInterval(Monitor monitor, int seconds);
    int opencodePort() const { return m_values.opencodePort(); }
    int appPort() const { return m_values.appPort(); }
    int dashboardPort() const { return m_values.dashboardPort(); }
    int mcpBridgePort() const { return m_values.mcpBridgePort(); }
    int llmPort() const { return m_values.llmPort(); }
    QString llmSource() const { return m_values.llmSource(); }
    QString llmModel() const { return m_values.llmModel(); }
    /// PROJECT_NAME (its default when unset).
    QString projectName() const { return m_values.projectName(); }
    /// PROJECTS_ROOT_PATH/PROJECT_NAME/logs (see EnvValues::projectLogsDir).
    QString projectLogsDir() const { return m_values.projectLogsDir(m_root); }
    /// http://localhost:MCP_BRIDGE_PORT/mcp
    QString mcpEndpoint() const;
    /// http://localhost:OPENCODE_PORT/ (OpenCode's web UI)
    QString webUrl() const;

    /// Starts or stops watching the file; outside changes are reloaded (reloadedFromDisk()).
    void setWatching(bool on);
    bool isWatching() const { return m_watcher != nullptr; }
    /// The bytes on disk now differ from what was last read or written.
    bool changedOnDisk() const;
    /// Line diff ("-old" / "+new") between the model and the file on disk, for review.
    QStringList diffWithDisk() const;
    /// Line diff of the last outside reload (what changed on disk), for review.
    QStringList lastReloadDiff() const;

    /// Tells whether the stack runs: when it starts, the current values become the applied ones.
    void setStackRunning(bool running);
    /// The running workspace's environment (the engine's view): for the keys `.env` sets, what
    /// runs replaces what was assumed at setStackRunning() (the panel may start after an edit).
    void setRunningValues(const QHash<QString, QString>& env);
    bool stackRunning() const { return m_running; }
    ApplyNeed applyNeed() const;
    /// Keys changed since the stack started.
    QStringList pendingKeys() const;

Q_SIGNALS:
    /// The model changed (own write or reload).
    void changed();
    /// The file changed outside this object and was read again.
    void reloadedFromDisk();
    /// Keys whose values differ after a write (\a outside: an outside change was reloaded).
    void keysChanged(const QStringList& keys, bool outside);
    void applyNeedChanged(ApplyNeed need);

private:
    Result write(const EnvFile& next, const SettingsChangeSet& change = {}, const QString& reason = {});
    /// \a change applied to the model, checked like set(); Refused with the reason when not.
    Result prepare(const SettingsChangeSet& change, EnvFile* next) const;
    void onWatchEvent();
    void updateApplyNeed();
    /// The file now (RegularFile::read with the .env cap).
    RegularFile::Read readDisk() const;

    QString m_path;
    QString m_root;
    EnvFile m_env;
    EnvValues m_values; ///< of m_env
    QByteArray m_bytes;
    QByteArray m_previousBytes;
    bool m_existed = false;
    FileWatch* m_watcher = nullptr;
    bool m_running = false;
    QHash<QString, QString> m_applied;
    ApplyNeed m_need = ApplyNeed::None;
};
