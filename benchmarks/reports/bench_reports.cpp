// Benchmarks of the report follower (files generated in /tmp/bench-reports):
//  1. newest 1,000 records of a 200 MB resources.jsonl vs `tail -n 1000 FILE | python3` json.loads
//     loop (target >= 3x), and our 20 MB vs 200 MB times (target within 1.5x);
//  2. full-history aggregation vs a python json.loads loop over the same file (target >= 3x);
//  3. append-to-signal latency of a ReportFollower (target median < 250 ms).
#include "core/appconfig/AppConfig.h"
#include "core/reports/FileFollower.h"
#include "core/reports/HistoryAggregate.h"
#include "core/reports/ReportFollower.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTimer>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace {
const QString kDir = QStringLiteral("/tmp/bench-reports");

QByteArray recordLine(qint64 i)
{
    QByteArray top;
    for (int p = 0; p < 10; ++p)
        top += QStringLiteral("%1{\"user\":\"agent\",\"pid\":%2,\"cpu\":%3,\"mem\":%4,\"command\":\"/usr/bin/python3 -m worker --id %5\"}")
                   .arg(p ? "," : "")
                   .arg(100 + p)
                   .arg((i + p) % 50 / 10.0)
                   .arg((i * 7 + p) % 90 / 10.0)
                   .arg(p)
                   .toUtf8();
    const qint64 secs = i * 3;
    return QStringLiteral("{\"timestamp\":\"2026-01-%1T%2:%3:%4Z\",\"mem_total_kb\":8048000,\"mem_available_kb\":%5,"
                          "\"mem_used_pct\":%6,\"swap_total_kb\":0,\"swap_free_kb\":0,\"process_count\":%7,\"top_processes\":[")
               .arg(1 + (secs / 86400) % 28, 2, 10, QLatin1Char('0'))
               .arg((secs / 3600) % 24, 2, 10, QLatin1Char('0'))
               .arg((secs / 60) % 60, 2, 10, QLatin1Char('0'))
               .arg(secs % 60, 2, 10, QLatin1Char('0'))
               .arg(4000000 + (i * 37) % 3000000)
               .arg(20 + (i * 13) % 700 / 10.0)
               .arg(10 + i % 40)
               .toUtf8()
           + top + "]}\n";
}

QString ensureFile(qint64 megabytes)
{
    QDir().mkpath(kDir);
    const QString path = kDir + QStringLiteral("/resources-%1mb.jsonl").arg(megabytes);
    const qint64 want = megabytes * 1000 * 1000;
    if (QFileInfo(path).size() >= want)
        return path;
    QFile f(path);
    f.open(QIODevice::WriteOnly | QIODevice::Truncate);
    QByteArray buf;
    for (qint64 i = 0, written = 0; written < want; ++i) {
        buf += recordLine(i);
        if (buf.size() > (1 << 20)) {
            written += f.write(buf);
            buf.clear();
        }
    }
    f.write(buf);
    return path;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v.empty() ? 0 : v[v.size() / 2];
}

double oursTail(const QString& path, int runs)
{
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        FileFollower f(path, ReportKind::Resources);
        const auto batch = f.open(1000);
        ms.push_back(t.nsecsElapsed() / 1e6);
        if (batch.records.size() != 1000 || !batch.records.last().ok())
            std::fprintf(stderr, "unexpected result: %lld records\n", static_cast<long long>(batch.records.size()));
    }
    return median(ms);
}

double peerTail(const QString& path, int runs)
{
    std::vector<double> ms;
    for (int r = 0; r < runs; ++r) {
        QElapsedTimer t;
        t.start();
        QProcess tail, py;
        tail.setStandardOutputProcess(&py);
        py.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        tail.start(QStringLiteral("tail"), {QStringLiteral("-n"), QStringLiteral("1000"), path});
        py.start(QStringLiteral("python3"),
                 {QStringLiteral("-c"), QStringLiteral("import sys, json\nn = 0\nfor line in sys.stdin:\n    json.loads(line); n += 1\nprint(n)")});
        tail.waitForFinished(-1);
        py.waitForFinished(-1);
        ms.push_back(t.nsecsElapsed() / 1e6);
        if (py.readAllStandardOutput().trimmed() != "1000")
            std::fprintf(stderr, "peer did not read 1000 records\n");
    }
    return median(ms);
}

