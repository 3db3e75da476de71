// The review prompt of sandbox-ctl (allowlist and mcp review).
#include "ReviewPrompt.h"

#include "core/allowlist/EntryRules.h"
#include "core/fileio/CheckoutLock.h"
#include "core/text/VisibleText.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cstdio>
#include <unistd.h>

QString ReviewPrompt::fileOf(const AllowlistReview& r)
{
    return r.file.isEmpty() ? AllowlistKinds::relativePath(r.change.kind) : r.file;
}

namespace {
QString levelTag(const RiskNote& n)
{
    return QStringLiteral("[%1]").arg(n.levelName());
}

QString readTerminalLine()
{
    char buf[512];
    if (!std::fgets(buf, sizeof buf, stdin))
        return {};
    return QString::fromLocal8Bit(buf).trimmed();
}

} // namespace

void ReviewPrompt::print(CtlContext& c, const AllowlistReview& r)
{
    const QString file = ReviewPrompt::fileOf(r);
    c.out << (r.outside ? QStringLiteral("Changes made outside the panel to %1:") : QStringLiteral("Review of %1:")).arg(file) << Qt::endl;
    for (const QString& e : r.change.added)
        c.out << "  + " << r.shown(e) << Qt::endl;
    for (const QString& e : r.change.removed)
        c.out << "  - " << r.shown(e) << Qt::endl;
    for (const QString& e : r.alreadyListed)
        c.out << "  = " << r.shown(e) << " (already listed)" << Qt::endl;
    if (r.change.isEmpty())
        c.out << "  (entries unchanged)" << Qt::endl;
    if (!r.notes.isEmpty()) {
        c.out << "Risk notes:" << Qt::endl;
        for (const RiskNote& n : r.notes)
            c.out << "  " << (n.removal ? '-' : '+') << r.shown(n.entry) << ' ' << levelTag(n) << ' ' << n.reason << Qt::endl;
    }
    if (!r.nextSteps.isEmpty()) {
        c.out << "Next:" << Qt::endl;
        for (const QString& s : r.nextSteps)
            c.out << "  " << s << Qt::endl;
    }
}

QJsonObject ReviewPrompt::json(const AllowlistReview& r, bool applied)
{
    QJsonArray notes;
    for (const RiskNote& n : r.notes)
        notes.append(QJsonObject{{QStringLiteral("entry"), n.entry},
                                 {QStringLiteral("change"), n.removal ? QStringLiteral("removed") : QStringLiteral("added")},
                                 {QStringLiteral("level"), n.levelName()},
                                 {QStringLiteral("reason"), n.reason}});
    QJsonArray refused;
    for (const AllowlistReview::Refusal& x : r.refused)
        refused.append(QJsonObject{{QStringLiteral("entry"), x.entry}, {QStringLiteral("reason"), x.reason}});
    return QJsonObject{{QStringLiteral("file"), ReviewPrompt::fileOf(r)},
                       {QStringLiteral("outside"), r.outside},
                       {QStringLiteral("added"), QJsonArray::fromStringList(r.change.added)},
                       {QStringLiteral("removed"), QJsonArray::fromStringList(r.change.removed)},
                       {QStringLiteral("already_listed"), QJsonArray::fromStringList(r.alreadyListed)},
                       {QStringLiteral("refused"), refused},
                       {QStringLiteral("notes"), notes},
                       {QStringLiteral("next_steps"), QJsonArray::fromStringList(r.nextSteps)},
                       {QStringLiteral("errors"), QJsonArray::fromStringList(r.errors)},
                       {QStringLiteral("applied"), applied}};
}

bool ReviewPrompt::confirmed(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock* lock)
{
    return confirmedTyped(c, r.highRisk, "High-risk entry: type its name (%1) to confirm: ", yes, lock);
}

bool ReviewPrompt::confirmedTyped(CtlContext& c, const QStringList& typed, const char* prompt, bool yes, CheckoutLock* lock)
{
    if (yes)
        return true;
    if (lock)
        lock->release();
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
    for (const QString& e : typed) {
        c.out << QString::fromUtf8(prompt).arg(e) << Qt::flush;
        if (readTerminalLine() != e) {
            c.err << "sandbox-ctl: not applied: " << e << " was not typed" << Qt::endl;
            return false;
        }
    }
    return true;
}

void ReviewPrompt::print(CtlContext& c, const SettingsChangeSet& change)
{
    c.out << "This change loosens the sandbox:" << Qt::endl;
    for (const SettingChange& s : change.changes) {
        c.out << "  " << s.key << ": " << VisibleText::escape(SettingsRisk::shown(s.key, s.from)) << " -> "
              << VisibleText::escape(SettingsRisk::shown(s.key, s.to));
        if (s.direction == ChangeDirection::Loosen)
            c.out << " [" << (s.confirm.isEmpty() ? "warning" : "high") << "] " << s.risk;
        c.out << Qt::endl;
    }
    c.out << "Next: the running workspace keeps its settings until a restart (sandbox-ctl restart)." << Qt::endl;
}

QJsonObject ReviewPrompt::json(const SettingsChangeSet& change, bool applied)
{
    QJsonArray list;
    for (const SettingChange& s : change.changes)
        list.append(QJsonObject{{QStringLiteral("key"), s.key},
                                {QStringLiteral("from"), SettingsRisk::shown(s.key, s.from)},
                                {QStringLiteral("to"), SettingsRisk::shown(s.key, s.to)},
                                {QStringLiteral("loosens"), s.direction == ChangeDirection::Loosen},
                                {QStringLiteral("risk"), s.risk},
                                {QStringLiteral("typed_confirmation"), s.confirm}});
    return QJsonObject{{QStringLiteral("changes"), list}, {QStringLiteral("applied"), applied}};
}

QString ReviewPrompt::reason(CtlContext& c, const QString& given, bool yes)
{
    if (!given.trimmed().isEmpty() || yes || !::isatty(STDIN_FILENO))
        return given.trimmed();
    c.out << "Reason (kept in the audit log): " << Qt::flush;
    return readTerminalLine();
}

int ReviewPrompt::run(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock* lock, const std::function<Outcome()>& write, const char* done,
                      const QString& auditPath)
{
    if (!c.json)
        print(c, r);
    if (!confirmed(c, r, yes, lock)) {
        if (c.json)
            c.out << QJsonDocument(json(r, false)).toJson(QJsonDocument::Compact) << Qt::endl;
        return ExitRefused;
    }
    const Outcome res = write();
    if (c.json)
        c.out << QJsonDocument(json(r, res.exit == ExitOk)).toJson(QJsonDocument::Compact) << Qt::endl;
    if (res.exit != ExitOk) {
        c.err << "sandbox-ctl: " << res.message << Qt::endl;
        return res.exit;
    }
    if (!c.json)
        c.out << done << "; audit line appended to " << auditPath << Qt::endl;
    return ExitOk;
}
