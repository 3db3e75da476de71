// allowlist apt|port list | add|remove ENTRY... [--reason TEXT] [--yes] | review [--yes] (CLI.md).
// A change is printed as a review (diff, risk notes per entry, next steps) and applied only with
// --yes or a "y" typed on a terminal; high-risk entries must be typed on the terminal.
#include "CtlCommand.h"

#include "allowlist/Allowlists.h"
#include "allowlist/EntryRules.h"
#include "fileio/CheckoutLock.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstdio>
#include <functional>
#include <unistd.h>

namespace {
QString levelTag(const RiskNote& n)
{
    return QStringLiteral("[%1]").arg(n.levelName());
}

void printReview(CtlContext& c, const Allowlists& a, const AllowlistReview& r)
{
    const QString file = AllowlistKinds::relativePath(r.change.kind);
    c.out << (r.outside ? QStringLiteral("Changes made outside the panel to %1:") : QStringLiteral("Review of %1:")).arg(file) << Qt::endl;
    for (const QString& e : r.change.added)
        c.out << "  + " << EntryRules::display(e) << Qt::endl;
    for (const QString& e : r.change.removed)
        c.out << "  - " << EntryRules::display(e) << Qt::endl;
    if (r.change.isEmpty())
        c.out << "  (entries unchanged)" << Qt::endl;
    if (!r.notes.isEmpty()) {
        c.out << "Risk notes:" << Qt::endl;
        for (const RiskNote& n : r.notes)
            c.out << "  " << (n.removal ? '-' : '+') << EntryRules::display(n.entry) << ' ' << levelTag(n) << ' ' << n.reason << Qt::endl;
    }
    if (!r.nextSteps.isEmpty()) {
        c.out << "Next:" << Qt::endl;
        for (const QString& s : r.nextSteps)
            c.out << "  " << s << Qt::endl;
    }
    Q_UNUSED(a);
}

QJsonObject reviewJson(const AllowlistReview& r, bool applied)
{
    QJsonArray notes;
    for (const RiskNote& n : r.notes)
        notes.append(QJsonObject{{QStringLiteral("entry"), n.entry},
                                 {QStringLiteral("change"), n.removal ? QStringLiteral("removed") : QStringLiteral("added")},
                                 {QStringLiteral("level"), n.levelName()},
                                 {QStringLiteral("reason"), n.reason}});
    return QJsonObject{{QStringLiteral("file"), AllowlistKinds::relativePath(r.change.kind)},
                       {QStringLiteral("outside"), r.outside},
                       {QStringLiteral("added"), QJsonArray::fromStringList(r.change.added)},
                       {QStringLiteral("removed"), QJsonArray::fromStringList(r.change.removed)},
                       {QStringLiteral("notes"), notes},
                       {QStringLiteral("next_steps"), QJsonArray::fromStringList(r.nextSteps)},
                       {QStringLiteral("errors"), QJsonArray::fromStringList(r.errors)},
                       {QStringLiteral("applied"), applied}};
}

QString readTerminalLine()
{
    char buf[512];
    if (!std::fgets(buf, sizeof buf, stdin))
        return {};
    return QString::fromLocal8Bit(buf).trimmed();
}

/// --yes, or "y" on a terminal (and each high-risk entry typed). Prints why not; true to apply.
bool confirmed(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock& lock)
{
    if (yes)
        return true;
    lock.release(); // nobody waits on a person: the write re-takes it and checks the file again
    if (!::isatty(STDIN_FILENO)) {
        c.err << "sandbox-ctl: not applied: confirm with --yes (no terminal to ask on)" << Qt::endl;
        return false;
    }
    c.out << "Apply this change? [y/N] " << Qt::flush;
    const QString answer = readTerminalLine().toLower();
    if (answer != QLatin1String("y") && answer != QLatin1String("yes")) {
        c.err << "sandbox-ctl: not applied" << Qt::endl;
        return false;
    }
    for (const QString& e : r.highRisk) {
        c.out << "High-risk entry: type its name (" << e << ") to confirm: " << Qt::flush;
        if (readTerminalLine() != e) {
            c.err << "sandbox-ctl: not applied: " << e << " was not typed" << Qt::endl;
            return false;
        }
    }
    return true;
}

int list(CtlContext& c, const Allowlists& a, AllowlistKind kind)
{
    const AllowlistFile& f = a.file(kind);
    if (!a.readError(kind).isEmpty()) {
        c.err << "sandbox-ctl: " << a.readError(kind) << Qt::endl;
        return ExitFailed;
    }
    if (c.json) {
        QJsonArray findings;
        for (const AllowlistFinding& x : f.findings())
            findings.append(QJsonObject{{QStringLiteral("severity"), x.isError() ? QStringLiteral("error") : QStringLiteral("warning")},
                                        {QStringLiteral("line"), x.line},
                                        {QStringLiteral("message"), x.message}});
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("file"), AllowlistKinds::relativePath(kind)},
                                           {QStringLiteral("entries"), QJsonArray::fromStringList(f.entries())},
                                           {QStringLiteral("findings"), findings},
                                           {QStringLiteral("state"), QJsonArray::fromStringList(a.stateLabels(kind))}})
                     .toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        for (const QString& e : f.entries())
            c.out << e << Qt::endl;
        for (const AllowlistFinding& x : f.findings())
            c.err << AllowlistKinds::relativePath(kind) << ": " << x.toString() << Qt::endl;
        if (a.hasUnreviewed(kind) || a.neverReviewed(kind))
            c.err << AllowlistKinds::relativePath(kind) << (a.neverReviewed(kind) ? ": never reviewed" : ": unreviewed changes")
                  << "; run `sandbox-ctl allowlist " << AllowlistKinds::name(kind) << " review`" << Qt::endl;
    }
    return f.hasErrors() ? ExitProblems : ExitOk;
}

