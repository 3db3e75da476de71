// Settings commands (CLI.md): validate, get, set, mode, egress, monitor.
#include "CtlCommand.h"
#include "ReviewPrompt.h"

#include "core/fileio/CheckoutLock.h"
#include "core/logging/Redaction.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/EnvPermissions.h"
#include "core/settings/Settings.h"
#include "core/text/VisibleText.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
/// Loads (again) the sandbox's .env; prints the reason and returns false when it cannot.
bool loadSettings(CtlContext& c, Settings& s, bool mustExist)
{
    QString error;
    if (!s.load(&error)) {
        c.err << "sandbox-ctl: " << VisibleText::escape(error) << Qt::endl;
        return false;
    }
    if (mustExist && !s.existsOnDisk()) {
        c.err << "sandbox-ctl: " << VisibleText::escape(s.path()) << " does not exist; copy .env.example to .env first" << Qt::endl;
        return false;
    }
    return true;
}

/// \a value of \a key for the terminal: control characters escaped (\x1b), and a note on stderr
/// saying so (the value in .env is unchanged).
QString visibleValue(CtlContext& c, const QString& key, const QString& value)
{
    if (VisibleText::needsEscape(value))
        c.err << "sandbox-ctl: the value of " << key << " holds control characters: shown escaped (\\x1b is ESC)" << Qt::endl;
    return VisibleText::escape(value);
}

/// \a fields with "key" and "value" as one JSON line; control characters as JSON escapes (\u001b).
void printValueJson(CtlContext& c, const QString& key, const QString& value, QJsonObject fields)
{
    fields.insert(QStringLiteral("key"), key);
    fields.insert(QStringLiteral("value"), value);
    c.out << VisibleText::json(QString::fromUtf8(QJsonDocument(fields).toJson(QJsonDocument::Compact))) << Qt::endl;
}

/// --yes and --reason TEXT of the commands that change .env; false (usage printed) when malformed.
struct ChangeFlags {
    bool yes = false;
    QString reason;
};
bool takeChangeFlags(CtlContext& c, ChangeFlags* flags, int* exit)
{
    flags->yes = c.takeFlag(QStringLiteral("--yes"));
    bool missing = false;
    flags->reason = c.takeOption(QStringLiteral("--reason"), &missing);
    if (missing) {
        *exit = c.usage(QStringLiteral("--reason needs a TEXT"));
        return false;
    }
    return true;
}

/// Writes one key and reports it: `KEY=value` (masked for secrets) or the reason it was refused.
/// A change that loosens the sandbox (core's SettingsChangeSet) is shown with its risk and asked
/// on a terminal (each worst change typed back), refused without --yes otherwise (exit 4).
int applySet(CtlContext& c, const QString& key, const QString& value, const ChangeFlags& flags)
{
    // Held from the read to the rename: concurrent writers queue instead of losing updates.
    CheckoutLock lock(c.checkout.root());
    if (!lock.locked()) {
        c.err << "sandbox-ctl: " << lock.error() << Qt::endl;
        return ExitRefused;
    }
    Settings& s = c.sandbox().settings();
    if (!loadSettings(c, s, true))
        return ExitFailed;
    const SettingsChangeSet change = s.propose(key, value);
    QString reason = flags.reason;
    if (change.loosens()) {
        if (!c.json)
            ReviewPrompt::print(c, change);
        // The lock is released while a person answers; the write re-takes it and refuses when
        // .env changed meanwhile (ChangedOnDisk).
        if (!ReviewPrompt::confirmedTyped(c, change.typedConfirmations(), "Loosening: type %1 to confirm: ", flags.yes, &lock)) {
            if (c.json)
                c.out << VisibleText::json(QString::fromUtf8(QJsonDocument(ReviewPrompt::json(change, false)).toJson(QJsonDocument::Compact))) << Qt::endl;
            return ExitRefused;
        }
        reason = ReviewPrompt::reason(c, reason, flags.yes);
        if (reason.isEmpty() && !flags.yes) {
            c.err << "sandbox-ctl: not applied: a loosening needs a reason (--reason TEXT)" << Qt::endl;
            return ExitRefused;
        }
    }
    const Settings::Result r = s.applyReviewed(change, reason);
    if (!r.ok()) {
        c.err << "sandbox-ctl: " << VisibleText::escape(Redaction::redact(r.message)) << Qt::endl;
        return exitFor(r);
    }
    if (c.json)
        printValueJson(c, key, s.displayValue(key), QJsonObject{{QStringLiteral("loosens"), change.loosens()}});
    else
        c.out << key << '=' << visibleValue(c, key, s.displayValue(key)) << Qt::endl;
    if (change.audited() && !c.json)
        c.out << "audit line appended to " << s.auditPath() << Qt::endl;
    return ExitOk;
}

