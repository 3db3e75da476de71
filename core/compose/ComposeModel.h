#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

/// What the lifecycle needs from `compose config` (the resolved compose file).
struct ComposeModel {
    struct Network {
        QString key;  ///< name in the compose file, e.g. agent_network_restricted
        QString name; ///< real engine name (`name:` or <project>_<key>)
        bool internal = false;
    };
    struct Limits {
        double cpus = 0;        ///< 0: no limit
        qint64 memoryBytes = 0; ///< 0: no limit
    };
    QList<Network> networks;
    QStringList services;
    QHash<QString, Limits> limits; ///< per service, from `cpus:` and `mem_limit:`

    /// Parses the YAML \a text; false with *error on malformed input.
    static bool parse(const QByteArray& text, const QString& project, ComposeModel* out, QString* error);
    /// The internal network to move the workspace to: agent_network_restricted if declared,
    /// else the first declared internal network; null when there is none.
    const Network* restrictedNetwork() const;
};
