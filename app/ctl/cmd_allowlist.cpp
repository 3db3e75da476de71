// allowlist apt|port list | add|remove ENTRY... [--reason TEXT] [--yes] | review [--yes] (CLI.md).
// A change is printed as a review (diff, risk notes per entry, next steps) and applied only with
// --yes or a "y" typed on a terminal; high-risk entries must be typed on the terminal.
#include "CtlCommand.h"
#include "ReviewPrompt.h"

#include "core/allowlist/Allowlists.h"
#include "core/allowlist/EntryRules.h"
#include "core/fileio/CheckoutLock.h"
#include "core/sandbox/Sandbox.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <functional>

namespace {
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
int confirmThenWrite(CtlContext& c, Allowlists& a, const AllowlistReview& r, bool yes, CheckoutLock& lock, const std::function<Allowlists::Result()>& write,
                     const char* done)
{
    return ReviewPrompt::run(
        c, r, yes, &lock,
        [&]() -> ReviewPrompt::Outcome {
            const Allowlists::Result res = write();
            return {exitFor(res), res.message};
        },
        done, a.auditPath());
}

int change(CtlContext& c, Allowlists& a, AllowlistKind kind, bool add, const QString& reason, bool yes, CheckoutLock& lock)
{
    if (c.args.isEmpty())
        return c.usage(
            QStringLiteral("allowlist %1 %2 needs at least one ENTRY").arg(AllowlistKinds::name(kind), add ? QStringLiteral("add") : QStringLiteral("remove")));
    const AllowlistReview r = add ? a.proposeAdd(kind, c.args) : a.proposeRemove(kind, c.args);
    if (!r.ok()) {
        for (const QString& e : r.errors)
            c.err << "sandbox-ctl: " << e << Qt::endl;
        c.err << "sandbox-ctl: nothing written" << Qt::endl;
        if (c.json)
            c.out << QJsonDocument(ReviewPrompt::json(r, false)).toJson(QJsonDocument::Compact) << Qt::endl;
        return a.hasUnreviewed(kind) ? ExitRefused : ExitProblems;
    }
    return confirmThenWrite(
        c, a, r, yes, lock, [&] { return a.apply(r, reason); }, "Applied");
}

int review(CtlContext& c, Allowlists& a, AllowlistKind kind, const QString& reason, bool yes, CheckoutLock& lock)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("allowlist %1 review takes no entries").arg(AllowlistKinds::name(kind)));
    if (!a.hasUnreviewed(kind) && !a.neverReviewed(kind)) {
        if (c.json)
            c.out << QJsonDocument(ReviewPrompt::json(a.outsideChanges(kind), false)).toJson(QJsonDocument::Compact) << Qt::endl;
        else
            c.out << "No changes to " << AllowlistKinds::relativePath(kind) << " since the last review." << Qt::endl;
        return ExitOk;
    }
    const AllowlistReview r = a.outsideChanges(kind);
    return confirmThenWrite(
        c, a, r, yes, lock, [&] { return a.recordReviewed(r, reason); }, "Recorded as reviewed");
}

CtlRegistration reg(QStringLiteral("allowlist"), QStringLiteral("allowlist apt|port list | add|remove ENTRY... [--reason TEXT] [--yes] | review [--yes]"),
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
                        Allowlists& a = c.sandbox().allowlists();
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
