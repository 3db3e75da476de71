// Fuzzes HttpResponseParser: the input is split into feeds at positions the first bytes choose,
// in normal and streaming mode, with small limits so the bounds are exercised.
#include "docker/HttpResponseParser.h"

#include <cstddef>
#include <cstdint>

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
    for (qsizetype i = 0; i < input.size(); i += step) {
        if (!p.feed(input.mid(i, step)))
            break;
        if (streaming)
            p.takeBody();
        if (p.body().size() > limits.maxBodyBytes)
            __builtin_trap();
    }
    p.finish();
    if (p.isDone() && !p.headersComplete())
        __builtin_trap();
    (void)p.header("content-type");
    return 0;
}
