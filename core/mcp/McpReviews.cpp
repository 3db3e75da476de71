#include "mcp/McpReviews.h"

#include "allowlist/AuditLog.h"
#include "allowlist/RiskAssessor.h"
#include "settings/SettingsValidator.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace {
RiskNote::Level levelOf(McpFinding::Severity s)
{
    switch (s) {
    case McpFinding::Severity::Error: return RiskNote::Level::High;
    case McpFinding::Severity::Warning: return RiskNote::Level::Warning;
    case McpFinding::Severity::Info: break;
    }
    return RiskNote::Level::Info;
}
} // namespace

EnvFile McpReviews::readEnv() const
{
    QFile f(m_checkout.envFile());
    return EnvFile::parse(f.open(QIODevice::ReadOnly) ? f.read(4 * 1024 * 1024) : QByteArray());
}

bool McpReviews::load(QString* error)
{
    const EnvFile env = readEnv();
    m_config = McpConfig::load(env, m_checkout.root());

    McpCheckContext ctx;
    ctx.egress = SettingsTypes::parseEgress(env.value(QStringLiteral("NETWORK_EGRESS"), QString())).value_or(Egress::Restricted);
    ctx.allowedPorts = SettingsValidator(m_checkout.root()).allowedPorts();
    ctx.published = RiskContext::load(m_checkout.root()).published;
    m_findings = McpChecks::check(m_config, ctx);

    m_haveReviewed = false;
    m_reviewedEntries.clear();
    m_reviewedSha.clear();
    QFile state(reviewedStatePath());
    if (!state.exists())
        return true;
    const QJsonDocument doc = QJsonDocument::fromJson(state.open(QIODevice::ReadOnly) ? state.read(16 * 1024 * 1024) : QByteArray());
    if (!doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is unreadable or not a JSON object; every MCP server counts as unreviewed").arg(reviewedStatePath());
        return false;
    }
    m_haveReviewed = true;
    m_reviewedSha = doc.object().value(QStringLiteral("sha256")).toString();
    for (const QJsonValue& v : doc.object().value(QStringLiteral("entries")).toArray())
        m_reviewedEntries.append(v.toString());
    return true;
}

McpFindings McpReviews::findingsOf(const QString& server) const
{
    McpFindings out;
    for (const McpFinding& f : m_findings)
        if (f.server == server)
            out.append(f);
    return out;
}

QStringList McpReviews::entries() const
{
    QStringList out;
    for (const McpServer& s : m_config.servers)
        out.append(s.reviewEntry());
    out.sort();
    return out;
}

QString McpReviews::fileSha() const
{
    return AuditLog::sha256(m_config.bytes);
}

bool McpReviews::hasUnreviewed() const
{
    QStringList reviewed = m_reviewedEntries;
    reviewed.sort();
    return entries() != reviewed;
}

AllowlistReview McpReviews::unreviewed() const
{
    AllowlistReview r;
    r.outside = true;
    r.file = m_config.path.isEmpty() ? QStringLiteral("MCP_CONFIG_FILE %1").arg(m_config.configured) : m_config.path;
    r.sha256Before = fileSha();
    r.change = ChangeSet::between(AllowlistKind::Apt, m_reviewedEntries, entries());
    r.change.added.sort();
    r.change.removed.sort();
    for (const McpFinding& f : m_findings) {
        r.notes.append({levelOf(f.severity), f.server.isEmpty() ? QStringLiteral("(file)") : f.server, false, f.message});
        if (f.isError() && !f.server.isEmpty() && !r.highRisk.contains(f.server))
            r.highRisk.append(f.server);
    }
    r.nextSteps.append(QStringLiteral("The entrypoint merges the servers into OpenCode's configuration at the next start of the workspace."));
    if (!m_config.error.isEmpty())
        r.nextSteps.append(QStringLiteral("Fix the file first: %1").arg(m_config.error));
    return r;
}

bool McpReviews::recordReviewed(const AllowlistReview& review, const QString& reason, QString* error)
{
    const auto fail = [error](const QString& why) {
        if (error)
            *error = why;
        return false;
    };
    if (!hasUnreviewed())
        return fail(QStringLiteral("there are no unreviewed MCP changes to record"));
    // Compared with the file on disk now, not only with what load() read.
    const QString onDisk = AuditLog::sha256(McpConfig::load(readEnv(), m_checkout.root()).bytes);
    if (review.sha256Before != fileSha() || onDisk != fileSha() || review.change != unreviewed().change)
        return fail(QStringLiteral("the MCP configuration changed since the review was made; review again"));
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const AuditEntry entry{now, AuditLog::currentUser(), review.file, review.change.added, review.change.removed,
                           reason.isEmpty() ? QStringLiteral("reviewed MCP server changes") : reason, m_reviewedSha, fileSha()};
    QString why;
    if (!AuditLog(auditPath()).append(entry, &why))
        return fail(QStringLiteral("the audit line could not be written: %1").arg(why));
    const QJsonObject state{{QStringLiteral("path"), m_config.path},
                            {QStringLiteral("sha256"), fileSha()},
                            {QStringLiteral("entries"), QJsonArray::fromStringList(entries())},
                            {QStringLiteral("reviewed_at"), now.toString(Qt::ISODate)}};
    QSaveFile f(reviewedStatePath());
    if (!f.open(QIODevice::WriteOnly) || f.write(QJsonDocument(state).toJson()) < 0 || !f.commit())
        return fail(QStringLiteral("the reviewed state could not be written: %1").arg(f.errorString()));
    m_haveReviewed = true;
    m_reviewedEntries = entries();
    m_reviewedSha = fileSha();
    return true;
}

QStringList McpReviews::attention() const
{
    QStringList out;
    if (hasUnreviewed())
        out.append(QStringLiteral("MCP servers: unreviewed changes"));
    if (!m_config.error.isEmpty())
        out.append(QStringLiteral("MCP servers: %1").arg(m_config.error));
    return out;
}

QString McpReviews::startWarning(const Checkout& checkout)
{
    McpReviews m(checkout);
    m.load();
    return m.hasUnreviewed() ? QStringLiteral("MCP servers have unreviewed changes") : QString();
}
