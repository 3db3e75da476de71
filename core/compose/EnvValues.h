#pragma once

#include <QHash>
#include <QString>

/// Read-only view of a checkout's `.env` as compose sees it (KEY=value, `#` comments, optional
/// quotes, last definition wins). The lifecycle only reads values; editing is core/settings' job.
class EnvValues {
public:
    EnvValues() = default;
    /// Reads \a file; a missing or unreadable file gives an empty set and *error.
    static EnvValues load(const QString& file, QString* error = nullptr);
    static EnvValues parse(const QByteArray& text);

    QString value(const QString& key, const QString& fallback = {}) const;
    bool contains(const QString& key) const { return m_values.contains(key); }
    QStringList keys() const { return m_values.keys(); }
    void insert(const QString& key, const QString& value) { m_values.insert(key, value); }

    /// Registers the values of secret keys with Redaction so they never show in output.
    void registerSecrets() const;

private:
    QHash<QString, QString> m_values;
};
