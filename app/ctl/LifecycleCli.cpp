#include "LifecycleCli.h"

#include "core/compose/Job.h"
#include "core/sandbox/Notification.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSocketNotifier>

#include <csignal>
#include <sys/socket.h>
#include <unistd.h>

namespace {
int g_signalFd[2] = {-1, -1};

void onSignal(int)
{
    const char c = 1;
    [[maybe_unused]] const auto n = ::write(g_signalFd[1], &c, 1);
}

QString streamName(Job::Stream s)
{
    switch (s) {
    case Job::Stream::Stdout: return QStringLiteral("stdout");
    case Job::Stream::Stderr: return QStringLiteral("stderr");
    case Job::Stream::Info: return QStringLiteral("info");
    case Job::Stream::Warning: return QStringLiteral("warning");
    }
    return {};
}
} // namespace

namespace LifecycleCli {

void printNotification(CtlContext& c, const Notification& n)
{
    if (c.json)
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("notification"), n.toJson()}}).toJson(QJsonDocument::Compact) << Qt::endl;
    else
        c.out << n.toText() << Qt::endl;
}

int runJob(CtlContext& c, Job* job)
{
    auto print = [&c](const QString& line, Job::Stream stream) {
        if (c.json) {
            c.out << QJsonDocument(QJsonObject{{QStringLiteral("stream"), streamName(stream)}, {QStringLiteral("line"), line}}).toJson(QJsonDocument::Compact)
                  << '\n';
            c.out.flush();
            return;
        }
        QTextStream& s = (stream == Job::Stream::Stderr || stream == Job::Stream::Warning) ? c.err : c.out;
        s << line << '\n';
        s.flush();
    };
    for (const QString& l : job->history())
        print(l, Job::Stream::Info);
    QObject::connect(job, &Job::outputLine, job, print);

    std::unique_ptr<QSocketNotifier> notifier;
    if (g_signalFd[0] < 0 && ::socketpair(AF_UNIX, SOCK_STREAM, 0, g_signalFd) != 0)
        g_signalFd[0] = g_signalFd[1] = -1;
    if (g_signalFd[0] >= 0) {
        notifier = std::make_unique<QSocketNotifier>(g_signalFd[0], QSocketNotifier::Read);
        QObject::connect(notifier.get(), &QSocketNotifier::activated, job, [job]() {
            char buf[16];
            [[maybe_unused]] const auto n = ::read(g_signalFd[0], buf, sizeof buf);
            job->cancel();
        });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    if (!job->isFinished()) {
        QEventLoop loop;
        QObject::connect(job, &Job::finished, &loop, &QEventLoop::quit);
        loop.exec();
    }
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
    if (c.json) {
        c.out << QJsonDocument(QJsonObject{{QStringLiteral("job"), job->name()},
                                           {QStringLiteral("status"), Job::statusName(job->status())},
                                           {QStringLiteral("exit_code"), job->cliExitCode()},
                                           {QStringLiteral("duration_ms"), job->durationMs()},
                                           {QStringLiteral("error"), job->errorText()}})
                     .toJson(QJsonDocument::Compact)
              << '\n';
        c.out.flush();
    } // else the job's last line said how it ended and why
    return job->cliExitCode();
}
} // namespace LifecycleCli
