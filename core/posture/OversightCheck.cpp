// oversight: the running workspace is watched (port scan, resource monitor, log audit on) and
// the agent is not unattended (mode autonomous); each loosening in force is a warning.
#include "core/posture/PostureChecks.h"
#include "core/posture/RunningPosture.h"

namespace PostureChecks {

ControlResult oversight(const PostureInput& in)
{
    const char* policy = "Implied (a monitor off, or the agent unattended): \"When enabled via .env, background monitoring scripts run inside "
                         "the container:\"";
    if (in.container.isEmpty())
        return make("oversight", ControlStatus::Unknown, QStringLiteral("no inspect data"), policy);
    const RunningPosture running = RunningPosture::of(in);
    QStringList loosened;
    for (const QString& l : running.loosened())
        if (l.endsWith(QLatin1String(" off")) || l == QLatin1String("mode autonomous"))
            loosened << l;
    if (!loosened.isEmpty())
        return make("oversight", ControlStatus::Warn, QStringLiteral("running with %1").arg(loosened.join(QStringLiteral(", "))), policy);
    return make("oversight", ControlStatus::Pass, QStringLiteral("the monitors run and the agent is not autonomous"), policy);
}

} // namespace PostureChecks
