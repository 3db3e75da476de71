#pragma once

#include <QHash>
#include <QList>
#include <QString>

/// One published port of a compose service (after interpolation).
struct ComposePort {
    QString service;
    QString hostIp;   ///< empty when the entry names none (compose binds 0.0.0.0 then)
    int hostPort = 0; ///< 0 when compose picks an ephemeral host port
    int containerPort = 0;
    QString protocol = QStringLiteral("tcp");
    /// True for no host IP, 0.0.0.0 or :: (reachable from other machines).
    bool onAllInterfaces() const;
    /// "127.0.0.1:3000 -> 3000/tcp (workspace)".
    QString describe() const;
};

/// The `ports:` of every service in a docker-compose.yml, short and long syntax, with
/// `${VAR:-default}` interpolation from the given `.env` values. Port ranges expand to one
/// entry per port (at most 1024 per range).
namespace ComposePorts {
/// Parses \a yaml; false with *error on malformed YAML or an unreadable port entry.
bool parse(const QByteArray& yaml, const QHash<QString, QString>& env, QList<ComposePort>* out, QString* error = nullptr);
/// The entries publishing host port \a port.
QList<ComposePort> publishing(const QList<ComposePort>& ports, int port);
} // namespace ComposePorts
