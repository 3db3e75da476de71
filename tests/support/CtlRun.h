#pragma once
// Runs the real sandbox-ctl on a checkout: stdin a pipe (no terminal) holding some input, or a
// pseudo-terminal holding what a person typed.
#include <QProcess>
#include <QStringList>

#include "SandboxTestPaths.h"
#include <pty.h>
#include <unistd.h>

struct CtlRun {
    int code = -1; ///< -1: did not finish in time (30 s unless told)
    QString out, err;

    /// `sandbox-ctl --sandbox CHECKOUT ARGS...` with stdin a pipe holding \a input, then closed.
    static CtlRun run(const QString& checkout, const QStringList& args, const QByteArray& input = {}, int timeoutMs = 30000)
    {
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), checkout} + args);
        p.write(input);
        p.closeWriteChannel();
        return finish(p, p.waitForFinished(timeoutMs));
    }

    /// The same with stdin on a pseudo-terminal that already holds \a typed.
    static CtlRun onTerminal(const QString& checkout, const QStringList& args, const QByteArray& typed)
    {
        int master = -1, slave = -1;
        if (::openpty(&master, &slave, nullptr, nullptr, nullptr) != 0)
            return {};
        CtlRun r;
        if (::write(master, typed.constData(), size_t(typed.size())) == typed.size()) {
            QProcess p;
            p.setChildProcessModifier([slave] { ::dup2(slave, STDIN_FILENO); });
            p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), checkout} + args);
            r = finish(p, p.waitForFinished(30000));
        }
        ::close(slave);
        ::close(master);
        return r;
    }

private:
    static CtlRun finish(QProcess& p, bool finished)
    {
        CtlRun r;
        if (!finished)
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
};
