#include "Settings.h"

#include "core/fileio/CheckoutLock.h"
#include "core/fileio/SafeWrite.h"
#include "core/logging/Redaction.h"
#include "core/settings/EnvSections.h"
#include "core/settings/SettingsValidator.h"

#include <QFile>
#include <QFileInfo>
#include "core/fileio/FileWatch.h"

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
    EnvFile next = m_env;
    QString error;
    if (!next.set(key, value, &error))
        return {Status::Refused, QStringLiteral("%1: %2").arg(key, error)};
    if (next.serialize() == m_env.serialize())
        return {};
    const SettingsValidator validator(m_root);
    const Findings before = validator.validate(m_env);
    for (const Finding& f : validator.validate(next)) {
        if (f.isError() && !before.contains(f))
            return {Status::Refused, QStringLiteral("%1: %2").arg(f.key, f.message)};
    }
    return write(next);
}

Settings::Result Settings::write(const EnvFile& next)
{
    // Under the checkout lock, from the on-disk check to the rename (see CheckoutLock).
    const CheckoutLock lock(m_root);
    if (!lock.locked())
        return {Status::Busy, lock.error()};
    const QByteArray bytes = next.serialize();
    const Result r = SafeWrite::replaceIfUnchanged(m_path, SafeWrite::Expected{m_existed, m_bytes}, bytes, 0600, EnvValues::kMaxBytes);
    if (!r.ok())
        return r;
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
        need = SettingsTypes::rebuildKeys().contains(key) ? ApplyNeed::Rebuild
                                                          : (need == ApplyNeed::None ? ApplyNeed::Restart : need);
    if (need != m_need) {
        m_need = need;
        Q_EMIT applyNeedChanged(need);
    }
}
