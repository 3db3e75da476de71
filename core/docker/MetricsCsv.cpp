#include "MetricsCsv.h"

#include "core/docker/MetricsStore.h"

#include <QDateTime>
#include <QSaveFile>

namespace MetricsCsv {

QByteArray format(const MetricsStore& store, qint64 sinceMsecs)
{
    QByteArray out = "timestamp,container,service,cpu_percent,mem_bytes,mem_limit_bytes,net_rx_bps,net_tx_bps,"
                     "blk_read_bps,blk_write_bps,pids\n";
    for (const QString& c : store.containers()) {
        for (const StatsSample& s : store.window(c, sinceMsecs)) {
            out += QDateTime::fromMSecsSinceEpoch(s.msecs, Qt::UTC).toString(Qt::ISODateWithMs).toUtf8() + ',' + c.toUtf8() + ',' + store.serviceOf(c).toUtf8()
                   + ',' + QByteArray::number(s.cpuPercent, 'f', 2) + ',' + QByteArray::number(s.memBytes) + ',' + QByteArray::number(s.memLimitBytes) + ','
                   + QByteArray::number(s.netRxBps, 'f', 1) + ',' + QByteArray::number(s.netTxBps, 'f', 1) + ',' + QByteArray::number(s.blkReadBps, 'f', 1)
                   + ',' + QByteArray::number(s.blkWriteBps, 'f', 1) + ',' + QByteArray::number(s.pids) + '\n';
        }
    }
    return out;
}

bool write(const MetricsStore& store, qint64 sinceMsecs, const QString& path, QString* error)
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(format(store, sinceMsecs)) < 0 || !f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace MetricsCsv