// Prints the review, asks (or takes --yes), then writes and reports the outcome.
int confirmThenWrite(CtlContext& c, Allowlists& a, const AllowlistReview& r, bool yes, CheckoutLock& lock,
                     const std::function<Allowlists::Result()>& write, const char* done)
{
    if (!c.json)
        printReview(c, a, r);
    if (!confirmed(c, r, yes, lock)) {
        if (c.json)
            c.out << QJsonDocument(reviewJson(r, false)).toJson(QJsonDocument::Compact) << Qt::endl;
        return ExitRefused;
    }
    const Allowlists::Result res = write();
    if (c.json)
        c.out << QJsonDocument(reviewJson(r, res.ok())).toJson(QJsonDocument::Compact) << Qt::endl;
    if (!res.ok()) {
        c.err << "sandbox-ctl: " << res.message << Qt::endl;
        return exitFor(res);
    }
    if (!c.json)
        c.out << done << "; audit line appended to " << a.auditPath() << Qt::endl;
    return ExitOk;
}

int change(CtlContext& c, Allowlists& a, AllowlistKind kind, bool add, const QString& reason, bool yes, CheckoutLock& lock)
{
    if (c.args.isEmpty())
        return c.usage(QStringLiteral("allowlist %1 %2 needs at least one ENTRY").arg(AllowlistKinds::name(kind), add ? QStringLiteral("add") : QStringLiteral("remove")));
    const AllowlistReview r = add ? a.proposeAdd(kind, c.args) : a.proposeRemove(kind, c.args);
    if (!r.ok()) {
        for (const QString& e : r.errors)
            c.err << "sandbox-ctl: " << e << Qt::endl;
        c.err << "sandbox-ctl: nothing written" << Qt::endl;
        if (c.json)
            c.out << QJsonDocument(reviewJson(r, false)).toJson(QJsonDocument::Compact) << Qt::endl;
        return a.hasUnreviewed(kind) ? ExitRefused : ExitProblems;
    }
    return confirmThenWrite(c, a, r, yes, lock, [&] { return a.apply(r, reason); }, "Applied");
}

int review(CtlContext& c, Allowlists& a, AllowlistKind kind, const QString& reason, bool yes, CheckoutLock& lock)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("allowlist %1 review takes no entries").arg(AllowlistKinds::name(kind)));
    if (!a.hasUnreviewed(kind) && !a.neverReviewed(kind)) {
        if (c.json)
            c.out << QJsonDocument(reviewJson(a.outsideChanges(kind), false)).toJson(QJsonDocument::Compact) << Qt::endl;
        else
            c.out << "No changes to " << AllowlistKinds::relativePath(kind) << " since the last review." << Qt::endl;
        return ExitOk;
    }
    const AllowlistReview r = a.outsideChanges(kind);
    return confirmThenWrite(c, a, r, yes, lock, [&] { return a.recordReviewed(r, reason); }, "Recorded as reviewed");
}

CtlRegistration reg(
    QStringLiteral("allowlist"),
    QStringLiteral("allowlist apt|port list | add|remove ENTRY... [--reason TEXT] [--yes] | review [--yes]"),
    [](CtlContext& c) -> int {
        const bool yes = c.takeFlag(QStringLiteral("--yes"));
        bool missing = false;
        const QString reason = c.takeOption(QStringLiteral("--reason"), &missing);
        if (missing)
            return c.usage(QStringLiteral("--reason needs a TEXT"));
        if (c.args.size() < 2)
            return c.usage(QStringLiteral("usage: allowlist apt|port list|add|remove|review"));
        AllowlistKind kind;
        if (!AllowlistKinds::fromName(c.args.takeFirst(), &kind))
            return c.usage(QStringLiteral("allowlist: the list is apt or port"));
        const QString action = c.args.takeFirst();
        if (!c.args.isEmpty() && c.args.first() == QLatin1String("--"))
            c.args.removeFirst(); // "--" ends the options: entries may start with '-'
        Allowlists a(c.checkout);
        QString error;
        if (action == QLatin1String("list")) {
            if (!c.args.isEmpty())
                return c.usage(QStringLiteral("allowlist %1 list takes no arguments").arg(AllowlistKinds::name(kind)));
            a.load(&error);
            return list(c, a, kind);
        }
        // Writers hold the checkout lock from the read to the audit line (released only to ask).
        CheckoutLock lock(c.checkout.root());
        if (!lock.locked()) {
            c.err << "sandbox-ctl: " << lock.error() << Qt::endl;
            return ExitRefused;
        }
        a.load(&error);
        if (!a.readError(kind).isEmpty()) {
            c.err << "sandbox-ctl: " << a.readError(kind) << Qt::endl;
            return ExitFailed;
        }
        if (action == QLatin1String("add") || action == QLatin1String("remove"))
            return change(c, a, kind, action == QLatin1String("add"), reason, yes, lock);
        if (action == QLatin1String("review"))
            return review(c, a, kind, reason, yes, lock);
        return c.usage(QStringLiteral("allowlist: unknown action '%1' (list, add, remove, review)").arg(EntryRules::display(action)));
    });
} // namespace
