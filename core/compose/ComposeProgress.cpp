#include "ComposeProgress.h"

#include <QRegularExpression>

QString jobPhaseName(JobPhase phase)
{
    switch (phase) {
    case JobPhase::Idle: return QStringLiteral("idle");
    case JobPhase::Preparing: return QStringLiteral("preparing");
    case JobPhase::Building: return QStringLiteral("building");
    case JobPhase::Pulling: return QStringLiteral("pulling");
    case JobPhase::Creating: return QStringLiteral("creating");
    case JobPhase::Starting: return QStringLiteral("starting");
    case JobPhase::WaitingHealthy: return QStringLiteral("waiting for healthy");
    case JobPhase::WaitingOpenCode: return QStringLiteral("waiting for OpenCode to answer");
    case JobPhase::Configuring: return QStringLiteral("configuring");
    case JobPhase::Running: return QStringLiteral("running");
    case JobPhase::Stopping: return QStringLiteral("stopping");
    case JobPhase::Removing: return QStringLiteral("removing");
    case JobPhase::CleaningUp: return QStringLiteral("cleaning up");
    case JobPhase::Done: return QStringLiteral("done");
    }
    return {};
}

QString stripAnsi(const QString& line)
{
    static const QRegularExpression ansi(QStringLiteral("\x1b\\[[0-9;?]*[A-Za-z]|\x1b\\][^\x07]*\x07"));
    QString s = line;
    s.remove(ansi);
    while (s.endsWith(QLatin1Char('\r')))
        s.chop(1);
    return s;
}

ComposeProgress::Update ComposeProgress::feed(const QString& rawLine)
{
    const QString line = stripAnsi(rawLine).trimmed();
    // v1 build "Step 3/7 : COPY ..." and v2/BuildKit "#6 [2/4] COPY ..." give a fraction.
    static const QRegularExpression v1Step(QStringLiteral("^Step (\\d+)/(\\d+) :"));
    static const QRegularExpression v2Step(QStringLiteral("^#\\d+ \\[[^\\]]*?(\\d+)/(\\d+)\\]"));
    // v1: "Creating foo ... done", v2: "Container foo  Creating", "Network x  Created".
    static const QRegularExpression v2Event(QStringLiteral("^(?:[^A-Za-z]*\\s)?(Container|Network|Volume|Image)\\s+\\S+\\s+(\\w+)"));

    JobPhase next = m_phase;
    int percent = -1;
    if (auto m = v1Step.match(line); m.hasMatch()) {
        next = JobPhase::Building;
        percent = 100 * m.captured(1).toInt() / qMax(1, m.captured(2).toInt());
    } else if (auto m2 = v2Step.match(line); m2.hasMatch()) {
        next = JobPhase::Building;
        percent = 100 * m2.captured(1).toInt() / qMax(1, m2.captured(2).toInt());
    } else if (line.startsWith(QLatin1String("Building ")) || line.startsWith(QLatin1String("[+] Building")) || line.startsWith(QLatin1String("#0 building"))
               || line.startsWith(QLatin1String("Step "))) {
        next = JobPhase::Building;
    } else if (line.startsWith(QLatin1String("Pulling ")) || line.startsWith(QLatin1String("[+] Pulling"))) {
        next = JobPhase::Pulling;
    } else if (line.startsWith(QLatin1String("Creating ")) || line.startsWith(QLatin1String("Recreating "))) {
        next = JobPhase::Creating;
    } else if (line.startsWith(QLatin1String("Starting "))) {
        next = JobPhase::Starting;
    } else if (line.startsWith(QLatin1String("Stopping ")) || line.startsWith(QLatin1String("Killing "))) {
        next = JobPhase::Stopping;
    } else if (line.startsWith(QLatin1String("Removing "))) {
        next = JobPhase::Removing;
    } else if (auto e = v2Event.match(line); e.hasMatch()) {
        const QString verb = e.captured(2);
        if (verb.startsWith(QLatin1String("Creat")) || verb.startsWith(QLatin1String("Recreat")))
            next = JobPhase::Creating;
        else if (verb == QLatin1String("Starting") || verb == QLatin1String("Started"))
            next = JobPhase::Starting;
        else if (verb == QLatin1String("Waiting") || verb == QLatin1String("Healthy"))
            next = JobPhase::WaitingHealthy;
        else if (verb.startsWith(QLatin1String("Stop")) || verb.startsWith(QLatin1String("Kill")))
            next = JobPhase::Stopping;
        else if (verb.startsWith(QLatin1String("Remov")))
            next = JobPhase::Removing;
        else if (verb.startsWith(QLatin1String("Pull")))
            next = JobPhase::Pulling;
    }
    Update u;
    u.phaseChanged = next != m_phase;
    m_phase = next;
    u.phase = next;
    u.percent = percent;
    return u;
}
