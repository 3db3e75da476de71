#pragma once

#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// One metrics sample of one container, computed from GET /containers/{id}/stats the way the
/// docker CLI does.
struct StatsSample {
    qint64 msecs = 0;      ///< the engine's "read" time, ms since the epoch (UTC)
    double cpuPercent = 0; ///< 100 = one full core (Δcontainer / Δsystem × online CPUs × 100)
    qint64 memBytes = 0;   ///< usage − inactive_file (v2) / total_inactive_file (v1)
    qint64 memLimitBytes = 0;
    double netRxBps = 0; ///< bytes per second, all interfaces
    double netTxBps = 0;
    double blkReadBps = 0;
    double blkWriteBps = 0;
    qint64 pids = 0;
    qint64 pidsLimit = 0;    ///< 0 when unlimited or unknown
    bool ratesValid = false; ///< false on a stream's first sample (no previous one for rates)

    /// Memory as % of the limit (0 when no limit).
    double memPercent() const { return memLimitBytes > 0 ? 100.0 * double(memBytes) / double(memLimitBytes) : 0.0; }
};

Q_DECLARE_METATYPE(StatsSample)

/// Cumulative counters of one stats JSON, kept to compute the next sample's rates.
struct StatsCounters {
    qint64 msecs = 0;
    double netRx = 0, netTx = 0, blkRead = 0, blkWrite = 0;
    bool valid = false;
};

/// Computes a sample from one stats JSON object; rates against \a previous (when valid).
/// \a counters receives this object's counters for the next call.
StatsSample computeStatsSample(const QJsonObject& stats, const StatsCounters& previous, StatsCounters* counters);
/// CPU % exactly as the docker CLI (calculateCPUPercentUnix).
double statsCpuPercent(const QJsonObject& stats);
/// Memory in use as the docker CLI shows it (calculateMemUsageUnixNoCache).
qint64 statsMemoryUsage(const QJsonObject& memoryStats);
