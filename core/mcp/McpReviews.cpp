#include "core/mcp/McpReviews.h"

#include "core/allowlist/AuditLog.h"
#include "core/allowlist/RiskAssessor.h"
#include "core/fileio/CheckoutLock.h"
#include "core/fileio/RegularFile.h"
#include "core/fileio/SafeWrite.h"
#include "core/settings/Settings.h"
#include "core/text/VisibleText.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
constexpr qint64 kMaxStateBytes = 4 * 1024 * 1024;

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
    Settings settings(m_checkout.envFile(), m_checkout.root());
    settings.load();
    return settings.env();
}

QSet<int> McpReviews::allowedPorts() const
{
    Allowlists lists(m_checkout);
    lists.load();
    QSet<int> out;
    for (const QString& e : lists.file(AllowlistKind::Port).entries())
        out.insert(e.toInt());
    return out;
}

bool McpReviews::load(QString* error)
{
    const EnvFile env = readEnv();
    m_config = McpConfig::load(env, m_checkout.root());

    McpCheckContext ctx;
    ctx.egress = SettingsTypes::parseEgress(env.value(QStringLiteral("NETWORK_EGRESS"), QString())).value_or(Egress::Restricted);
    ctx.allowedPorts = allowedPorts();
    ctx.published = RiskContext::load(m_checkout.root()).published;
    m_findings = McpChecks::check(m_config, ctx);
    // Indexed once: every per-server lookup after this is constant time (100,000 servers).
    m_findingsByServer.clear();
    for (const McpFinding& f : std::as_const(m_findings))
        m_findingsByServer[f.server].append(f);
    m_entries.clear();
    m_entries.reserve(m_config.servers.size());
    for (const McpServer& s : std::as_const(m_config.servers))
        m_entries.append(s.reviewEntry());
    m_entries.sort();

    m_haveReviewed = false;
    m_reviewedEntries.clear();
    m_reviewedSha.clear();
    const RegularFile::Read state = RegularFile::read(reviewedStatePath(), kMaxStateBytes);
    m_stateOnDisk = {state.exists, state.bytes};
    if (!state.exists && state.ok())
        return true;
    const QJsonDocument doc = QJsonDocument::fromJson(state.bytes);
    if (!state.ok() || !doc.isObject()) {
        if (error)
            *error = QStringLiteral("%1 is unreadable or not a JSON object; every MCP server counts as unreviewed").arg(reviewedStatePath());
        return false;
    }
    m_haveReviewed = true;
    m_reviewedSha = doc.object().value(QStringLiteral("sha256")).toString();
    for (const QJsonValue& v : doc.object().value(QStringLiteral("entries")).toArray())
        m_reviewedEntries.append(v.toString());
    m_reviewedEntries.sort();
    return true;
}

McpFindings McpReviews::findingsOf(const QString& server) const
{
    return m_findingsByServer.value(server);
}

QString McpReviews::fileSha() const
{
    return AuditLog::sha256(m_config.bytes);
}

bool McpReviews::hasUnreviewed() const
{
    return m_entries != m_reviewedEntries; // both sorted
}

AllowlistReview McpReviews::unreviewed() const
{
    AllowlistReview r;
    r.outside = true;
    r.entriesShown = true; // review lines: secrets masked, control characters visible, whole
    r.file = m_config.path.isEmpty() ? QStringLiteral("MCP_CONFIG_FILE %1").arg(m_config.configured) : m_config.path;
    r.sha256Before = fileSha();
    r.change = ChangeSet::between(AllowlistKind::Apt, m_reviewedEntries, entries());
    r.change.added.sort();
    r.change.removed.sort();
    QSet<QString> risky;
    for (const McpFinding& f : m_findings) {
        const QString shown = f.server.isEmpty() ? QStringLiteral("(file)") : VisibleText::escape(f.server);
        r.notes.append({levelOf(f.severity), shown, false, f.message});
        if (f.isError() && !f.server.isEmpty() && !risky.contains(shown)) {
            risky.insert(shown);
            r.highRisk.append(shown);
        }
    }
    r.nextSteps.append(QStringLiteral("The entrypoint merges the servers into OpenCode's configuration at the next start of the workspace."));
    if (!m_config.error.isEmpty())
        r.nextSteps.append(QStringLiteral("Fix the file first: %1").arg(m_config.error));
    return r;
}

WriteResult McpReviews::recordReviewed(const AllowlistReview& review, const QString& reason)
{
    using St = WriteResult::Status;
    // Held from the re-read to the audit line, as the allowlists' writes are.
    const CheckoutLock lock(m_checkout.root());
    if (!lock.locked())
        return {St::Busy, lock.error()};
    if (!hasUnreviewed())
        return {St::Refused, QStringLiteral("there are no unreviewed MCP changes to record")};
    // Compared with the file on disk now, not only with what load() read.
    const QString onDisk = AuditLog::sha256(McpConfig::load(readEnv(), m_checkout.root()).bytes);
    if (review.sha256Before != fileSha() || onDisk != fileSha() || review.change != unreviewed().change)
        return {St::ChangedOnDisk, QStringLiteral("the MCP configuration changed since the review was made; review again")};

    // No audit trail, no review: the audit file is opened (logs/ created) before the state is written.
    AuditLog::Appender audit(auditPath());
    if (!audit.isOpen())
        return {St::IoError, QStringLiteral("not recorded: the audit trail cannot be written (%1)").arg(audit.error())};
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject state{{QStringLiteral("path"), m_config.path},
                            {QStringLiteral("sha256"), fileSha()},
                            {QStringLiteral("entries"), QJsonArray::fromStringList(entries())},
                            {QStringLiteral("reviewed_at"), now.toString(Qt::ISODate)}};
    const QByteArray after = QJsonDocument(state).toJson();
    const WriteResult w = SafeWrite::replaceIfUnchanged(reviewedStatePath(), m_stateOnDisk, after, 0600, kMaxStateBytes);
    if (!w.ok())
        return w;
    const AuditEntry entry{now,
                           AuditLog::currentUser(),
                           review.file,
                           review.change.added,
                           review.change.removed,
                           reason.isEmpty() ? QStringLiteral("reviewed MCP server changes") : reason,
                           m_reviewedSha,
                           fileSha()};
    QString why;
    if (!audit.append(entry, &why)) {
        // Roll back: a review never stands without its audit line.
        const WriteResult undo = SafeWrite::replaceIfUnchanged(reviewedStatePath(), SafeWrite::Expected{true, after}, m_stateOnDisk.bytes, 0600,
                                                               kMaxStateBytes);
        return {St::IoError,
                undo.ok()
                    ? QStringLiteral("not recorded: the audit line cannot be written (%1)").arg(why)
                    : QStringLiteral("the audit line cannot be written (%1) and the reviewed state could not be rolled back (%2)").arg(why, undo.message)};
    }
    m_stateOnDisk = {true, after};
    m_haveReviewed = true;
    m_reviewedEntries = entries();
    m_reviewedSha = fileSha();
    return {};
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
