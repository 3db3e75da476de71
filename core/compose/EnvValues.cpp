#include "EnvValues.h"

#include "logging/Redaction.h"

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
    EnvValues env;
    for (QByteArray line : text.split('\n')) {
        line = line.trimmed();
        if (line.isEmpty() || line.startsWith('#'))
            continue;
        if (line.startsWith("export "))
            line = line.mid(7).trimmed();
        const qsizetype eq = line.indexOf('=');
        if (eq <= 0)
            continue;
        const QString key = QString::fromUtf8(line.left(eq)).trimmed();
        QByteArray v = line.mid(eq + 1).trimmed();
        if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front())
            v = v.mid(1, v.size() - 2);
        env.m_values.insert(key, QString::fromUtf8(v));
    }
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
