#pragma once

#include "core/allowlist/Allowlists.h"
#include "core/checkout/Checkout.h"
#include "core/fileio/SafeWrite.h"
#include "core/mcp/McpChecks.h"

#include <QDateTime>

/// The MCP servers of a checkout under review, as the allowlists are: the configuration and its
/// findings, the last reviewed servers (logs/mcp-reviewed.json), the unreviewed changes as an
/// AllowlistReview (for the same ReviewDialog and CLI prompt), and recording a review in
/// logs/mcp-audit.jsonl with the file's sha256 before and after. Never writes the MCP file.
class McpReviews {
public:
    explicit McpReviews(const Checkout& checkout)
        : m_checkout(checkout)
    {
    }

    /// Reads .env, the MCP configuration, the checkout's port allowlist/compose ports and the
    /// reviewed state. False with *error only when the reviewed state is unreadable.
    bool load(QString* error = nullptr);

    QString auditPath() const { return m_checkout.path(QStringLiteral("logs/mcp-audit.jsonl")); }
    QString reviewedStatePath() const { return m_checkout.path(QStringLiteral("logs/mcp-reviewed.json")); }

    const McpConfig& config() const { return m_config; }
    const McpFindings& findings() const { return m_findings; }
    /// Findings of one server (\a server empty: of the whole file).
    McpFindings findingsOf(const QString& server) const;
    /// One review line per server (McpServer::reviewEntry), sorted.
    const QStringList& entries() const { return m_entries; }

    /// True when the servers differ from the last reviewed ones.
    bool hasUnreviewed() const;
    /// The changes since the last review: diff of review lines, findings as risk notes, the
    /// names of servers with errors to type. file is the MCP config path.
    AllowlistReview unreviewed() const;
    /// Records \a review as reviewed: under the checkout lock, the reviewed state through
    /// SafeWrite and the audit line (rolled back when the line fails). Refused when nothing is
    /// unreviewed, ChangedOnDisk when the configuration or the state changed since \a review.
    WriteResult recordReviewed(const AllowlistReview& review, const QString& reason);

    /// "MCP servers: unreviewed changes" when they need a person; empty otherwise.
    QStringList attention() const;

private:
    QString fileSha() const;
    EnvFile readEnv() const;
    QSet<int> allowedPorts() const;

    Checkout m_checkout;
    McpConfig m_config;
    McpFindings m_findings;
    QHash<QString, McpFindings> m_findingsByServer; ///< m_findings by server, built once per load
    QStringList m_entries;                          ///< entries(), built once per load
    bool m_haveReviewed = false;
    QStringList m_reviewedEntries;
    QString m_reviewedSha;
    SafeWrite::Expected m_stateOnDisk; ///< the reviewed state as load() read it
};
