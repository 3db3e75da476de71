#include "core/check/CheckoutRules.h"

#include "core/fileio/RegularFile.h"
#include "core/text/VisibleText.h"

#include <QDirIterator>

#include <yaml-cpp/yaml.h>

namespace {
constexpr qint64 kMaxBytes = 64 * 1024 * 1024;
const QByteArray kBroadApt("apt-get install *");

void findIn(const QString& root, const QString& rel, QList<SecretFinding>* out)
{
    const RegularFile::Read f = RegularFile::read(root + QLatin1Char('/') + rel, kMaxBytes);
    if (!f.ok() || !f.exists || f.bytes.contains('\0'))
        return;
    const QList<QByteArray> lines = f.bytes.split('\n');
    for (int i = 0; i < lines.size(); ++i)
        if (lines.at(i).contains(kBroadApt))
            out->append({QStringLiteral("apt-pattern"), rel, i + 1, VisibleText::escape(QString::fromUtf8(lines.at(i)))});
}

YAML::Node workspace(const QByteArray& yaml)
{
    try {
        const YAML::Node root = YAML::Load(yaml.toStdString());
        if (root.IsMap() && root["services"] && root["services"].IsMap())
            return root["services"]["workspace"];
    } catch (const YAML::Exception&) {
    }
    return YAML::Node();
}
} // namespace

bool CheckoutRules::dockerfileEndsAsAgent(const QByteArray& dockerfile)
{
    for (const QByteArray& line : dockerfile.split('\n'))
        if (line == "USER agent")
            return true;
    return false;
}

QList<SecretFinding> CheckoutRules::broadAptInstall(const QString& root)
{
    QList<SecretFinding> out;
    for (const char* file : {"Dockerfile", "docker-compose.yml", "AGENTS.md", "README.md"})
        findIn(root, QString::fromLatin1(file), &out);
    QDirIterator it(root + QStringLiteral("/scripts"), QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories | QDirIterator::FollowSymlinks);
    QStringList scripts;
    while (it.hasNext())
        scripts.append(it.next().mid(root.size() + 1));
    scripts.sort();
    for (const QString& rel : scripts)
        findIn(root, rel, &out);
    return out;
}

QString CheckoutRules::portsProblem(const QList<ComposePort>& published)
{
    bool loopback = false;
    for (const ComposePort& p : published) {
        if (p.onAllInterfaces())
            return QStringLiteral("%1 is published on all interfaces").arg(p.describe());
        loopback = loopback || p.hostIp == QLatin1String("127.0.0.1");
    }
    return loopback ? QString() : QStringLiteral("no port is published on 127.0.0.1");
}

bool CheckoutRules::workspaceReadOnly(const QByteArray& composeYaml)
{
    const YAML::Node ws = workspace(composeYaml);
    try {
        return ws && ws["read_only"] && ws["read_only"].as<bool>();
    } catch (const YAML::Exception&) {
        return false;
    }
}

bool CheckoutRules::workspaceSeccomp(const QByteArray& composeYaml)
{
    const YAML::Node ws = workspace(composeYaml);
    if (!ws || !ws["security_opt"] || !ws["security_opt"].IsSequence())
        return false;
    for (const YAML::Node& opt : ws["security_opt"]) {
        const QString s = opt.IsScalar() ? QString::fromStdString(opt.Scalar()) : QString();
        if (s.startsWith(QLatin1String("seccomp=")) || s.startsWith(QLatin1String("seccomp:")))
            return true;
    }
    return false;
}
