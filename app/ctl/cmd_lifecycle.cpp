// Lifecycle commands (CLI.md): up, down, restart, build, logs, nuke.
#include "CtlCommand.h"
#include "LifecycleCli.h"
#include "ReviewPrompt.h"

#include "core/compose/Lifecycle.h"
#include "core/compose/Preflight.h"
#include "core/docker/EngineClient.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/Sandbox.h"
#include "core/settings/Settings.h"
#include "core/settings/SettingsTypes.h"

namespace {
/// Checks the engine first: exit 3 with a clear message when it does not answer.
bool engineReachable(CtlContext& c, EngineClient& engine)
{
    const EngineReply r = engine.ping();
    if (r.ok())
        return true;
    c.err << "sandbox-ctl: Docker engine unreachable: " << r.describe() << Qt::endl;
    return false;
}

/// `up --mode autonomous` over a .env that says otherwise loosens this start: the same review as
/// `mode autonomous` (typed on a terminal, --yes otherwise, a reason), audited as "this start
/// only"; .env stays as it is. False (exit 4 or 5 in *exit) when not confirmed or not audited.
bool startModeReviewed(CtlContext& c, OperationMode mode, bool yes, const QString& givenReason, int* exit)
{
    Settings& s = c.sandbox().settings();
    s.load();
    const SettingsChangeSet change = s.propose(QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(mode));
    if (!change.loosens())
        return true;
    ReviewPrompt::print(c, change);
    *exit = ExitRefused;
    if (!ReviewPrompt::confirmedTyped(c, change.typedConfirmations(), "Loosening for this start: type %1 to confirm: ", yes, nullptr))
        return false;
    const QString reason = ReviewPrompt::reason(c, givenReason, yes);
    if (reason.isEmpty() && !yes) {
        c.err << "sandbox-ctl: not started: a loosening needs a reason (--reason TEXT)" << Qt::endl;
        return false;
    }
    const Settings::Result audited = s.auditStartOption(change, reason);
    if (!audited.ok()) {
        c.err << "sandbox-ctl: " << audited.message << Qt::endl;
        *exit = ExitFailed;
        return false;
    }
    c.out << "audit line appended to " << s.auditPath() << Qt::endl;
    return true;
}

/// Runs \a op on the sandbox's lifecycle (wired as the panel's: engine, validator, pin record).
int runOperation(CtlContext& c, const std::function<Job*(Lifecycle&)>& op)
{
    if (!c.args.isEmpty())
        return c.usage(QStringLiteral("unexpected argument '%1'").arg(c.args.first()));
    Sandbox& sandbox = c.sandbox();
    if (!engineReachable(c, sandbox.engine()))
        return ExitEngineUnreachable;
    return LifecycleCli::runJob(c, op(sandbox.lifecycle()));
}

/// Start's pre-flight warnings that need a person (unreviewed MCP changes) stop `up` (exit 4)
/// unless --yes accepts them for this start.
bool startWarningsAccepted(CtlContext& c, bool yes)
{
    const QStringList warnings = Preflight::mcpReview(c.checkout).warnings;
    for (const QString& w : warnings)
        c.err << "sandbox-ctl: warning: " << w << Qt::endl;
    if (warnings.isEmpty() || yes)
        return true;
    c.err << "sandbox-ctl: not started: review them first, or start anyway with `sandbox-ctl up --yes`" << Qt::endl;
    return false;
}

CtlRegistration up(QStringLiteral("up"), QStringLiteral("up [--restricted] [--mode interactive|conductor|autonomous] [--reason TEXT] [--yes]"),
                   [](CtlContext& c) -> int {
                       const bool yes = c.takeFlag(QStringLiteral("--yes"));
                       LifecycleStartOptions options;
                       options.restricted = c.takeFlag(QStringLiteral("--restricted"));
                       bool missing = false;
                       const QString mode = c.takeOption(QStringLiteral("--mode"), &missing);
                       if (missing)
                           return c.usage(QStringLiteral("--mode needs interactive, conductor or autonomous"));
                       options.mode = SettingsTypes::parseMode(mode);
                       if (!mode.isEmpty() && !options.mode)
                           return c.usage(QStringLiteral("--mode must be interactive, conductor or autonomous"));
                       bool noReason = false;
                       const QString reason = c.takeOption(QStringLiteral("--reason"), &noReason);
                       if (noReason)
                           return c.usage(QStringLiteral("--reason needs a TEXT"));
                       if (!c.args.isEmpty())
                           return c.usage(QStringLiteral("unexpected argument '%1'").arg(c.args.first()));
                       if (!startWarningsAccepted(c, yes))
                           return ExitRefused;
                       int refused = ExitRefused;
                       if (options.mode && !startModeReviewed(c, *options.mode, yes, reason, &refused))
                           return refused;
                       // The autonomous run's end as the panel says it (the sandbox's notifier).
                       Notifier& notifier = c.sandbox().notifier();
                       QObject::connect(&notifier, &Notifier::notification, &notifier, [&c](const Notification& n) { LifecycleCli::printNotification(c, n); });
                       return runOperation(c, [options](Lifecycle& lc) { return lc.start(options); });
                   });

CtlRegistration down(QStringLiteral("down"), QStringLiteral("down"),
                     [](CtlContext& c) -> int { return runOperation(c, [](Lifecycle& lc) { return lc.stop(); }); });

CtlRegistration restart(QStringLiteral("restart"), QStringLiteral("restart"),
                        [](CtlContext& c) -> int { return runOperation(c, [](Lifecycle& lc) { return lc.restart(); }); });

CtlRegistration restrict(QStringLiteral("restrict"), QStringLiteral("restrict                   take the running workspace off every network with egress, now"),
                         [](CtlContext& c) -> int { return runOperation(c, [](Lifecycle& lc) { return lc.restrictRunning(); }); });

CtlRegistration build(QStringLiteral("build"), QStringLiteral("build"),
                      [](CtlContext& c) -> int { return runOperation(c, [](Lifecycle& lc) { return lc.build(); }); });

CtlRegistration logs(QStringLiteral("logs"), QStringLiteral("logs [-f] [SERVICE]"), [](CtlContext& c) -> int {
    const bool follow = c.takeFlag(QStringLiteral("-f")) | c.takeFlag(QStringLiteral("--follow"));
    if (c.args.size() > 1)
        return c.usage(QStringLiteral("logs takes at most one SERVICE"));
    const QString service = c.args.value(0);
    if (service.startsWith(QLatin1Char('-')))
        return c.usage(QStringLiteral("unknown option '%1'").arg(service));
    c.args.clear();
    return runOperation(c, [service, follow](Lifecycle& lc) { return lc.logs(service, follow); });
});

CtlRegistration nuke(QStringLiteral("nuke"), QStringLiteral("nuke --yes"), [](CtlContext& c) -> int {
    const bool yes = c.takeFlag(QStringLiteral("--yes"));
    if (!yes) {
        c.err << "sandbox-ctl: refused: nuke stops the stack, deletes the project folder and the contents of TEMP_PATH "
                 "and removes volumes and images. Run `sandbox-ctl nuke --yes` to confirm."
              << Qt::endl;
        return ExitRefused;
    }
    return runOperation(c, [](Lifecycle& lc) { return lc.nuke(true); });
});
} // namespace
