#include "JsonScan.h"

#include "core/reports/KnownListeners.h"

#include <charconv>
#include <cstring>

namespace {
enum class Field { None, Timestamp, Status, MemUsedPct, ProcessCount, PortscanWarnings, Unexpected, Listener, ListenerAddress, ListenerProcess };

struct Scanner {
    const char* p;
    const char* end;
    ScannedFields& out;
    std::string_view address, process; ///< of the "unexpected" entry being read

    void ws()
    {
        while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
            ++p;
    }
    bool lit(const char* word, size_t n)
    {
        if (static_cast<size_t>(end - p) < n || std::memcmp(p, word, n) != 0)
            return false;
        p += n;
        return true;
    }
    bool string(std::string_view* text)
    {
        if (p >= end || *p != '"')
            return false;
        const char* start = ++p;
        while (p < end) {
            const unsigned char c = static_cast<unsigned char>(*p);
            if (c == '"') {
                if (text)
                    *text = std::string_view(start, static_cast<size_t>(p - start));
                ++p;
                return true;
            }
            if (c < 0x20)
                return false;
            if (c == '\\') {
                if (++p >= end)
                    return false;
                const char e = *p;
                if (e == 'u') {
                    if (end - p < 5)
                        return false;
                    for (int i = 1; i <= 4; ++i) {
                        const char h = p[i];
                        if (!((h >= '0' && h <= '9') || (h >= 'a' && h <= 'f') || (h >= 'A' && h <= 'F')))
                            return false;
                    }
                    p += 4;
                } else if (!std::strchr("\"\\/bfnrt", e) || e == 0) {
                    return false;
                }
            }
            ++p;
        }
        return false;
    }
    bool number(double* value)
    {
        const char* start = p;
        if (p < end && *p == '-')
            ++p;
        if (p >= end)
            return false;
        if (*p == '0') {
            ++p;
        } else if (*p >= '1' && *p <= '9') {
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        } else {
            return false;
        }
        if (p < end && *p == '.') {
            if (++p >= end || *p < '0' || *p > '9')
                return false;
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (p < end && (*p == 'e' || *p == 'E')) {
            ++p;
            if (p < end && (*p == '+' || *p == '-'))
                ++p;
            if (p >= end || *p < '0' || *p > '9')
                return false;
            while (p < end && *p >= '0' && *p <= '9')
                ++p;
        }
        if (value)
            std::from_chars(start, p, *value);
        return true;
    }
    bool value(int depth, Field field)
    {
        if (p >= end)
            return false;
        switch (*p) {
        case '{': return object(depth + 1, field == Field::Listener);
        case '[': return array(depth + 1, field == Field::Unexpected);
        case '"': {
            std::string_view text;
            if (!string(&text))
                return false;
            if (field == Field::Timestamp)
                out.timestamp = text;
            else if (field == Field::Status)
                out.status = text;
            else if (field == Field::ListenerAddress)
                address = text;
            else if (field == Field::ListenerProcess)
                process = text;
            return true;
        }
        case 't': return lit("true", 4);
        case 'f': return lit("false", 5);
        case 'n': return lit("null", 4);
        default: {
            double v = 0;
            if (!number(&v))
                return false;
            if (field == Field::MemUsedPct)
                out.memUsedPct = v;
            else if (field == Field::ProcessCount)
                out.processCount = v;
            else if (field == Field::PortscanWarnings)
                out.portscanWarnings = v;
            return true;
        }
        }
    }
    static Field fieldOf(std::string_view key)
    {
        if (key == "timestamp")
            return Field::Timestamp;
        if (key == "status")
            return Field::Status;
        if (key == "mem_used_pct")
            return Field::MemUsedPct;
        if (key == "process_count")
            return Field::ProcessCount;
        if (key == "portscan_warnings")
            return Field::PortscanWarnings;
        if (key == "unexpected")
            return Field::Unexpected;
        return Field::None;
    }
    /// \a listener: an entry of "unexpected", counted in unknownUnexpected unless it is known.
    bool object(int depth, bool listener = false)
    {
        if (depth > 64)
            return false;
        ++p; // '{'
        if (listener) {
            address = {};
            process = {};
        }
        const auto done = [&] {
            if (listener && !KnownListeners::isDockerDns(address, process))
                ++out.unknownUnexpected;
            return true;
        };
        ws();
        if (p < end && *p == '}') {
            ++p;
            return done();
        }
        for (;;) {
            std::string_view key;
            ws();
            if (!string(&key))
                return false;
            ws();
            if (p >= end || *p != ':')
                return false;
            ++p;
            ws();
            const Field field = depth == 1         ? fieldOf(key)
                                : !listener        ? Field::None
                                : key == "address" ? Field::ListenerAddress
                                : key == "process" ? Field::ListenerProcess
                                                   : Field::None;
            if (!value(depth, field))
                return false;
            ws();
            if (p >= end)
                return false;
            if (*p == '}') {
                ++p;
                return done();
            }
            if (*p != ',')
                return false;
            ++p;
        }
    }
    /// \a unexpected: the top-level "unexpected" list (its entries counted, see ScannedFields).
    bool array(int depth, bool unexpected)
    {
        if (depth > 64)
            return false;
        ++p; // '['
        ws();
        int n = 0;
        if (unexpected)
            out.unknownUnexpected = 0;
        if (p < end && *p == ']') {
            ++p;
        } else {
            for (;;) {
                ws();
                if (unexpected && p < end && *p != '{')
                    ++out.unknownUnexpected; // not a listener object: nothing known about it
                if (!value(depth, unexpected ? Field::Listener : Field::None))
                    return false;
                ++n;
                ws();
                if (p >= end)
                    return false;
                if (*p == ']') {
                    ++p;
                    break;
                }
                if (*p != ',')
                    return false;
                ++p;
            }
        }
        if (unexpected)
            out.unexpectedCount = n;
        return true;
    }
};
} // namespace

bool scanJsonRecord(const char* begin, const char* end, ScannedFields& out)
{
    Scanner s{begin, end, out, {}, {}};
    s.ws();
    if (s.p >= s.end || *s.p != '{' || !s.object(1))
        return false;
    s.ws();
    return s.p == s.end;
}
