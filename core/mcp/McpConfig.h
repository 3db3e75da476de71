#pragma once

#include "core/settings/EnvFile.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// One server of an OpenCode MCP configuration ({name: {type, command, url, enabled, environment, headers}}).
struct McpServer {
    enum class Kind { Local, Remote, Host };
    QString name;
    Kind kind = Kind::Local;
    bool enabled = true;
    QStringList command;
    QString url;
    QJsonObject environment;
    QJsonObject headers;
    QJsonObject raw; ///< the server's object as read (for the change fingerprint)

    /// "local", "remote" or "host".
    QString kindName() const;
    /// The command line or the URL, as read.
    QString target() const;
    /// The name as shown: control characters visible (VisibleText).
    QString shownName() const;
    /// The command line or URL as shown: secrets masked, control characters visible.
    QString shownTarget() const;
    /// One line naming everything a review covers, secrets masked and control characters
    /// visible, e.g.
    /// "fs: local, enabled, npx -y pkg, env TOKEN=******** [#1a2b3c4d5e6f]". The fingerprint is
    /// the sha256 of the whole object, so any change (also of a masked value) changes the line.
    QString reviewEntry() const;
};

/// The MCP configuration the workspace will use: MCP_CONFIG_FILE resolved as the entrypoint
/// resolves it, and its servers (or the error the entrypoint would print).
struct McpConfig {
    QString configured;           ///< MCP_CONFIG_FILE as set in .env (empty: no external MCP config)
    QString path;                 ///< the host file it resolves to (empty when found nowhere)
    QString error;                ///< the entrypoint's warning for a missing file or invalid JSON
    QStringList notes;            ///< how the entrypoint's jq merge reads the file where it differs from the text
                                  ///< (several documents: the first; invalid UTF-8: replaced)
    bool inProjectFolder = false; ///< the file lies in the project folder, which the agent can write
    QList<McpServer> servers;
    QByteArray bytes; ///< the file's bytes (for the audit's sha256)

    bool configuredAtAll() const { return !configured.isEmpty(); }

    /// The host path of \a configured, tried as the entrypoint does: as given (absolute, or
    /// relative to the checkout), then in the project folder (/home/agent/projects), then in the
    /// shared folder (/home/agent/shared); container paths map to those folders. Empty when none exists.
    static QString resolve(const QString& configured, const EnvFile& env, const QString& checkoutRoot);
    /// The project folder on the host (PROJECTS_ROOT_PATH/PROJECT_NAME), mounted writable for the agent.
    static QString projectFolder(const EnvFile& env, const QString& checkoutRoot);
    /// Reads the configuration named by \a env's MCP_CONFIG_FILE.
    static McpConfig load(const EnvFile& env, const QString& checkoutRoot);
    /// Parses \a bytes (OpenCode's format) as the entrypoint's `jq --slurpfile mcp F '... +
    /// $mcp[0]'` reads them: every document must be valid JSON and the first one is merged (none,
    /// or null: no servers); invalid UTF-8 is replaced by U+FFFD as jq does. False with *error
    /// where that merge fails; *notes (optional) says where jq's reading differs from the text.
    static bool parse(const QByteArray& bytes, QList<McpServer>* out, QString* error, QStringList* notes = nullptr);
};