double peerHistory(const QString& path)
{
    QElapsedTimer t;
    t.start();
    QProcess py;
    py.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    py.start(QStringLiteral("python3"), {QStringLiteral("-c"),
                                         QStringLiteral("import sys, json, collections\n"
                                                        "per_hour = collections.Counter(); peak = -1.0; procs = -1; n = 0\n"
                                                        "with open(sys.argv[1], 'rb') as f:\n"
                                                        "    for line in f:\n"
                                                        "        r = json.loads(line); n += 1\n"
                                                        "        per_hour[r['timestamp'][:13]] += 1\n"
                                                        "        peak = max(peak, r.get('mem_used_pct', -1)); procs = max(procs, r.get('process_count', -1))\n"
                                                        "print(n, peak, procs, len(per_hour))"),
                                         path});
    py.waitForFinished(-1);
    const double ms = t.nsecsElapsed() / 1e6;
    std::printf("  peer result: %s", py.readAllStandardOutput().constData());
    return ms;
}

double latencyMedian(int samples, double* p95)
{
    const QString path = kDir + QStringLiteral("/latency.jsonl");
    QFile::remove(path);
    QFile(path).open(QIODevice::WriteOnly);
    const int pollMs = AppConfig().reportPollMs;
    ReportFollower follower(path, ReportKind::Resources, pollMs, 0);
    std::vector<double> lat;
    QEventLoop loop;
    QObject::connect(&follower, &ReportFollower::recordsRead, &loop, [&](const QList<ReportRecord>& records, bool initial) {
        if (initial)
            return;
        const qint64 now = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
        for (const ReportRecord& r : records)
            lat.push_back((now - static_cast<qint64>(r.object.value(QLatin1String("sent_us")).toDouble())) / 1000.0);
        if (static_cast<int>(lat.size()) >= samples)
            loop.quit();
    });
    follower.start();
    QTimer writer;
    QObject::connect(&writer, &QTimer::timeout, &writer, [&] {
        QFile f(path);
        f.open(QIODevice::WriteOnly | QIODevice::Append);
        const qint64 sent = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
        f.write(QStringLiteral("{\"timestamp\":\"2026-01-01T00:00:00Z\",\"sent_us\":%1,\"mem_used_pct\":1}\n").arg(sent).toUtf8());
    });
    writer.start(37);
    QTimer::singleShot(120000, &loop, &QEventLoop::quit);
    loop.exec();
    std::sort(lat.begin(), lat.end());
    *p95 = lat.empty() ? 0 : lat[lat.size() * 95 / 100];
    std::printf("  latency samples: %zu (poll fallback %d ms, plus file watcher)\n", lat.size(), pollMs);
    return median(lat);
}
} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    std::printf("generating files in %s ...\n", qPrintable(kDir));
    const QString small = ensureFile(20);
    const QString big = ensureFile(200);
    std::printf("files: %s (%lld bytes), %s (%lld bytes)\n\n", qPrintable(small), QFileInfo(small).size(), qPrintable(big), QFileInfo(big).size());

    std::printf("1. newest 1,000 records (median of 7 runs)\n");
    const double ours20 = oursTail(small, 7), ours200 = oursTail(big, 7);
    const double peer200 = peerTail(big, 7);
    std::printf("  ours   20 MB: %8.2f ms\n  ours  200 MB: %8.2f ms\n", ours20, ours200);
    std::printf("  peer  200 MB: %8.2f ms  (tail -n 1000 | python3 json.loads loop)\n", peer200);
    std::printf("  ratio peer/ours (200 MB): %.1fx (target >= 3x)\n", peer200 / ours200);
    std::printf("  ratio ours 200 MB / 20 MB: %.2fx (target <= 1.5x)\n\n", ours200 / ours20);

    std::printf("2. full-history aggregation of the 200 MB file\n");
    QElapsedTimer t;
    t.start();
    HistoryAggregate agg;
    HistoryAggregate::compute(big, ReportKind::Resources, &agg, nullptr, {}, 2);
    const double oursHist = t.nsecsElapsed() / 1e6;
    std::printf("  ours result: %lld %.1f %d %lld\n", agg.records, agg.memPeakPct, agg.processPeak, static_cast<long long>(agg.perHour.size()));
    const double peerHist = peerHistory(big);
    std::printf("  ours: %8.1f ms\n  peer: %8.1f ms  (python3 json.loads loop)\n", oursHist, peerHist);
    std::printf("  ratio peer/ours: %.1fx (target >= 3x)\n\n", peerHist / oursHist);

    std::printf("3. append-to-signal latency\n");
    double p95 = 0;
    const double med = latencyMedian(200, &p95);
    std::printf("  median %.1f ms, p95 %.1f ms (target median < 250 ms)\n", med, p95);
    return 0;
}
