#pragma once
// A scratch checkout for the MCP tests: .env, docker-compose.yml, config/port-allowlist.txt and
// an MCP file from tests/mcp/fixtures; secrets are built at run time (none in the repository).
#include "TestFiles.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

namespace McpFixture {
using TestFiles::read;
using TestFiles::write;
/// A classic GitHub token shape, assembled so the repository holds no token.
inline QString classicToken()
{
    return QStringLiteral("gh") + QStringLiteral("p_") + QString(36, QLatin1Char('Z'));
}
/// A deterministic high-entropy string (base64 of a sha256).
inline QString entropyToken()
{
    return QString::fromLatin1(
        QCryptographicHash::hash("mcp-fixture", QCryptographicHash::Sha256).toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}
/// Fills \a dir with the fixture checkout; MCP_CONFIG_FILE=mcp.json at the checkout root.
inline void make(const QTemporaryDir& dir, const QByteArray& extraEnv = {})
{
    const QString fx = QStringLiteral(MCP_FIXTURES);
    write(dir.filePath(QStringLiteral("docker-compose.yml")), read(fx + QStringLiteral("/docker-compose.yml")));
    write(dir.filePath(QStringLiteral("config/port-allowlist.txt")), read(fx + QStringLiteral("/port-allowlist.txt")));
    write(dir.filePath(QStringLiteral("mcp.json")), read(fx + QStringLiteral("/servers.json")));
    write(dir.filePath(QStringLiteral(".env")), "MCP_CONFIG_FILE=mcp.json\nNETWORK_EGRESS=restricted\n" + extraEnv);
    QFile::setPermissions(dir.filePath(QStringLiteral(".env")), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}
} // namespace McpFixture
