#include "EnvValues.h"

#include "fileio/RegularFile.h"
#include "logging/Redaction.h"
#include "settings/EnvFile.h"

#include <QFile>

EnvValues EnvValues::load(const QString& file, QString* error)
{
    const RegularFile::Read f = RegularFile::read(file, 8 * 1024 * 1024);
    if (!f.ok() || !f.exists) {
        if (error)
            *error = f.ok() ? QStringLiteral("cannot read %1: it does not exist").arg(file) : f.error;
        return {};
    }
    return parse(f.bytes);
}

EnvValues EnvValues::parse(const QByteArray& text)
{
    // One .env reader in the product: the lossless EnvFile parser (shell quoting rules).
    EnvValues env;
    const EnvFile file = EnvFile::parse(text);
    for (const QString& key : file.keys())
        env.m_values.insert(key, file.value(key, QString()));
    return env;
}

QString EnvValues::value(const QString& key, const QString& fallback) const
{
    const QString v = m_values.value(key);
    return v.isEmpty() ? fallback : v;
}

void EnvValues::registerSecrets() const
{
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        const QString v = it.value();
        // Flags such as SECRET_SCAN_STRICT=true name a secret but hold none.
        if (v == QLatin1String("true") || v == QLatin1String("false"))
            continue;
        if (Redaction::isSecretKey(it.key()) && !v.isEmpty())
            Redaction::registerSecretValue(it.value());
    }
}