CtlRegistration validate(QStringLiteral("validate"), QStringLiteral("validate"), [](CtlContext& c) -> int {
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("validate takes no arguments"));
    Settings& s = c.sandbox().settings();
    if (!loadSettings(c, s, false))
        return ExitFailed;
    Findings findings;
    if (!s.existsOnDisk())
        findings.append({Finding::Severity::Error, QStringLiteral(".env"), QStringLiteral("%1 does not exist; copy .env.example to .env").arg(s.path())});
    else
        findings = s.validate();
    if (c.json) {
        QJsonArray list;
        for (const Finding& f : findings)
            list.append(QJsonObject{
                {QStringLiteral("severity"), f.severityName()}, {QStringLiteral("key"), f.key}, {QStringLiteral("message"), Redaction::redact(f.message)}});
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("valid"), !hasErrors(findings)}, {QStringLiteral("findings"), list}}).toJson(QJsonDocument::Compact)
              << Qt::endl;
    } else {
        int errors = 0;
        for (const Finding& f : findings) {
            c.out << Redaction::redact(f.toString()) << '\n';
            errors += f.severity == Finding::Severity::Error ? 1 : 0;
        }
        // The verdict is always the last line: silence is no answer.
        const qsizetype warnings = findings.size() - errors;
        const QString warned = warnings == 1 ? QStringLiteral("1 warning") : QStringLiteral("%1 warnings").arg(warnings);
        if (errors == 0)
            c.out << "Configuration is valid: " << warned << '\n';
        else
            c.out << "Configuration is not valid: " << (errors == 1 ? QStringLiteral("1 error") : QStringLiteral("%1 errors").arg(errors)) << ", " << warned
                  << '\n';
        c.out.flush();
    }
    return hasErrors(findings) ? ExitProblems : ExitOk;
});

CtlRegistration get(QStringLiteral("get"), QStringLiteral("get KEY [--reveal]"), [](CtlContext& c) -> int {
    const bool reveal = c.takeFlag(QStringLiteral("--reveal"));
    if (c.args.size() != 1)
        return c.usage(QStringLiteral("usage: get KEY [--reveal]"));
    const QString key = c.args.first();
    if (!EnvFile::isValidKey(key))
        return c.usage(QStringLiteral("'%1' is not a valid key name").arg(key));
    Settings& s = c.sandbox().settings();
    if (!loadSettings(c, s, true))
        return ExitFailed;
    if (!s.env().contains(key)) {
        c.err << "sandbox-ctl: " << key << " is not set in " << s.path() << Qt::endl;
        return ExitProblems;
    }
    const QString shown = s.displayValue(key, reveal);
    if (c.json)
        printValueJson(c, key, shown, QJsonObject{{QStringLiteral("secret"), Redaction::isSecretKey(key)}});
    else
        c.out << visibleValue(c, key, shown) << Qt::endl;
    return ExitOk;
});

