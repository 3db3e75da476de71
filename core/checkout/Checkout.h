#pragma once

#include <QString>

/// One sandbox checkout on disk: where its files are and what compose calls it.
class Checkout {
public:
    Checkout() = default;
    /// A checkout rooted at \a dir (made absolute and clean).
    explicit Checkout(const QString& dir);

    /// True when the folder exists and holds a docker-compose.yml or an .env.
    bool looksValid(QString* why = nullptr) const;

    QString root() const { return m_root; }
    /// The checkout folder's name (used in titles).
    QString name() const;
    QString path(const QString& relative) const;
    QString envFile() const { return path(QStringLiteral(".env")); }
    QString envExampleFile() const { return path(QStringLiteral(".env.example")); }
    /// True when there is no .env but a .env.example to create it from.
    bool needsEnvFromExample() const;
    /// Copies .env.example to .env (mode 600, atomic); refuses when .env exists.
    bool createEnvFromExample(QString* error = nullptr) const;
    QString composeFile() const { return path(QStringLiteral("docker-compose.yml")); }
    QString aptAllowlistFile() const { return path(QStringLiteral("config/apt-package-allowlist.txt")); }
    QString portAllowlistFile() const { return path(QStringLiteral("config/port-allowlist.txt")); }
    QString logsDir() const { return path(QStringLiteral("logs")); }

    /// COMPOSE_PROJECT_NAME (process environment, then .env) or the folder name normalised
    /// the way compose does: lower-cased, characters outside [a-z0-9_-] removed.
    QString composeProjectName() const;
    /// The normalisation compose applies to a folder name.
    static QString normaliseProjectName(const QString& folderName);

private:
    QString m_root;
};
