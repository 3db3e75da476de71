#include "Settings.h"

#include "core/allowlist/AuditLog.h"

#include "core/fileio/CheckoutLock.h"
#include "core/fileio/SafeWrite.h"
#include "core/logging/Redaction.h"
#include "core/settings/EnvSections.h"
#include "core/settings/SettingsValidator.h"
#include <QJsonObject>

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include "core/fileio/FileWatch.h"
#include <optional>

Settings::Settings(const QString& envPath, const QString& checkoutRoot, QObject* parent)
    : QObject(parent)
    , m_path(envPath)
    , m_root(checkoutRoot)
{
}

Settings::~Settings() = default;

RegularFile::Read Settings::readDisk() const
{
    return EnvValues::readFile(m_path);
}

bool Settings::load(QString* error)
{
    const RegularFile::Read disk = readDisk();
    if (!disk.ok()) {
        if (error)
            *error = disk.error;
        return false;
    }
    m_existed = disk.exists;
    m_bytes = disk.bytes;
    m_env = EnvFile::parse(m_bytes);
    m_values = EnvValues(m_env);
    m_values.registerSecrets();
    updateApplyNeed();
    Q_EMIT changed();
    return true;
}

QString Settings::displayValue(const QString& key, bool reveal) const
{
    const QString v = value(key);
    return Redaction::isSecretKey(key) && !reveal && !SettingsValidator::isBoolean(v) ? Redaction::mask(v) : v;
}

Findings Settings::validate() const
{
    std::optional<QFileDevice::Permissions> perms;
    if (QFileInfo::exists(m_path))
        perms = QFile::permissions(m_path);
    return SettingsValidator(m_root).validate(m_env, perms);
}

Settings::Result Settings::set(const QString& key, const QString& value)
{
    const SettingsChangeSet change = propose(key, value);
    EnvFile next;
    if (const Result r = prepare(change, &next); !r.ok()) // an invalid value says so first
        return r;
    for (const SettingChange& c : change.changes)
        if (c.direction == ChangeDirection::Loosen)
            return {Status::Refused,
                    QStringLiteral("%1=%2 loosens the sandbox (%3): it needs a review and a reason").arg(key, SettingsRisk::shown(key, c.to), c.risk)};
    return applyReviewed(change, {});
}

SettingsChangeSet Settings::propose(const QString& key, const QString& value) const
{
    SettingsChangeSet change = SettingsChangeSet::of(m_values, key, value);
    if (change.isEmpty() && m_env.value(key, QString()) != value) // e.g. set where unset meant the same
        change.changes.append({key, value, value, ChangeDirection::Neutral, {}, {}});
    for (SettingChange& c : change.changes)
        c.to = value; // what is written (the review compared effective values)
    return change;
}

Settings::Result Settings::prepare(const SettingsChangeSet& change, EnvFile* next) const
{
    *next = m_env;
    for (const SettingChange& c : change.changes) {
        // The review is only valid for the values it was made against.
        const SettingsChangeSet fresh = SettingsChangeSet::of(m_values, c.key, c.to);
        if (!fresh.isEmpty() && fresh.changes.first().from != c.from)
            return {Status::ChangedOnDisk, QStringLiteral("%1 changed since the review was made; review again").arg(c.key)};
        QString error;
        if (!next->set(c.key, c.to, &error))
            return {Status::Refused, QStringLiteral("%1: %2").arg(c.key, error)};
    }
    const SettingsValidator validator(m_root);
    const Findings before = validator.validate(m_env);
    for (const Finding& f : validator.validate(*next)) {
        if (f.isError() && !before.contains(f))
            return {Status::Refused, QStringLiteral("%1: %2").arg(f.key, f.message)};
    }
    return {};
}

Settings::Result Settings::applyReviewed(const SettingsChangeSet& change, const QString& reason)
{
    EnvFile next;
    if (const Result r = prepare(change, &next); !r.ok())
        return r;
    if (next.serialize() == m_env.serialize())
        return {};
    return write(next, change, reason);
}

QString Settings::auditPath() const
{
    return QDir(m_root).filePath(QStringLiteral("logs/settings-audit.jsonl"));
}

Settings::Result Settings::auditStartOption(const SettingsChangeSet& change, const QString& reason) const
{
    const CheckoutLock lock(m_root);
    if (!lock.locked())
        return {Status::Busy, lock.error()};
    AuditLog::Appender audit(auditPath());
    if (!audit.isOpen())
        return {Status::IoError, QStringLiteral("not started: the settings audit trail cannot be written (%1)").arg(audit.error())};
    for (const SettingsAuditEntry& e : SettingsAuditEntry::of(change, reason, AuditLog::currentUser(), QDateTime::currentDateTimeUtc())) {
        if (e.direction == QLatin1String("neutral"))
            continue;
        QJsonObject line = e.toJson();
        line.insert(QStringLiteral("scope"), QStringLiteral("this start only (.env unchanged)"));
        QString error;
        if (!audit.appendJson(line, &error))
            return {Status::IoError, QStringLiteral("not started: the audit line cannot be written (%1)").arg(error)};
    }
    return {};
}

