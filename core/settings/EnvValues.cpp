#include "EnvValues.h"

#include "core/logging/Redaction.h"
#include "core/settings/SettingsValidator.h"

#include <QDir>

EnvValues::EnvValues(const EnvFile& file)
{
    for (const QString& key : file.keys())
        m_values.insert(key, file.value(key, QString()));
}

RegularFile::Read EnvValues::readFile(const QString& file)
{
    return RegularFile::read(file, kMaxBytes);
}

EnvValues EnvValues::load(const QString& file, QString* error)
{
    const RegularFile::Read f = readFile(file);
    if (!f.ok() || !f.exists) {
        if (error)
            *error = f.ok() ? QStringLiteral("cannot read %1: it does not exist").arg(file) : f.error;
        return {};
    }
    return parse(f.bytes);
}

EnvValues EnvValues::parse(const QByteArray& text)
{
    return EnvValues(EnvFile::parse(text));
}

QString EnvValues::value(const QString& key, const QString& fallback) const
{
    const QString v = m_values.value(key);
    return v.isEmpty() ? fallback : v;
}

std::optional<OperationMode> EnvValues::parsedMode() const
{
    const QString name = value(QStringLiteral("OPERATION_MODE"));
    return name.isEmpty() ? OperationMode::Interactive : SettingsTypes::parseMode(name);
}

Interface EnvValues::interface() const
{
    return SettingsTypes::parseInterface(value(QStringLiteral("OPENCODE_INTERFACE"))).value_or(Interface::Web);
}

Egress EnvValues::egress() const
{
    return SettingsTypes::parseEgress(value(QStringLiteral("NETWORK_EGRESS"))).value_or(Egress::Restricted);
}

bool EnvValues::monitorEnabled(Monitor monitor) const
{
    return value(SettingsTypes::monitorFlagKey(monitor)) == QLatin1String("true");
}

int EnvValues::monitorInterval(Monitor monitor) const
{
    const QString key = SettingsTypes::monitorIntervalKey(monitor);
    const QString v = key.isEmpty() ? QString() : value(key);
    return SettingsValidator::isPositiveInteger(v) ? v.toInt() : SettingsTypes::monitorDefaultInterval(monitor);
}

QString EnvValues::llmSource() const
{
    return value(QStringLiteral("LLM_SOURCE"), QStringLiteral("lm_studio"));
}

QString EnvValues::projectName() const
{
    return value(QStringLiteral("PROJECT_NAME"), SettingsTypes::defaultProjectName());
}

QString EnvValues::projectLogsDir(const QString& checkoutRoot) const
{
    QString root = value(QStringLiteral("PROJECTS_ROOT_PATH"));
    if (root.isEmpty())
        return QDir(checkoutRoot).filePath(QStringLiteral("logs"));
    if (QDir::isRelativePath(root))
        root = QDir(checkoutRoot).absoluteFilePath(root);
    return QDir::cleanPath(root + QLatin1Char('/') + projectName() + QStringLiteral("/logs"));
}

int EnvValues::port(const QString& key, int fallback) const
{
    bool ok = false;
    const int p = value(key).toInt(&ok);
    return ok && p > 0 && p < 65536 ? p : fallback;
}

void EnvValues::registerSecrets() const
{
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        // Flags such as SECRET_SCAN_STRICT=true name a secret but hold none.
        if (Redaction::isSecretKey(it.key()) && !it.value().isEmpty() && !SettingsValidator::isBoolean(it.value()))
            Redaction::registerSecretValue(it.value());
    }
}
