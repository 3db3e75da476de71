#include "AutonomousRun.h"

QString AutonomousRun::summary() const
{
    if (!finished())
        return QStringLiteral("running");
    const QString after = QStringLiteral(" after %1 s").arg(jobSeconds(durationMs));
    if (status == Job::Status::Cancelled)
        return QStringLiteral("cancelled") + after;
    const QString code = exitCode >= 0 ? QStringLiteral(" (exit %1)").arg(exitCode) : QStringLiteral(" (no exit status)");
    return (succeeded() ? QStringLiteral("finished") : QStringLiteral("failed")) + code + after;
}
