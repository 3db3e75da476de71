// Resource limit controls: pids, memory, CPUs, nofile/nproc, core dumps.
#include "core/posture/PostureChecks.h"

#include <cmath>

namespace PostureChecks {
namespace {
using S = ControlStatus;

const char* kLimitsPolicy = "Resource limits — CPU, memory, PID, file descriptor, and process count limits.";

QJsonObject ulimit(const PostureInput& in, const QString& name)
{
    for (const QJsonValue& u : hostConfig(in).value(QLatin1String("Ulimits")).toArray()) {
        if (u.toObject().value(QLatin1String("Name")).toString() == name)
            return u.toObject();
    }
    return {};
}

QString mib(qint64 bytes)
{
    if (bytes % (1024LL * 1024 * 1024) == 0)
        return QStringLiteral("%1 GiB").arg(bytes / (1024LL * 1024 * 1024));
    return QStringLiteral("%1 MiB").arg(double(bytes) / (1024.0 * 1024.0), 0, 'g', 6);
}
} // namespace

ControlResult pidsLimit(const PostureInput& in)
{
    const qint64 pids = hostConfig(in).value(QLatin1String("PidsLimit")).toInteger(0);
    if (pids <= 0)
        return make("pids_limit", S::Fail, QStringLiteral("expected a pids limit of 512; found none (unlimited)"), kLimitsPolicy);
    if (pids > 512)
        return make("pids_limit", S::Fail, QStringLiteral("expected a pids limit of 512; found %1").arg(pids), kLimitsPolicy);
    return make("pids_limit", S::Pass, QStringLiteral("pids limited to %1 (policy: 512)").arg(pids), kLimitsPolicy);
}

ControlResult memoryLimit(const PostureInput& in)
{
    const qint64 mem = hostConfig(in).value(QLatin1String("Memory")).toInteger(0);
    const QString want = expected(in, "WORKSPACE_MEMORY_LIMIT", "");
    const qint64 wantBytes = PostureAudit::parseBytes(want);
    const QString wantText = want.isEmpty() ? QStringLiteral("a limit") : QStringLiteral("WORKSPACE_MEMORY_LIMIT=%1").arg(want);
    if (mem <= 0)
        return make("memory_limit", S::Fail, QStringLiteral("expected %1; found no memory limit").arg(wantText), kLimitsPolicy);
    if (!want.isEmpty() && wantBytes < 0)
        return make("memory_limit", S::Warn, QStringLiteral("limited to %1, but WORKSPACE_MEMORY_LIMIT=%2 is not a size").arg(mib(mem), want), kLimitsPolicy);
    if (wantBytes > 0 && wantBytes != mem)
        return make("memory_limit", S::Warn, QStringLiteral("expected %1; found %2 (recreate the container to apply)").arg(wantText, mib(mem)), kLimitsPolicy);
    return make("memory_limit", S::Pass, QStringLiteral("limited to %1 (%2)").arg(mib(mem), wantText), kLimitsPolicy);
}

ControlResult cpuLimit(const PostureInput& in)
{
    const QJsonObject host = hostConfig(in);
    const qint64 nano = host.value(QLatin1String("NanoCpus")).toInteger(0);
    const qint64 quota = host.value(QLatin1String("CpuQuota")).toInteger(0);
    const QString want = expected(in, "WORKSPACE_CPUS", "");
    const QString wantText = want.isEmpty() ? QStringLiteral("a CPU limit") : QStringLiteral("WORKSPACE_CPUS=%1").arg(want);
    if (nano <= 0 && quota <= 0)
        return make("cpu_limit", S::Fail, QStringLiteral("expected %1; found no CPU limit").arg(wantText), kLimitsPolicy);
    const qint64 period = qMax<qint64>(1, host.value(QLatin1String("CpuPeriod")).toInteger(100000));
    const double cpus = nano > 0 ? double(nano) / 1e9 : double(quota) / double(period);
    bool ok = false;
    const double wanted = want.toDouble(&ok);
    if (!want.isEmpty() && ok && std::abs(wanted - cpus) > 0.001)
        return make("cpu_limit", S::Warn, QStringLiteral("expected %1; found %2 CPUs (recreate the container to apply)").arg(wantText).arg(cpus),
                    kLimitsPolicy);
    return make("cpu_limit", S::Pass, QStringLiteral("limited to %1 CPUs (%2)").arg(cpus).arg(wantText), kLimitsPolicy);
}

ControlResult ulimits(const PostureInput& in)
{
    const QJsonObject nofile = ulimit(in, QStringLiteral("nofile"));
    const QJsonObject nproc = ulimit(in, QStringLiteral("nproc"));
    QStringList missing;
    if (nofile.isEmpty())
        missing << QStringLiteral("nofile");
    if (nproc.isEmpty())
        missing << QStringLiteral("nproc");
    if (!missing.isEmpty())
        return make("ulimits", S::Fail,
                    QStringLiteral("expected nofile and nproc limits; missing %1 (engine defaults apply)").arg(missing.join(QLatin1String(", "))),
                    kLimitsPolicy);
    const QString wantNofile = expected(in, "ULIMIT_NOFILE", "");
    const QString wantNproc = expected(in, "ULIMIT_NPROC", "");
    const qint64 gotNofile = nofile.value(QLatin1String("Soft")).toInteger(-1);
    const qint64 gotNproc = nproc.value(QLatin1String("Soft")).toInteger(-1);
    const QString found = QStringLiteral("nofile %1/%2, nproc %3/%4")
                              .arg(gotNofile)
                              .arg(nofile.value(QLatin1String("Hard")).toInteger(-1))
                              .arg(gotNproc)
                              .arg(nproc.value(QLatin1String("Hard")).toInteger(-1));
    const bool nofileOff = !wantNofile.isEmpty() && wantNofile.toLongLong() != gotNofile;
    const bool nprocOff = !wantNproc.isEmpty() && wantNproc.toLongLong() != gotNproc;
    if (nofileOff || nprocOff)
        return make("ulimits", S::Warn,
                    QStringLiteral("expected soft nofile %1, nproc %2; found %3 (recreate the container to apply)").arg(wantNofile, wantNproc, found),
                    kLimitsPolicy);
    return make("ulimits", S::Pass, QStringLiteral("%1 (soft/hard)").arg(found), kLimitsPolicy);
}

ControlResult coreDumps(const PostureInput& in)
{
    const char* policy = "Core dumps are disabled.";
    const QJsonObject core = ulimit(in, QStringLiteral("core"));
    if (core.isEmpty())
        return make("core_dumps", S::Fail, QStringLiteral("expected core 0/0; found no core ulimit (the engine default allows dumps)"), policy);
    const qint64 soft = core.value(QLatin1String("Soft")).toInteger(-1);
    const qint64 hard = core.value(QLatin1String("Hard")).toInteger(-1);
    if (soft != 0 || hard != 0)
        return make("core_dumps", S::Fail, QStringLiteral("expected core 0/0; found %1/%2").arg(soft).arg(hard), policy);
    return make("core_dumps", S::Pass, QStringLiteral("core dumps disabled (0/0)"), policy);
}

} // namespace PostureChecks
