#pragma once

#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

/// The compose program found on this machine: `docker compose` (v2 plugin) or `docker-compose` (v1).
class ComposeTool {
public:
    enum class Variant { V2Plugin, V1Standalone };

    ComposeTool() = default;
    ComposeTool(Variant variant, QString program, QString version);

    Variant variant() const { return m_variant; }
    bool isV2() const { return m_variant == Variant::V2Plugin; }
    /// The executable that is started ("docker" or "docker-compose", or a full path).
    QString program() const { return m_program; }
    /// Version as compose reports it, e.g. "1.29.2" or "2.24.6".
    QString version() const { return m_version; }
    /// "docker compose" or "docker-compose".
    QString displayName() const;
    /// "docker-compose v1 1.29.2" style description for `info`.
    QString describe() const;

    /// Full argument list for \a composeArgs: the plugin word for v2, the project name and
    /// plain (no ANSI) output, then \a composeArgs.
    QStringList arguments(const QString& projectName, const QStringList& composeArgs) const;

    /// Finds the tool (blocking, a few hundred ms): v2 first, then v1. SANDBOX_COMPOSE=v1|v2
    /// restricts the search. Empty optional and *error set when neither works.
    static std::optional<ComposeTool> detect(QString* error = nullptr);
    /// Non-blocking detection; \a done runs on the caller's thread.
    static void detectAsync(QObject* context, std::function<void(std::optional<ComposeTool>, QString error)> done);
    /// Extracts "1.29.2" from "docker-compose version 1.29.2, build unknown" or
    /// "Docker Compose version v2.24.6"; empty when no version is found.
    static QString parseVersion(const QString& output);

private:
    Variant m_variant = Variant::V1Standalone;
    QString m_program;
    QString m_version;
};
