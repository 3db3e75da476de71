#include "core/mcp/McpConfig.h"

#include "core/allowlist/AuditLog.h"
#include "core/fileio/RegularFile.h"
#include "core/logging/Redaction.h"
#include "core/mcp/McpChecks.h"
#include "core/settings/SettingsTypes.h"
#include "core/text/VisibleText.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace {
constexpr qint64 kMaxConfigBytes = 4 * 1024 * 1024;
const QString kProjectsMount = QStringLiteral("/home/agent/projects");
const QString kSharedMount = QStringLiteral("/home/agent/shared");

QString absoluteIn(const QString& root, const QString& path)
{
    return path.isEmpty() ? QString() : QDir::cleanPath(QDir(root).absoluteFilePath(path));
}

/// "/home/agent/projects/x" -> "<hostFolder>/x"; empty when \a path is not under \a mount.
QString mapMount(const QString& path, const QString& mount, const QString& hostFolder)
{
    if (hostFolder.isEmpty() || !(path == mount || path.startsWith(mount + QLatin1Char('/'))))
        return {};
    return QDir::cleanPath(hostFolder + path.mid(mount.size()));
}

bool isHostAddress(const QString& host)
{
    if (host == QLatin1String("host.docker.internal") || host == QLatin1String("gateway.docker.internal"))
        return true;
    // The bridge gateway: 172.16.0.0/12, x.y.z.1.
    const QStringList parts = host.split(QLatin1Char('.'));
    if (parts.size() != 4 || parts[0] != QLatin1String("172") || parts[3] != QLatin1String("1"))
        return false;
    const int second = parts[1].toInt();
    return second >= 16 && second <= 31;
}
} // namespace

QString McpServer::kindName() const
{
    switch (kind) {
    case Kind::Local: return QStringLiteral("local");
    case Kind::Remote: return QStringLiteral("remote");
    case Kind::Host: return QStringLiteral("host");
    }
    return {};
}

QString McpServer::target() const
{
    return kind == Kind::Local ? command.join(QLatin1Char(' ')) : url;
}

QString McpServer::shownName() const
{
    return VisibleText::escape(name);
}

QString McpServer::shownTarget() const
{
    const QString shown = kind == Kind::Local ? McpChecks::maskedCommand(command).join(QLatin1Char(' ')) : McpChecks::maskedUrl(url);
    return VisibleText::escape(Redaction::redact(shown));
}

QString McpServer::reviewEntry() const
{
    QStringList parts{kindName(), enabled ? QStringLiteral("enabled") : QStringLiteral("disabled"), shownTarget()};
    const auto values = [](const char* label, const QJsonObject& o) {
        QStringList kv;
        for (auto it = o.begin(); it != o.end(); ++it)
            kv << QStringLiteral("%1=%2").arg(VisibleText::escape(it.key()), McpChecks::displayValue(it.value().toString(), it.key()));
        return kv.isEmpty() ? QString() : QStringLiteral("%1 %2").arg(QLatin1String(label), kv.join(QLatin1Char(' ')));
    };
    for (const QString& s : {values("env", environment), values("headers", headers)})
        if (!s.isEmpty())
            parts << s;
    const QString sha = AuditLog::sha256(QJsonDocument(raw).toJson(QJsonDocument::Compact)).left(12);
    return QStringLiteral("%1: %2 [#%3]").arg(shownName(), parts.join(QStringLiteral(", ")), sha);
}

QString McpConfig::projectFolder(const EnvFile& env, const QString& checkoutRoot)
{
    const QString projectsRoot = env.value(QStringLiteral("PROJECTS_ROOT_PATH"), QString());
    const QString projectName = env.value(QStringLiteral("PROJECT_NAME"), QString());
    return projectsRoot.isEmpty()
               ? QString()
               : absoluteIn(checkoutRoot, QDir(projectsRoot).filePath(projectName.isEmpty() ? SettingsTypes::defaultProjectName() : projectName));
}

QString McpConfig::resolve(const QString& configured, const EnvFile& env, const QString& checkoutRoot)
{
    if (configured.isEmpty())
        return {};
    const QString project = projectFolder(env, checkoutRoot);
    const QString shared = absoluteIn(checkoutRoot, env.value(QStringLiteral("SHARED_SYSTEM_PATH"), QString()));

    QStringList candidates;
    if (QDir::isAbsolutePath(configured)) {
        candidates << mapMount(configured, kProjectsMount, project) << mapMount(configured, kSharedMount, shared) << configured;
    } else {
        candidates << absoluteIn(checkoutRoot, configured);
        if (!project.isEmpty())
            candidates << QDir(project).filePath(configured);
        if (!shared.isEmpty())
            candidates << QDir(shared).filePath(configured);
    }
    for (const QString& c : candidates)
        if (!c.isEmpty() && QFileInfo(c).isFile())
            return QDir::cleanPath(c);
    return {};
}

