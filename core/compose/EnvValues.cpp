#include "EnvValues.h"

#include "logging/Redaction.h"
#include "settings/EnvFile.h"

#include <QFile>

EnvValues EnvValues::load(const QString& file, QString* error)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot read %1: %2").arg(file, f.errorString());
        return {};
    }
    return parse(f.read(4 * 1024 * 1024));
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