Settings::Result Settings::write(const EnvFile& next, const SettingsChangeSet& change, const QString& reason)
{
    // Under the checkout lock, from the on-disk check to the rename and the audit line (see CheckoutLock).
    const CheckoutLock lock(m_root);
    if (!lock.locked())
        return {Status::Busy, lock.error()};
    // No audit trail, no change: the audit file is opened (logs/ created) before anything is written.
    std::optional<AuditLog::Appender> audit;
    if (change.audited()) {
        audit.emplace(auditPath());
        if (!audit->isOpen())
            return {Status::IoError, QStringLiteral("not applied: the settings audit trail cannot be written (%1)").arg(audit->error())};
    }
    const QByteArray bytes = next.serialize();
    const Result r = SafeWrite::replaceIfUnchanged(m_path, SafeWrite::Expected{m_existed, m_bytes}, bytes, 0600, EnvValues::kMaxBytes);
    if (!r.ok())
        return r;
    if (audit) {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        for (const SettingsAuditEntry& e : SettingsAuditEntry::of(change, reason, AuditLog::currentUser(), now)) {
            if (e.direction == QLatin1String("neutral"))
                continue;
            QString error;
            if (audit->appendJson(e.toJson(), &error))
                continue;
            // Roll back: the change never stands without its audit line.
            const Result undo = SafeWrite::replaceIfUnchanged(m_path, SafeWrite::Expected{true, bytes}, m_bytes, 0600, EnvValues::kMaxBytes);
            return {Status::IoError,
                    undo.ok() ? QStringLiteral("not applied: the audit line cannot be written (%1); .env is back as it was").arg(error)
                              : QStringLiteral("the audit line cannot be written (%1) and .env could not be put back (%2)").arg(error, undo.message)};
        }
    }
    const QStringList keys = EnvFile::changedKeys(m_env, next);
    m_env = next;
    m_values = EnvValues(m_env);
    m_bytes = bytes;
    m_existed = true;
    m_values.registerSecrets();
    if (m_watcher)
        m_watcher->rewatch();
    updateApplyNeed();
    Q_EMIT changed();
    if (!keys.isEmpty())
        Q_EMIT keysChanged(keys, false);
    return {};
}

Settings::Result Settings::setMode(OperationMode mode)
{
    return set(QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(mode));
}

Settings::Result Settings::setEgress(Egress egress)
{
    return set(QStringLiteral("NETWORK_EGRESS"), SettingsTypes::egressName(egress));
}

Settings::Result Settings::setMonitorEnabled(Monitor monitor, bool on)
{
    return set(SettingsTypes::monitorFlagKey(monitor), on ? QStringLiteral("true") : QStringLiteral("false"));
}

Settings::Result Settings::setMonitorInterval(Monitor monitor, int seconds)
{
    const QString key = SettingsTypes::monitorIntervalKey(monitor);
    if (key.isEmpty())
        return {Status::Refused, QStringLiteral("security reports run hourly; their interval is fixed")};
    return set(key, QString::number(seconds));
}

QString Settings::mcpEndpoint() const
{
    return QStringLiteral("http://localhost:%1/mcp").arg(mcpBridgePort());
}

QString Settings::webUrl() const
{
    return QStringLiteral("http://localhost:%1/").arg(opencodePort());
}

void Settings::setWatching(bool on)
{
    if (!on) {
        delete m_watcher;
        m_watcher = nullptr;
        return;
    }
    if (m_watcher)
        return;
    m_watcher = new FileWatch({m_path}, {QFileInfo(m_path).absolutePath()}, this);
    connect(m_watcher, &FileWatch::changed, this, &Settings::onWatchEvent);
}

void Settings::onWatchEvent()
{
    if (!changedOnDisk())
        return;
    m_previousBytes = m_bytes;
    const EnvFile before = m_env;
    if (load()) {
        Q_EMIT reloadedFromDisk();
        const QStringList keys = EnvFile::changedKeys(before, m_env);
        if (!keys.isEmpty())
            Q_EMIT keysChanged(keys, true);
    }
}

bool Settings::changedOnDisk() const
{
    const RegularFile::Read disk = readDisk();
    return disk.ok() && (disk.exists != m_existed || disk.bytes != m_bytes);
}

QStringList Settings::diffWithDisk() const
{
    return envLineDiff(m_bytes, readDisk().bytes);
}

QStringList Settings::lastReloadDiff() const
{
    return envLineDiff(m_previousBytes, m_bytes);
}

void Settings::setStackRunning(bool running)
{
    if (running == m_running)
        return;
    m_running = running;
    m_applied.clear();
    if (running)
        for (const QString& key : m_env.keys())
            m_applied.insert(key, m_env.value(key, QString()));
    updateApplyNeed();
}

void Settings::setRunningValues(const QHash<QString, QString>& env)
{
    if (!m_running)
        return;
    for (auto it = env.cbegin(); it != env.cend(); ++it)
        if (m_env.contains(it.key()))
            m_applied.insert(it.key(), it.value());
    updateApplyNeed();
}

QStringList Settings::pendingKeys() const
{
    QStringList out;
    if (!m_running)
        return out;
    for (const QString& key : m_env.keys())
        if (!m_applied.contains(key) || m_applied.value(key) != m_env.value(key, QString()))
            out.append(key);
    for (auto it = m_applied.cbegin(); it != m_applied.cend(); ++it)
        if (!m_env.contains(it.key()))
            out.append(it.key());
    return out;
}

ApplyNeed Settings::applyNeed() const
{
    return m_need;
}

void Settings::updateApplyNeed()
{
    ApplyNeed need = ApplyNeed::None;
    for (const QString& key : pendingKeys())
        need = SettingsTypes::rebuildKeys().contains(key) ? ApplyNeed::Rebuild : (need == ApplyNeed::None ? ApplyNeed::Restart : need);
    if (need != m_need) {
        m_need = need;
        Q_EMIT applyNeedChanged(need);
    }
}