bool McpConfig::parse(const QByteArray& bytes, QList<McpServer>* out, QString* error, QStringList* notes)
{
    // jq reads invalid UTF-8 as U+FFFD; so does QString::fromUtf8.
    const QByteArray text = QString::fromUtf8(bytes).toUtf8();
    if (notes && text != bytes)
        notes->append(QStringLiteral("the file holds bytes that are not UTF-8: the workspace's jq reads each as U+FFFD (shown so)"));
    // jq --slurpfile: every document in the file, the first one merged.
    QList<QJsonDocument> docs;
    bool firstIsNull = false;
    for (QByteArray rest = text.trimmed(); !rest.isEmpty(); rest = rest.trimmed()) {
        if (rest.startsWith("null") && (rest.size() == 4 || QByteArrayView(" \t\r\n{[").contains(rest.at(4)))) {
            firstIsNull = firstIsNull || docs.isEmpty();
            docs.append(QJsonDocument());
            rest = rest.mid(4);
            continue;
        }
        QJsonParseError pe;
        QJsonDocument doc = QJsonDocument::fromJson(rest, &pe);
        qsizetype used = rest.size();
        if (pe.error == QJsonParseError::GarbageAtEnd) {
            used = pe.offset;
            doc = QJsonDocument::fromJson(rest.left(used), &pe);
        }
        if (pe.error != QJsonParseError::NoError) {
            *error = QStringLiteral("%1 at offset %2").arg(pe.errorString()).arg(pe.offset + (text.trimmed().size() - rest.size()));
            return false;
        }
        docs.append(doc);
        rest = rest.mid(used);
    }
    if (docs.size() > 1 && notes)
        notes->append(
            QStringLiteral("the file holds %1 JSON documents: the workspace's jq merges only the first (shown), the rest is ignored").arg(docs.size()));
    if (docs.isEmpty() || firstIsNull)
        return true; // {} + null: merged, no servers
    const QJsonDocument doc = docs.first();
    if (!doc.isObject()) {
        *error = QStringLiteral("the top level is not a JSON object");
        return false;
    }
    const QJsonObject top = doc.object();
    for (auto it = top.begin(); it != top.end(); ++it) {
        if (!it.value().isObject()) {
            *error = QStringLiteral("server '%1' is not a JSON object").arg(it.key());
            return false;
        }
        const QJsonObject o = it.value().toObject();
        McpServer s;
        s.name = it.key();
        s.raw = o;
        s.enabled = o.value(QStringLiteral("enabled")).toBool(true);
        for (const QJsonValue& v : o.value(QStringLiteral("command")).toArray())
            s.command << v.toString();
        if (o.value(QStringLiteral("command")).isString())
            s.command << o.value(QStringLiteral("command")).toString();
        s.url = o.value(QStringLiteral("url")).toString();
        s.environment = o.value(QStringLiteral("environment")).toObject();
        s.headers = o.value(QStringLiteral("headers")).toObject();
        const bool remote = o.value(QStringLiteral("type")).toString() == QLatin1String("remote") || (!s.url.isEmpty() && s.command.isEmpty());
        if (remote)
            s.kind = isHostAddress(QUrl(s.url).host()) ? McpServer::Kind::Host : McpServer::Kind::Remote;
        out->append(s);
    }
    return true;
}

McpConfig McpConfig::load(const EnvFile& env, const QString& checkoutRoot)
{
    McpConfig c;
    c.configured = env.value(QStringLiteral("MCP_CONFIG_FILE"), QString());
    if (c.configured.isEmpty())
        return c;
    c.path = resolve(c.configured, env, checkoutRoot);
    if (c.path.isEmpty()) {
        c.error = QStringLiteral("Warning: MCP_CONFIG_FILE '%1' not found.").arg(VisibleText::escape(c.configured));
        return c;
    }
    const RegularFile::Read f = RegularFile::read(c.path, kMaxConfigBytes);
    if (!f.ok()) {
        c.error = QStringLiteral("Warning: MCP_CONFIG_FILE '%1' could not be read: %2").arg(VisibleText::escape(c.path), f.error);
        return c;
    }
    c.bytes = f.bytes;
    QString why;
    const QString project = projectFolder(env, checkoutRoot);
    c.inProjectFolder = !project.isEmpty() && c.path.startsWith(project + QLatin1Char('/'));
    if (!parse(c.bytes, &c.servers, &why, &c.notes))
        c.error = QStringLiteral("Warning: MCP_CONFIG_FILE '%1' contains invalid JSON or could not be merged. (%2)")
                      .arg(VisibleText::escape(c.path), VisibleText::escape(why));
    return c;
}
