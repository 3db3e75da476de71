#include "RecordSplitter.h"

#include <algorithm>

RecordSplitter::RecordSplitter(qint64 maxRecordBytes)
    : m_max(maxRecordBytes > 16 ? maxRecordBytes : 16)
{
}

void RecordSplitter::reset(qint64 offset)
{
    m_pos = offset;
    m_start = offset;
    m_state = State::Idle;
    m_depth = 0;
    m_string = {};
    m_oversize = false;
    m_col0 = true;
    m_lines = 1;
    m_buf.clear();
    m_len = 0;
}

void RecordSplitter::begin(State s, char c)
{
    m_state = s;
    m_start = m_pos;
    m_depth = s == State::Object ? 1 : 0;
    m_string = {};
    m_oversize = false;
    m_lines = 1;
    m_buf.clear();
    m_len = 0;
    append(c);
}

void RecordSplitter::append(char c)
{
    if (m_oversize)
        return;
    if (m_len >= m_max) {
        m_oversize = true;
        m_buf.truncate(kPreviewBytes);
        return;
    }
    ++m_len;
    if (m_keep)
        m_buf.append(c);
}

void RecordSplitter::appendRun(const char* data, qint64 n)
{
    if (m_oversize)
        return;
    const qint64 room = m_max - m_len;
    if (n > room) {
        m_len = m_max;
        m_oversize = true;
        if (m_keep)
            m_buf.append(data, std::min<qint64>(room, kPreviewBytes));
        m_buf.truncate(kPreviewBytes);
        return;
    }
    m_len += n;
    if (m_keep)
        m_buf.append(data, n);
}

void RecordSplitter::emitRecord(QList<RawRecord>& out, qint64 endExclusive)
{
    RawRecord r;
    r.offset = m_start;
    r.length = endExclusive - m_start;
    r.oversize = m_oversize;
    r.lines = m_lines;
    while (!m_buf.isEmpty() && (m_buf.back() == '\r' || m_buf.back() == ' ' || m_buf.back() == '\t' || m_buf.back() == '\n'))
        m_buf.chop(1);
    r.bytes = std::move(m_buf);
    m_buf = QByteArray();
    out.append(std::move(r));
    m_state = State::Idle;
    m_oversize = false;
}

void RecordSplitter::finish(QList<RawRecord>& out)
{
    if (m_state != State::Idle)
        emitRecord(out, m_pos);
}

void RecordSplitter::consumeObjectRun(const char* data, qint64 size, qint64& i)
{
    // The bytes of an object up to the next newline or its closing brace, with the state in
    // locals (member writes through `this` would be reloaded after every char store).
    JsonStringState str = m_string;
    bool closed = false;
    int depth = m_depth;
    qint64 j = i;
    for (; j < size; ++j) {
        const char c = data[j];
        if (c == '\n')
            break;
        if (str.feed(c))
            continue;
        if (c == '{' || c == '[') {
            ++depth;
        } else if ((c == '}' || c == ']') && --depth == 0) {
            ++j;
            closed = true;
            break;
        }
    }
    appendRun(data + i, j - i);
    m_string = str;
    m_depth = depth;
    if (closed)
        m_state = State::AfterObject;
    m_col0 = false;     // the run ends before a newline
    m_pos += j - i - 1; // the caller's loop steps over the last byte of the run
    i = j - 1;
}

void RecordSplitter::feed(const char* data, qint64 size, QList<RawRecord>& out)
{
    for (qint64 i = 0; i < size; ++i, ++m_pos) {
        const char c = data[i];
        const bool col0 = m_col0;
        m_col0 = c == '\n';
        switch (m_state) {
        case State::Idle:
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
                break;
            begin(c == '{' ? State::Object : State::Garbage, c);
            break;
        case State::Garbage:
            if (c == '\n')
                emitRecord(out, m_pos + 1);
            else
                append(c);
            break;
        case State::AfterObject:
            if (c == '\n') {
                emitRecord(out, m_pos + 1);
            } else if (c == '{' && col0) {
                emitRecord(out, m_pos);
                begin(State::Object, c);
            } else {
                append(c); // trailing junk makes the record fail to parse
            }
            break;
        case State::Object:
            if (c == '\n') {
                ++m_lines;
                m_string = {}; // a raw newline cannot be inside a JSON string
                append(c);
                break;
            }
            if (col0 && c == '{') { // a new top-level record: the unfinished one is broken
                emitRecord(out, m_pos);
                begin(State::Object, c);
                break;
            }
            consumeObjectRun(data, size, i);
            break;
        }
    }
}
