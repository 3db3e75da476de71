#pragma once
// Recorded `docker inspect` output of the hardened demo workspace (tests/posture/fixtures).
#include "core/posture/PostureAudit.h"
#include "core/settings/EnvValues.h"

#include "SandboxSourceDir.h"
#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace posturefixtures {
inline QByteArray readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing file %s", qPrintable(path));
    return f.readAll();
}

inline QJsonObject fixture(const QString& name)
{
    return QJsonDocument::fromJson(readFile(QStringLiteral(POSTURE_FIXTURES "/") + name)).object();
}

/// The demo workspace as `sandbox-ctl up` left it (moved to the internal network), with the
/// .env it was started from and the demo compose file's defaults.
inline PostureInput hardenedInput()
{
    PostureInput in;
    in.container = fixture(QStringLiteral("workspace-restricted-inspect.json"));
    in.networks.insert(QStringLiteral("posturedemo_agent_network"), fixture(QStringLiteral("network-posturedemo_agent_network.json")));
    in.networks.insert(QStringLiteral("posturedemo_agent_network_restricted"), fixture(QStringLiteral("network-posturedemo_agent_network_restricted.json")));
    const EnvValues env = EnvValues::parse(readFile(QStringLiteral(POSTURE_FIXTURES "/demo-env.txt")));
    for (const QString& key : env.keys())
        in.env.insert(key, env.value(key));
    in.composeDefaults = PostureAudit::composeDefaults(readFile(QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox/docker-compose.yml")));
    in.checkoutDir = QStringLiteral("/tmp/posture-demo");
    in.seccompProfileJson = QString::fromUtf8(readFile(QStringLiteral(SANDBOX_SOURCE_DIR "/resources/demo-sandbox/config/seccomp-workspace.json")));
    in.engineSocketPath = QStringLiteral("/var/run/docker.sock");
    const QDateTime created = QDateTime::fromString(in.container.value(QLatin1String("Created")).toString(), Qt::ISODateWithMs);
    in.envModified = in.aptAllowlistModified = in.portAllowlistModified = created.addSecs(-60);
    return in;
}
} // namespace posturefixtures