CtlRegistration set(QStringLiteral("set"), QStringLiteral("set KEY VALUE [--reason TEXT] [--yes]"), [](CtlContext& c) -> int {
    ChangeFlags flags;
    if (int exit = 0; !takeChangeFlags(c, &flags, &exit))
        return exit;
    if (c.args.size() != 2)
        return c.usage(QStringLiteral("usage: set KEY VALUE [--reason TEXT] [--yes]"));
    if (!EnvFile::isValidKey(c.args.first()))
        return c.usage(QStringLiteral("'%1' is not a valid key name").arg(c.args.first()));
    return applySet(c, c.args.at(0), c.args.at(1), flags);
});

CtlRegistration mode(QStringLiteral("mode"), QStringLiteral("mode interactive|autonomous|conductor [--reason TEXT] [--yes]"), [](CtlContext& c) -> int {
    ChangeFlags flags;
    if (int exit = 0; !takeChangeFlags(c, &flags, &exit))
        return exit;
    const auto m = c.args.size() == 1 ? SettingsTypes::parseMode(c.args.first()) : std::nullopt;
    if (!m)
        return c.usage(QStringLiteral("usage: mode interactive|autonomous|conductor"));
    if (*m == OperationMode::Autonomous) {
        Settings& s = c.sandbox().settings();
        if (!loadSettings(c, s, true))
            return ExitFailed;
        if (s.value(QStringLiteral("TASK_FILE")).isEmpty()) {
            c.err << "sandbox-ctl: autonomous mode runs the task in TASK_FILE and exits; TASK_FILE is empty. "
                     "Set it first: sandbox-ctl set TASK_FILE path/to/spec.md"
                  << Qt::endl;
            return ExitProblems;
        }
    }
    return applySet(c, QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(*m), flags);
});

CtlRegistration egress(QStringLiteral("egress"), QStringLiteral("egress restricted|full [--reason TEXT] [--yes]"), [](CtlContext& c) -> int {
    ChangeFlags flags;
    if (int exit = 0; !takeChangeFlags(c, &flags, &exit))
        return exit;
    const auto e = c.args.size() == 1 ? SettingsTypes::parseEgress(c.args.first()) : std::nullopt;
    if (!e)
        return c.usage(QStringLiteral("usage: egress restricted|full"));
    return applySet(c, QStringLiteral("NETWORK_EGRESS"), SettingsTypes::egressName(*e), flags);
});

CtlRegistration
monitor(QStringLiteral("monitor"), QStringLiteral("monitor portscan|resources|autolog|dashboard on|off [--reason TEXT] [--yes]"), [](CtlContext& c) -> int {
    ChangeFlags flags;
    if (int exit = 0; !takeChangeFlags(c, &flags, &exit))
        return exit;
    const auto m = c.args.size() == 2 ? SettingsTypes::parseMonitor(c.args.first()) : std::nullopt;
    const QString state = c.args.value(1);
    if (!m || (state != QLatin1String("on") && state != QLatin1String("off")))
        return c.usage(QStringLiteral("usage: monitor portscan|resources|autolog|dashboard on|off"));
    return applySet(c, SettingsTypes::monitorFlagKey(*m), state == QLatin1String("on") ? QStringLiteral("true") : QStringLiteral("false"), flags);
});
} // namespace

// fix-permissions: `.env` to mode 600 when it is readable by others (the validate warning's fix).
namespace {
CtlRegistration fixPermissions(QStringLiteral("fix-permissions"), QStringLiteral("fix-permissions"), [](CtlContext& c) -> int {
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("fix-permissions takes no arguments"));
    const QString path = c.checkout.envFile();
    if (!QFileInfo::exists(path)) {
        c.err << "sandbox-ctl: " << path << " does not exist" << Qt::endl;
        return ExitFailed;
    }
    if (!EnvPermissions::tooOpen(path)) {
        c.out << path << " already has accepted permissions; nothing changed" << Qt::endl;
        return ExitOk;
    }
    QString error;
    if (!EnvPermissions::fix(path, &error)) {
        c.err << "sandbox-ctl: " << error << Qt::endl;
        return ExitFailed;
    }
    c.out << path << " set to mode 600" << Qt::endl;
    return ExitOk;
});
} // namespace
