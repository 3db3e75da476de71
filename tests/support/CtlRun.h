#pragma once
// Runs the real sandbox-ctl on a checkout with stdin a closed pipe (no terminal).
#include <QProcess>
#include <QStringList>

struct CtlRun {
    int code = -1;
    QString out, err;

    static CtlRun run(const QString& checkout, const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(SANDBOX_CTL_PATH), QStringList{QStringLiteral("--sandbox"), checkout} + args);
        p.closeWriteChannel();
        CtlRun r;
        if (!p.waitForFinished(30000))
            return r;
        r.code = p.exitCode();
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }
};
