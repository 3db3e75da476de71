#include "AsyncProcess.h"

#include <QProcess>
#include <QTimer>

#include <memory>

void runAsync(QObject* context, const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs,
              std::function<void(int, const QString&)> done, const QString& workingDirectory)
{
    auto* p = new QProcess(context);
    if (!workingDirectory.isEmpty())
        p->setWorkingDirectory(workingDirectory);
    p->setProcessChannelMode(QProcess::MergedChannels);
    p->setProcessEnvironment(env);
    auto* timer = new QTimer(p);
    timer->setSingleShot(true);
    auto fired = std::make_shared<bool>(false);
    auto finish = [p, done, fired](int code) {
        if (*fired)
            return;
        *fired = true;
        const QString out = QString::fromUtf8(p->readAll());
        p->deleteLater();
        done(code, out);
    };
    QObject::connect(timer, &QTimer::timeout, p, [p]() { p->kill(); });
    QObject::connect(p, &QProcess::finished, p,
                     [p, finish](int code, QProcess::ExitStatus st) { finish(st == QProcess::NormalExit && p->error() != QProcess::Timedout ? code : -1); });
    QObject::connect(p, &QProcess::errorOccurred, p, [finish](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            finish(-1);
    });
    timer->start(timeoutMs);
    p->start(program, args);
}
