// mcp list | review [--reason TEXT] [--yes]: the MCP servers the workspace will use, their
// findings, and the review of changes since the last one (logs/mcp-audit.jsonl).
#include "CtlCommand.h"
#include "ReviewPrompt.h"

#include "core/mcp/McpReviews.h"
#include "core/text/VisibleText.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
QJsonArray findingsJson(const McpFindings& findings)
{
    QJsonArray out;
    for (const McpFinding& f : findings)
        out.append(QJsonObject{{QStringLiteral("severity"), f.severityName()}, {QStringLiteral("message"), f.message}});
    return out;
}

int list(CtlContext& c, const McpReviews& m)
{
    const McpConfig& cfg = m.config();
    bool errors = false;
    for (const McpFinding& f : m.findings())
        errors = errors || f.isError();
    if (c.json) {
        QJsonArray servers;
        for (const McpServer& s : cfg.servers)
            servers.append(QJsonObject{{QStringLiteral("name"), s.shownName()},
                                       {QStringLiteral("kind"), s.kindName()},
                                       {QStringLiteral("enabled"), s.enabled},
                                       {QStringLiteral("target"), s.shownTarget()},
                                       {QStringLiteral("findings"), findingsJson(m.findingsOf(s.name))}});
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("configured"), cfg.configured},
                                           {QStringLiteral("path"), cfg.path},
                                           {QStringLiteral("servers"), servers},
                                           {QStringLiteral("file_findings"), findingsJson(m.findingsOf(QString()))},
                                           {QStringLiteral("unreviewed"), m.hasUnreviewed()}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
        return errors ? ExitProblems : ExitOk;
    }
    if (!cfg.configuredAtAll()) {
        c.out << "No MCP_CONFIG_FILE set: the workspace uses only its built-in MCP servers." << Qt::endl;
    } else {
        c.out << "MCP_CONFIG_FILE " << VisibleText::escape(cfg.configured) << " -> "
              << (cfg.path.isEmpty() ? QStringLiteral("(not found)") : VisibleText::escape(cfg.path)) << Qt::endl;
    }
    for (const McpFinding& f : m.findingsOf(QString()))
        c.err << f.severityName() << ": " << f.message << Qt::endl;
    for (const McpServer& s : cfg.servers) {
        c.out << s.shownName() << "\t" << s.kindName() << "\t" << (s.enabled ? "enabled" : "disabled") << "\t" << s.shownTarget() << Qt::endl;
        for (const McpFinding& f : m.findingsOf(s.name))
            c.out << "  " << f.severityName() << ": " << f.message << Qt::endl;
    }
    if (m.hasUnreviewed())
        c.err << "MCP servers: unreviewed changes; run `sandbox-ctl mcp review`" << Qt::endl;
    return errors ? ExitProblems : ExitOk;
}

int review(CtlContext& c, McpReviews& m, const QString& reason, bool yes)
{
    const AllowlistReview r = m.unreviewed();
    if (!m.hasUnreviewed()) {
        if (c.json)
            c.out << QJsonDocument(ReviewPrompt::json(r, false)).toJson(QJsonDocument::Compact) << Qt::endl;
        else
            c.out << "No MCP server changes since the last review." << Qt::endl;
        return ExitOk;
    }
    return ReviewPrompt::run(
        c, r, yes, nullptr,
        [&]() -> ReviewPrompt::Outcome {
            const WriteResult w = m.recordReviewed(r, reason);
            return {exitFor(w), w.message};
        },
        "Recorded as reviewed", m.auditPath());
}

CtlRegistration reg(QStringLiteral("mcp"), QStringLiteral("mcp list | review [--reason TEXT] [--yes]"), [](CtlContext& c) -> int {
    const bool yes = c.takeFlag(QStringLiteral("--yes"));
    bool missing = false;
    const QString reason = c.takeOption(QStringLiteral("--reason"), &missing);
    if (missing)
        return c.usage(QStringLiteral("--reason needs a TEXT"));
    if (c.args.size() != 1)
        return c.usage(QStringLiteral("usage: mcp list|review"));
    McpReviews m(c.checkout);
    QString error;
    if (!m.load(&error))
        c.err << "sandbox-ctl: " << error << Qt::endl;
    const QString action = c.args.takeFirst();
    if (action == QLatin1String("list"))
        return list(c, m);
    if (action == QLatin1String("review"))
        return review(c, m, reason, yes);
    return c.usage(QStringLiteral("mcp: unknown action (list, review)"));
});
} // namespace
