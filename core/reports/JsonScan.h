#pragma once

#include <string_view>

/// The top-level fields the history aggregation needs, taken from one record without building a
/// document. The whole record is still validated as JSON (RFC 8259 syntax, nesting limit 64).
struct ScannedFields {
    std::string_view timestamp;
    std::string_view status;
    double memUsedPct = -1;
    double processCount = -1;
    double portscanWarnings = -1;
    int unexpectedCount = -1;
    int unknownUnexpected = -1; ///< entries of "unexpected" that are not known listeners (KnownListeners)
};

/// Scans one JSON object in [begin, end) (surrounding whitespace allowed). False when the text is
/// not exactly one valid JSON object.
bool scanJsonRecord(const char* begin, const char* end, ScannedFields& out);
