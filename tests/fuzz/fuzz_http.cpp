// Fuzzes HttpResponseParser: the input is split into feeds at positions the first bytes choose,
// in normal and streaming mode, with small limits so the bounds are exercised. In streaming mode
// the decoded body goes on, as the /events and /stats bodies do, through JsonStreamSplitter into
// the stats math and the per-service state machine (hostile JSON must not crash them either).
#include "core/docker/HttpResponseParser.h"
#include "core/docker/JsonStreamSplitter.h"
#include "core/docker/ServiceState.h"
#include "core/docker/StatsSample.h"

#include <cstddef>
#include <cstdint>

namespace {
void consume(JsonStreamSplitter& splitter, const QByteArray& body, StatsCounters* counters, ServiceInfo* info)
{
    for (const QJsonObject& o : splitter.feed(body)) {
        StatsCounters next;
        const StatsSample s = computeStatsSample(o, *counters, &next);
        *counters = next;
        (void)s.memPercent();
        if (info->id.isEmpty())
            *info = ServiceInfo::fromEventActor(o);
        info->applyEvent(o);
        (void)ServiceInfo::fromInspect(o);
    }
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    if (size < 2)
        return 0;
    const uint8_t step = data[0] == 0 ? 1 : data[0];
    const bool streaming = data[1] & 1;
    const QByteArray input(reinterpret_cast<const char*>(data + 2), qsizetype(size - 2));
    HttpLimits limits;
    limits.maxHeaderBytes = 4096;
    limits.maxHeaderCount = 20;
    limits.maxBodyBytes = 16 * 1024;
    HttpResponseParser p(limits);
    p.setStreaming(streaming);
    p.setHeadRequest(data[1] & 2);
    JsonStreamSplitter splitter(4096);
    StatsCounters counters;
    ServiceInfo info;
    for (qsizetype i = 0; i < input.size(); i += step) {
        if (!p.feed(input.mid(i, step)))
            break;
        if (p.body().size() > limits.maxBodyBytes)
            __builtin_trap();
        if (streaming)
            consume(splitter, p.takeBody(), &counters, &info);
    }
    p.finish();
    if (p.isDone() && !p.headersComplete())
        __builtin_trap();
    if (!streaming && p.isDone())
        consume(splitter, p.body(), &counters, &info);
    (void)p.header("content-type");
    return 0;
}
