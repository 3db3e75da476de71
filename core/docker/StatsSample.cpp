#include "StatsSample.h"

#include "core/docker/EngineTime.h"

#include <QDateTime>
#include <QJsonArray>

namespace {
double num(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toDouble();
}

QJsonObject obj(const QJsonObject& o, const char* key)
{
    return o.value(QLatin1String(key)).toObject();
}

} // namespace

double statsCpuPercent(const QJsonObject& stats)
{
    const QJsonObject cpu = obj(stats, "cpu_stats");
    const QJsonObject pre = obj(stats, "precpu_stats");
    const double cpuDelta = num(obj(cpu, "cpu_usage"), "total_usage") - num(obj(pre, "cpu_usage"), "total_usage");
    const double systemDelta = num(cpu, "system_cpu_usage") - num(pre, "system_cpu_usage");
    double online = num(cpu, "online_cpus");
    if (online <= 0)
        online = double(obj(cpu, "cpu_usage").value(QLatin1String("percpu_usage")).toArray().size());
    if (systemDelta > 0 && cpuDelta > 0)
        return cpuDelta / systemDelta * online * 100.0;
    return 0.0;
}

qint64 statsMemoryUsage(const QJsonObject& memoryStats)
{
    const double usage = num(memoryStats, "usage");
    const QJsonObject st = obj(memoryStats, "stats");
    // cgroup v1 reports total_inactive_file, cgroup v2 inactive_file (v1 has both; total wins).
    const QJsonValue v1 = st.value(QLatin1String("total_inactive_file"));
    if (v1.isDouble() && v1.toDouble() < usage)
        return qint64(usage - v1.toDouble());
    const QJsonValue v2 = st.value(QLatin1String("inactive_file"));
    if (v2.isDouble() && v2.toDouble() < usage)
        return qint64(usage - v2.toDouble());
    return qint64(usage);
}

StatsSample computeStatsSample(const QJsonObject& stats, const StatsCounters& previous, StatsCounters* counters)
{
    StatsSample s;
    const QDateTime read = EngineTime::parse(stats.value(QLatin1String("read")));
    s.msecs = read.isValid() ? read.toMSecsSinceEpoch() : 0;
    s.cpuPercent = statsCpuPercent(stats);
    const QJsonObject mem = obj(stats, "memory_stats");
    s.memBytes = statsMemoryUsage(mem);
    s.memLimitBytes = qint64(num(mem, "limit"));
    const QJsonObject pids = obj(stats, "pids_stats");
    s.pids = qint64(num(pids, "current"));
    const double pidsLimit = num(pids, "limit");
    s.pidsLimit = pidsLimit > 0 && pidsLimit < 9.0e15 ? qint64(pidsLimit) : 0;

    StatsCounters c;
    c.msecs = s.msecs;
    const QJsonObject nets = obj(stats, "networks");
    for (auto it = nets.begin(); it != nets.end(); ++it) {
        c.netRx += num(it.value().toObject(), "rx_bytes");
        c.netTx += num(it.value().toObject(), "tx_bytes");
    }
    for (const QJsonValue& e : obj(stats, "blkio_stats").value(QLatin1String("io_service_bytes_recursive")).toArray()) {
        const QJsonObject eo = e.toObject();
        const QString op = eo.value(QLatin1String("op")).toString();
        if (op.compare(QLatin1String("read"), Qt::CaseInsensitive) == 0)
            c.blkRead += num(eo, "value");
        else if (op.compare(QLatin1String("write"), Qt::CaseInsensitive) == 0)
            c.blkWrite += num(eo, "value");
    }
    c.valid = s.msecs > 0;
    if (previous.valid && c.valid && c.msecs > previous.msecs) {
        const double secs = double(c.msecs - previous.msecs) / 1000.0;
        auto rate = [secs](double now, double before) { return now >= before ? (now - before) / secs : 0.0; };
        s.netRxBps = rate(c.netRx, previous.netRx);
        s.netTxBps = rate(c.netTx, previous.netTx);
        s.blkReadBps = rate(c.blkRead, previous.blkRead);
        s.blkWriteBps = rate(c.blkWrite, previous.blkWrite);
        s.ratesValid = true;
    }
    if (counters)
        *counters = c;
    return s;
}
