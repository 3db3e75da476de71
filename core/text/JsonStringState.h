#pragma once

/// Whether a byte of JSON text stands inside a string: the one scanner of quotes and escapes,
/// shared by the engine's stream splitter, the report splitter and the record compactor.
struct JsonStringState {
    bool inString = false;
    bool escape = false;

    /// Feeds \a c; true when it belongs to a string (its quotes included), false for structure.
    bool feed(char c)
    {
        if (inString) {
            if (escape)
                escape = false;
            else if (c == '\\')
                escape = true;
            else if (c == '"')
                inString = false;
            return true;
        }
        inString = c == '"';
        return inString;
    }
};
