// libFuzzer target for the report record reader: splitting (multi-line, CRLF, size limit),
// parsing, the aggregation scanner, compaction and the one-line summary.
#include "core/reports/JsonScan.h"
#include "core/reports/RecordSplitter.h"
#include "core/reports/ReportRecord.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    // First byte: record size limit and piece size, so both paths are exercised.
    const qint64 limit = 16 + (data[0] % 64) * 16;
    const qint64 piece = 1 + data[1] % 97;
    const char* text = reinterpret_cast<const char*>(data + 2);
    const qint64 n = static_cast<qint64>(size - 2);

    RecordSplitter splitter(limit);
    QList<RawRecord> raws;
    qint64 consumed = 0;
    for (qint64 at = 0; at < n; at += piece) {
        const qint64 len = std::min(piece, n - at);
        splitter.feed(text + at, len, raws);
        consumed += len;
    }
    if (splitter.position() != consumed)
        __builtin_trap();
    splitter.finish(raws);
    qint64 last = -1;
    for (const RawRecord& raw : raws) {
        if (raw.offset <= last || raw.offset < 0 || raw.offset + raw.length > n || raw.length <= 0)
            __builtin_trap(); // records are ordered, inside the input and never overlap
        last = raw.offset;
        if (!raw.oversize && raw.bytes.size() > limit)
            __builtin_trap();
        for (ReportKind kind : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
            const ReportRecord r = parseRecord(raw, kind, QStringLiteral("/fuzz.jsonl"));
            (void)recordSummary(r);
            const QByteArray compact = r.compactJson();
            if (r.ok() && compact.contains('\n'))
                __builtin_trap();
        }
        ScannedFields fields;
        const bool scanned = scanJsonRecord(raw.bytes.constData(), raw.bytes.constData() + raw.bytes.size(), fields);
        (void)scanned;
    }
    ScannedFields whole;
    (void)scanJsonRecord(text, text + n, whole);
    return 0;
}
