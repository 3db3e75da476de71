#pragma once

#include "CtlCommand.h"
#include "core/allowlist/Allowlists.h"

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
/// What a confirmed review's write returned: an exit code (ExitOk when done) and why not.
struct Outcome {
    int exit = ExitOk;
    QString message;
};
/// Prints \a r (or its JSON), asks (or takes --yes), runs \a write, reports; the exit code.
int run(CtlContext& c, const AllowlistReview& r, bool yes, CheckoutLock* lock, const std::function<Outcome()>& write, const char* done,
        const QString& auditPath);
} // namespace ReviewPrompt
