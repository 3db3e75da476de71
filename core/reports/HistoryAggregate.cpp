#include "HistoryAggregate.h"

#include "core/reports/JsonScan.h"
#include "core/reports/KnownListeners.h"
#include "core/reports/RecordSplitter.h"

#include <QFile>

#include <thread>
#include <vector>

namespace {
constexpr qint64 kPiece = 4 << 20;

QString str(std::string_view v)
{
    return QString::fromUtf8(v.data(), static_cast<qsizetype>(v.size()));
}
} // namespace

void HistoryAggregate::merge(const HistoryAggregate& b)
{
    bytes += b.bytes;
    records += b.records;
    malformed += b.malformed;
    oversize += b.oversize;
    if (firstTimestamp.isEmpty() || (!b.firstTimestamp.isEmpty() && b.firstTimestamp < firstTimestamp))
        firstTimestamp = b.firstTimestamp;
    if (b.lastTimestamp > lastTimestamp)
        lastTimestamp = b.lastTimestamp;
    if (b.memPeakPct > memPeakPct) {
        memPeakPct = b.memPeakPct;
        memPeakAt = b.memPeakAt;
        memPeakOffset = b.memPeakOffset;
    }
    if (b.processPeak > processPeak) {
        processPeak = b.processPeak;
        processPeakAt = b.processPeakAt;
    }
    memSumPct += b.memSumPct;
    memSamples += b.memSamples;
    warnings += b.warnings;
    if (b.lastPortscanWarnings >= 0)
        lastPortscanWarnings = b.lastPortscanWarnings;
    for (auto it = b.perHour.cbegin(); it != b.perHour.cend(); ++it) {
        Hour& h = perHour[it.key()];
        h.records += it->records;
        h.warnings += it->warnings;
        h.memPeakPct = std::max(h.memPeakPct, it->memPeakPct);
        h.processPeak = std::max(h.processPeak, it->processPeak);
    }
    cancelled = cancelled || b.cancelled;
}

void HistoryAggregate::addBytes(const char* data, qint64 size, qint64 base, bool last, const std::atomic<bool>* cancel, std::atomic<qint64>* done)
{
    RecordSplitter splitter;
    splitter.setKeepBytes(false);
    splitter.reset(base);
    QList<RawRecord> raws;
    std::string_view lastHourKey;
    Hour* hour = nullptr;
    auto handle = [&](const RawRecord& r) {
        if (r.oversize) {
            ++oversize;
            return;
        }
        const char* b = data + (r.offset - base);
        const char* e = b + r.length;
        ScannedFields f;
        if (!isValidUtf8(b, r.length) || !scanJsonRecord(b, e, f)) {
            ++malformed;
            return;
        }
        ++records;
        if (f.timestamp.size() >= 13) {
            const std::string_view key = f.timestamp.substr(0, 13);
            if (!hour || key != lastHourKey) {
                hour = &perHour[str(key)];
                lastHourKey = key;
            }
            if (firstTimestamp.isEmpty())
                firstTimestamp = str(f.timestamp);
        } else {
            hour = &perHour[QString()];
            lastHourKey = {};
        }
        ++hour->records;
        if (f.memUsedPct >= 0) {
            memSumPct += f.memUsedPct;
            ++memSamples;
            hour->memPeakPct = std::max(hour->memPeakPct, f.memUsedPct);
            if (f.memUsedPct > memPeakPct) {
                memPeakPct = f.memUsedPct;
                memPeakAt = str(f.timestamp);
                memPeakOffset = r.offset;
            }
        }
        if (f.processCount >= 0) {
            const int pc = static_cast<int>(f.processCount);
            hour->processPeak = std::max(hour->processPeak, pc);
            if (pc > processPeak) {
                processPeak = pc;
                processPeakAt = str(f.timestamp);
            }
        }
        if (KnownListeners::scanWarns(f.status, f.unexpectedCount, f.unknownUnexpected)) {
            ++warnings;
            ++hour->warnings;
        }
        if (f.portscanWarnings >= 0)
            lastPortscanWarnings = static_cast<qint64>(f.portscanWarnings);
        if (!f.timestamp.empty())
            lastTimestamp = str(f.timestamp);
    };
    for (qint64 at = 0; at < size; at += kPiece) {
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            cancelled = true;
            return;
        }
        const qint64 n = std::min(kPiece, size - at);
        splitter.feed(data + at, n, raws);
        for (const RawRecord& r : raws)
            handle(r);
        raws.clear();
        if (done)
            done->fetch_add(n, std::memory_order_relaxed);
    }
    if (!last) { // the next part starts at a record start: what is pending here is broken
        splitter.finish(raws);
        for (const RawRecord& r : raws)
            handle(r);
    }
    bytes += size;
}

bool HistoryAggregate::compute(const QString& path, ReportKind kind, HistoryAggregate* result, const std::atomic<bool>* cancel, const Progress& progress,
                               int threads, QString* error)
{
    *result = HistoryAggregate();
    result->kind = kind;
    result->file = path;
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("cannot open %1: %2").arg(path, f.errorString());
        return false;
    }
    const qint64 size = f.size();
    if (size == 0)
        return true;
    const uchar* map = f.map(0, size);
    if (!map) {
        if (error)
            *error = QStringLiteral("cannot map %1: %2").arg(path, f.errorString());
        return false;
    }
    const char* data = reinterpret_cast<const char*>(map);
    // Split at record starts ('{' at column 0) so parts can be read independently.
    std::vector<qint64> cuts{0};
    threads = std::max(1, threads);
    for (int i = 1; i < threads; ++i) {
        qint64 at = std::max(cuts.back() + 1, size * i / threads);
        while (at < size && !(data[at] == '{' && data[at - 1] == '\n'))
            ++at;
        if (at < size)
            cuts.push_back(at);
    }
    cuts.push_back(size);
    const size_t parts = cuts.size() - 1;
    std::vector<HistoryAggregate> partial(parts);
    std::atomic<qint64> done{0};
    std::atomic<size_t> finished{0};
    std::vector<std::thread> workers;
    for (size_t i = 0; i < parts; ++i) {
        workers.emplace_back([&, i] {
            partial[i].addBytes(data + cuts[i], cuts[i + 1] - cuts[i], cuts[i], i + 1 == parts, cancel, &done);
            finished.fetch_add(1);
        });
    }
    while (finished.load() < parts) {
        if (progress)
            progress(done.load(), size);
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (std::thread& t : workers)
        t.join();
    for (size_t i = 0; i < parts; ++i) {
        partial[i].kind = kind;
        if (i == 0) {
            const QString file = result->file;
            *result = partial[0];
            result->file = file;
        } else {
            result->merge(partial[i]);
        }
    }
    if (progress)
        progress(done.load(), size);
    return true;
}
