#pragma once

#include "core/text/JsonStringState.h"

#include <QByteArray>
#include <QList>

/// One record cut out of a JSONL byte stream (not yet parsed).
struct RawRecord {
    qint64 offset = 0;     ///< file offset of its first byte
    qint64 length = 0;     ///< bytes up to and including its terminating newline
    QByteArray bytes;      ///< the record without its line terminator (empty when oversize)
    bool oversize = false; ///< longer than the limit: skipped, bytes holds only a preview
    int lines = 1;         ///< physical lines it spans (pretty-printed records span several)
};

/// Cuts a JSON Lines stream into records. A record is one line, or an object pretty-printed over
/// several lines (reassembled by brace depth outside strings). A record is complete only at the
/// newline that follows it, so a last line still being written stays pending. CRLF is accepted.
/// A '{' at column 0 inside an unfinished object starts a new record (the old one is emitted and
/// will fail to parse). Records over the size limit are emitted as `oversize` with a preview.
class RecordSplitter {
public:
    explicit RecordSplitter(qint64 maxRecordBytes = 1 << 20);

    /// With false, records carry no bytes (callers that hold the whole file read them by offset).
    void setKeepBytes(bool keep) { m_keep = keep; }
    /// Emits the pending record, if any, as ending at position() (it will not parse).
    void finish(QList<RawRecord>& out);
    /// Forgets all pending state; the next byte fed is at \a offset.
    void reset(qint64 offset = 0);
    /// Feeds the next \a size bytes of the stream; complete records are appended to \a out.
    void feed(const char* data, qint64 size, QList<RawRecord>& out);
    /// Absolute offset of the next byte expected.
    qint64 position() const { return m_pos; }
    /// Offset where the pending (incomplete) record starts, or position() when none is pending.
    qint64 pendingStart() const { return m_state == State::Idle ? m_pos : m_start; }
    qint64 maxRecordBytes() const { return m_max; }

    static constexpr int kPreviewBytes = 256;

private:
    enum class State { Idle, Object, AfterObject, Garbage };
    void begin(State s, char c);
    void append(char c);
    void appendRun(const char* data, qint64 n);
    void consumeObjectRun(const char* data, qint64 size, qint64& i);
    void emitRecord(QList<RawRecord>& out, qint64 endExclusive);

    qint64 m_max;
    qint64 m_pos = 0;
    qint64 m_start = 0;
    State m_state = State::Idle;
    int m_depth = 0;
    JsonStringState m_string;
    bool m_col0 = true;
    bool m_oversize = false;
    int m_lines = 1;
    QByteArray m_buf;
    qint64 m_len = 0;
    bool m_keep = true;
};
