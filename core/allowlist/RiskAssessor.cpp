#include "core/allowlist/RiskAssessor.h"

#include "core/allowlist/RiskTable.h"
#include "core/fileio/RegularFile.h"
#include "core/settings/EnvValues.h"

#include <QDir>
#include <QFile>

namespace {
using L = RiskNote::Level;

QByteArray readAll(const QString& path)
{
    return RegularFile::read(path, 4 * 1024 * 1024).bytes;
}

QStringList keysUsing(const RiskContext& ctx, int port)
{
    QStringList keys;
    for (const QString& key : RiskAssessor::portKeys())
        if (ctx.env.value(key).trimmed() == QString::number(port))
            keys.append(key);
    return keys;
}

void assessPortAdd(const QString& entry, const RiskContext& ctx, RiskNotes* notes)
{
    const int port = entry.toInt();
    if (port < 1024 || port > 65535) {
        notes->append({L::High, entry, false, QStringLiteral("outside 1024-65535: refused")});
        return;
    }
    if (const QStringList keys = keysUsing(ctx, port); !keys.isEmpty())
        notes->append(
            {L::Warning, entry, false, QStringLiteral("already used by %1 in .env; a second service on it would clash").arg(keys.join(QStringLiteral(", ")))});
    if (const auto row = RiskTable::port(port))
        notes->append({row->level, entry, false, QStringLiteral("well-known port: %1").arg(QString::fromUtf8(row->reason))});
    if (!ctx.composeError.isEmpty()) {
        notes->append({L::Warning, entry, false, QStringLiteral("cannot tell whether compose publishes it: %1").arg(ctx.composeError)});
        return;
    }
    const QList<ComposePort> hits = ComposePorts::publishing(ctx.published, port);
    if (hits.isEmpty()) {
        notes->append(
            {L::Info, entry, false, QStringLiteral("docker-compose.yml does not publish it: usable only after a compose port entry (bind it to 127.0.0.1)")});
        return;
    }
    for (const ComposePort& p : hits) {
        if (p.onAllInterfaces())
            notes->append(
                {L::High, entry, false,
                 QStringLiteral("compose publishes it on all interfaces (%1): reachable from other machines; bind it to 127.0.0.1").arg(p.describe())});
        else
            notes->append({L::Info, entry, false, QStringLiteral("compose publishes it on %1").arg(p.describe())});
    }
}

void assessPortRemove(const QString& entry, const RiskContext& ctx, RiskNotes* notes)
{
    const int port = entry.toInt();
    if (const QStringList keys = keysUsing(ctx, port); !keys.isEmpty())
        notes->append({L::Warning, entry, true,
                       QStringLiteral("%1 in .env uses it: validation fails (port rule) until that setting changes").arg(keys.join(QStringLiteral(", ")))});
    const QList<ComposePort> hits = ComposePorts::publishing(ctx.published, port);
    for (const ComposePort& p : hits)
        notes->append({L::Info, entry, true, QStringLiteral("compose still publishes it on %1").arg(p.describe())});
    if (notes->isEmpty() || notes->last().entry != entry)
        notes->append({L::Info, entry, true, QStringLiteral("a service listening on it stops being allowed after the restart")});
}
} // namespace

RiskContext RiskContext::load(const QString& root)
{
    RiskContext ctx;
    const QDir dir(root);
    const EnvValues env = EnvValues::parse(EnvValues::readFile(dir.filePath(QStringLiteral(".env"))).bytes);
    for (const QString& key : env.keys())
        ctx.env.insert(key, env.value(key));
    const QString composePath = dir.filePath(QStringLiteral("docker-compose.yml"));
    if (!QFile::exists(composePath))
        ctx.composeError = QStringLiteral("no docker-compose.yml in the checkout");
    else
        ComposePorts::parse(readAll(composePath), ctx.env, &ctx.published, &ctx.composeError);
    return ctx;
}

QStringList RiskAssessor::portKeys()
{
    return {QStringLiteral("OPENCODE_PORT"), QStringLiteral("APP_PORT"), QStringLiteral("DASHBOARD_PORT"), QStringLiteral("MCP_BRIDGE_PORT"),
            QStringLiteral("LLM_PORT")};
}

RiskNotes RiskAssessor::assess(const ChangeSet& change, const RiskContext& context)
{
    RiskNotes notes;
    for (const QString& e : change.added) {
        if (change.kind == AllowlistKind::Port) {
            assessPortAdd(e, context, &notes);
        } else if (const auto row = RiskTable::package(e)) {
            notes.append({row->level, e, false, QString::fromUtf8(row->reason)});
        } else {
            notes.append({L::Info, e, false, QStringLiteral("not in the risk table; check what it installs (apt-cache show %1)").arg(e)});
        }
    }
    for (const QString& e : change.removed) {
        if (change.kind == AllowlistKind::Port) {
            RiskNotes mine;
            assessPortRemove(e, context, &mine);
            notes += mine;
        } else {
            notes.append({L::Info, e, true, QStringLiteral("an agent that uses it can no longer install it after the rebuild")});
        }
    }
    return notes;
}

RiskNote::Level RiskAssessor::highest(const RiskNotes& notes)
{
    L level = L::Info;
    for (const RiskNote& n : notes)
        if (!n.removal && int(n.level) > int(level))
            level = n.level;
    return level;
}

QStringList RiskAssessor::highRiskEntries(const RiskNotes& notes)
{
    QStringList entries;
    for (const RiskNote& n : notes)
        if (!n.removal && n.level == L::High && !entries.contains(n.entry))
            entries.append(n.entry);
    return entries;
}

QStringList RiskAssessor::nextSteps(const ChangeSet& change, const RiskContext& context)
{
    QStringList steps;
    // The need and its step in the same words as the Allowlists tab, Posture and the settings banner.
    const ApplyNeed need = AllowlistKinds::applyNeed(change.kind);
    if (change.kind == AllowlistKind::Apt) {
        steps.append(QStringLiteral("%1: the list is baked into the workspace image; %2 before the change takes effect.")
                         .arg(SettingsTypes::applyNeedName(need), SettingsTypes::applyNeedStep(need)));
        return steps;
    }
    steps.append(QStringLiteral("%1: the list is read when the workspace container is created; %2 before the change takes effect.")
                     .arg(SettingsTypes::applyNeedName(need), SettingsTypes::applyNeedStep(need)));
    for (const QString& e : change.added) {
        const QList<ComposePort> hits = ComposePorts::publishing(context.published, e.toInt());
        if (hits.isEmpty())
            steps.append(QStringLiteral("Port %1 is not published by docker-compose.yml: add a \"127.0.0.1:%1:%1\" port entry to use it.").arg(e));
        else
            for (const ComposePort& p : hits)
                steps.append(QStringLiteral("Port %1 will be reachable at %2%3.")
                                 .arg(e, p.describe(), p.onAllInterfaces() ? QStringLiteral(" — from other machines too") : QString()));
    }
    return steps;
}
