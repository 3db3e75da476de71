#include "core/allowlist/AllowlistTypes.h"

#include "core/allowlist/EntryRules.h"

#include <QSet>

QString AllowlistKinds::name(AllowlistKind kind)
{
    return kind == AllowlistKind::Apt ? QStringLiteral("apt") : QStringLiteral("port");
}

bool AllowlistKinds::fromName(const QString& name, AllowlistKind* kind)
{
    if (name == QLatin1String("apt"))
        *kind = AllowlistKind::Apt;
    else if (name == QLatin1String("port"))
        *kind = AllowlistKind::Port;
    else
        return false;
    return true;
}

QString AllowlistKinds::relativePath(AllowlistKind kind)
{
    return kind == AllowlistKind::Apt ? QStringLiteral("config/apt-package-allowlist.txt") : QStringLiteral("config/port-allowlist.txt");
}

ApplyNeed AllowlistKinds::applyNeed(AllowlistKind kind)
{
    return kind == AllowlistKind::Apt ? ApplyNeed::Rebuild : ApplyNeed::Restart;
}

QString AllowlistFinding::toString() const
{
    const QString sev = isError() ? QStringLiteral("error") : QStringLiteral("warning");
    if (line <= 0)
        return QStringLiteral("%1: %2").arg(sev, message);
    return QStringLiteral("line %1: %2: %3").arg(line).arg(sev, message);
}

ChangeSet ChangeSet::between(AllowlistKind kind, const QStringList& before, const QStringList& after)
{
    const QSet<QString> b(before.begin(), before.end()), a(after.begin(), after.end());
    ChangeSet c;
    c.kind = kind;
    for (const QString& e : a)
        if (!b.contains(e))
            c.added.append(e);
    for (const QString& e : b)
        if (!a.contains(e))
            c.removed.append(e);
    EntryRules::sortEntries(kind, &c.added);
    EntryRules::sortEntries(kind, &c.removed);
    return c;
}

QString RiskNote::levelName() const
{
    switch (level) {
    case Level::Info: return QStringLiteral("info");
    case Level::Warning: return QStringLiteral("warning");
    case Level::High: return QStringLiteral("high");
    }
    return {};
}
