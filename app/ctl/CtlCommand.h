#pragma once

#include "core/checkout/Checkout.h"
#include "core/fileio/WriteResult.h"

#include <QStringList>
#include <QTextStream>

#include <functional>
#include <memory>
#include <vector>

class Sandbox;

/// Exit codes of sandbox-ctl (CLI.md).
enum CtlExit : int {
    ExitOk = 0,
    ExitProblems = 1,
    ExitUsage = 2,
    ExitEngineUnreachable = 3,
    ExitRefused = 4,
    ExitFailed = 5,
};

/// The exit code for how a write ended: Refused 1, ChangedOnDisk and Busy 4, IoError 5.
int exitFor(const WriteResult& result);

/// What a command gets: the checkout, the output mode, its own arguments and the sandbox.
struct CtlContext {
    CtlContext(const Checkout& checkout, bool json, const QStringList& args, QTextStream& out, QTextStream& err);
    ~CtlContext();

    Checkout checkout;
    bool json = false;
    QStringList args; ///< arguments after the command name (global options removed)
    QTextStream& out;
    QTextStream& err;

    /// Removes \a flag from args; true when it was there.
    bool takeFlag(const QString& flag);
    /// Removes "--name VALUE" from args; empty when absent. Sets *missing when the value is.
    QString takeOption(const QString& name, bool* missing = nullptr);
    /// Prints "sandbox-ctl: message" to err (control characters escaped: VisibleText) and
    /// returns ExitUsage.
    int usage(const QString& message);

    /// The checkout's Sandbox (the panel's composition root), built on first use and never
    /// started: no file watcher, no event or stats stream. A command reads the files it needs
    /// itself (a writer under the checkout lock) and reports a read error its own way (CLI.md).
    Sandbox& sandbox();

private:
    std::unique_ptr<Sandbox> m_sandbox;
};

using CtlHandler = std::function<int(CtlContext&)>;

struct CtlCommandInfo {
    QString name;
    QString synopsis;
    CtlHandler run;
};

/// Commands register themselves from their own cmd_*.cpp file with a static CtlRegistration.
class CtlRegistry {
public:
    static std::vector<CtlCommandInfo>& commands();
    static const CtlCommandInfo* find(const QString& name);
};

struct CtlRegistration {
    CtlRegistration(const QString& name, const QString& synopsis, CtlHandler run);
};
