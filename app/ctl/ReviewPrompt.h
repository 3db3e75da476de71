#pragma once

#include "CtlCommand.h"
#include "core/allowlist/Allowlists.h"
#include "core/settings/SettingsReview.h"

class CheckoutLock;

#include <QJsonObject>

#include <functional>

/// The CLI's review prompt, shared by allowlist and MCP reviews: the diff, the risk notes and
/// next steps, the JSON form, and the confirmation (--yes, or "y" and each high-risk name typed).
namespace ReviewPrompt {
/// review.file, or the allowlist's relative path.
QString fileOf(const AllowlistReview& r);
void print(CtlContext& c, const AllowlistReview& r);
QJsonObject json(const AllowlistReview& r, bool applied);
/// --yes, or "y" on a terminal (and each high-risk entry typed). Prints why not; true to go on.
/// \a lock is released before asking: nobody waits on a person (the write re-takes it and
/// checks the file again).
bool confirmed(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock* lock);
/// --yes, or "y" on a terminal and each word of \a typed typed back (\a prompt asks, %1 the word).
/// Prints why not; true to go on. \a lock is released before asking.
bool confirmedTyped(CtlContext& c, const QStringList& typed, const char* prompt, bool yes, CheckoutLock* lock);
/// A settings change that loosens the sandbox: each key, from, to and its risk.
void print(CtlContext& c, const SettingsChangeSet& change);
QJsonObject json(const SettingsChangeSet& change, bool applied);
/// The reason for the audit line: \a given, else asked for on a terminal (not with --yes).
QString reason(CtlContext& c, const QString& given, bool yes);
/// What a confirmed review's write returned: an exit code (ExitOk when done) and why not.
struct Outcome {
    int exit = ExitOk;
    QString message;
};
/// Prints \a r (or its JSON), asks (or takes --yes), runs \a write, reports; the exit code.
int run(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock* lock, const std::function<Outcome()>& write, const char* done,
        const QString& auditPath);
} // namespace ReviewPrompt
