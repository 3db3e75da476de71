#include "HttpResponseParser.h"

namespace {
constexpr qsizetype kMaxChunkLine = 1024;

bool isToken(const QByteArray& s)
{
    if (s.isEmpty())
        return false;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 32 || u >= 127 || c == ':' || c == '(' || c == ')' || c == '"' || c == ',' || c == '/' || c == '[' || c == ']' || c == '{' || c == '}'
            || c == ';' || c == '=' || c == '?' || c == '@' || c == '\\')
            return false;
    }
    return true;
}

/// Non-negative decimal without sign or spaces, at most 18 digits; -1 when not that.
qint64 parseLength(const QByteArray& s)
{
    if (s.isEmpty() || s.size() > 18)
        return -1;
    qint64 v = 0;
    for (const char c : s) {
        if (c < '0' || c > '9')
            return -1;
        v = v * 10 + (c - '0');
    }
    return v;
}

/// Hex chunk size (extensions after ';' ignored), at most 15 digits; -1 when malformed.
qint64 parseChunkSize(const QByteArray& line)
{
    QByteArray digits = line;
    const qsizetype semi = digits.indexOf(';');
    if (semi >= 0)
        digits.truncate(semi);
    digits = digits.trimmed();
    if (digits.isEmpty() || digits.size() > 15)
        return -1;
    qint64 v = 0;
    for (const char c : digits) {
        int d = -1;
        if (c >= '0' && c <= '9')
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}
} // namespace

HttpResponseParser::HttpResponseParser(Limits limits)
    : m_limits(limits)
{
}

QByteArray HttpResponseParser::header(const QByteArray& name) const
{
    for (const auto& h : m_headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QByteArray HttpResponseParser::takeBody()
{
    QByteArray out;
    out.swap(m_body);
    return out;
}

bool HttpResponseParser::fail(const QString& message)
{
    if (m_state != State::Error) {
        m_state = State::Error;
        m_error = message;
    }
    m_buf.clear();
    m_pos = 0;
    return false;
}

bool HttpResponseParser::takeLine(QByteArray* line, qsizetype maxLength)
{
    const qsizetype nl = m_buf.indexOf('\n', m_pos);
    if (nl < 0) {
        if (m_buf.size() - m_pos > maxLength)
            fail(QStringLiteral("malformed reply: line longer than %1 bytes").arg(maxLength));
        return false;
    }
    if (nl - m_pos > maxLength) {
        fail(QStringLiteral("malformed reply: line longer than %1 bytes").arg(maxLength));
        return false;
    }
    qsizetype end = nl;
    if (end > m_pos && m_buf.at(end - 1) == '\r')
        --end;
    *line = m_buf.mid(m_pos, end - m_pos);
    m_pos = nl + 1;
    return true;
}

bool HttpResponseParser::parseStatusLine(const QByteArray& line)
{
    // HTTP/1.x SP 3DIGIT [SP reason]
    if (!line.startsWith("HTTP/1.") || line.size() < 12 || line.at(8) != ' ')
        return fail(QStringLiteral("malformed reply: not an HTTP/1.x status line"));
    const char v = line.at(7);
    if (v != '0' && v != '1')
        return fail(QStringLiteral("malformed reply: unsupported HTTP version"));
    int code = 0;
    for (int i = 9; i < 12; ++i) {
        const char c = line.at(i);
        if (c < '0' || c > '9')
            return fail(QStringLiteral("malformed reply: bad status code"));
        code = code * 10 + (c - '0');
    }
    if (code < 100 || (line.size() > 12 && line.at(12) != ' '))
        return fail(QStringLiteral("malformed reply: bad status code"));
    m_status = code;
    m_reason = line.mid(13);
    return true;
}

bool HttpResponseParser::parseHeaderLine(const QByteArray& line)
{
    if (line.startsWith(' ') || line.startsWith('\t'))
        return fail(QStringLiteral("malformed reply: folded header line"));
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return fail(QStringLiteral("malformed reply: header line without a name"));
    const QByteArray name = line.left(colon);
    if (!isToken(name))
        return fail(QStringLiteral("malformed reply: invalid header name"));
    if (m_headers.size() >= m_limits.maxHeaderCount)
        return fail(QStringLiteral("malformed reply: more than %1 headers").arg(m_limits.maxHeaderCount));
    m_headers.append({name, line.mid(colon + 1).trimmed()});
    return true;
}

bool HttpResponseParser::headersDone()
{
    if (m_status < 200) { // interim response (100 Continue): the real one follows
        m_status = 0;
        m_reason.clear();
        m_headers.clear();
        m_state = State::StatusLine;
        return true;
    }
    QByteArray te;
    qint64 length = -1;
    for (const auto& h : m_headers) {
        if (h.first.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            te = h.second.trimmed().toLower();
        } else if (h.first.compare("content-length", Qt::CaseInsensitive) == 0) {
            const qint64 v = parseLength(h.second.trimmed());
            if (v < 0 || (length >= 0 && v != length))
                return fail(QStringLiteral("malformed reply: invalid Content-Length"));
            length = v;
        }
    }
    m_state = State::Body;
    if (m_head || m_status == 204 || m_status == 304) {
        m_mode = BodyMode::None;
    } else if (!te.isEmpty() && te != "identity") {
        if (te != "chunked")
            return fail(QStringLiteral("malformed reply: unsupported Transfer-Encoding '%1'").arg(QString::fromLatin1(te.left(40))));
        m_mode = BodyMode::Chunked;
        m_chunk = ChunkState::Size;
    } else if (length >= 0) {
        if (!m_streaming && length > m_limits.maxBodyBytes)
            return fail(QStringLiteral("reply too large: %1 bytes (limit %2)").arg(length).arg(m_limits.maxBodyBytes));
        m_mode = BodyMode::Length;
        m_remaining = length;
    } else {
        m_mode = BodyMode::UntilClose;
    }
    if (m_mode == BodyMode::None || (m_mode == BodyMode::Length && m_remaining == 0))
        m_state = State::Done;
    return true;
}

bool HttpResponseParser::takeRemaining(qsizetype avail)
{
    const qsizetype n = qsizetype(qMin<qint64>(avail, m_remaining));
    if (!appendBody(m_buf.constData() + m_pos, n))
        return false;
    m_pos += n;
    m_remaining -= n;
    return true;
}

bool HttpResponseParser::appendBody(const char* data, qsizetype size)
{
    m_bodyTotal += size;
    const qint64 held = m_streaming ? qint64(m_body.size()) + size : m_bodyTotal;
    if (held > m_limits.maxBodyBytes)
        return fail(QStringLiteral("reply too large: more than %1 bytes").arg(m_limits.maxBodyBytes));
    m_body.append(data, size);
    return true;
}

bool HttpResponseParser::step()
{
    QByteArray line;
    switch (m_state) {
    case State::StatusLine:
    case State::Headers: {
        const qsizetype budget = m_limits.maxHeaderBytes - m_headerBytes;
        const qsizetype before = m_pos;
        if (!takeLine(&line, budget)) {
            if (m_state != State::Error && m_buf.size() - m_pos > budget)
                fail(QStringLiteral("malformed reply: headers larger than %1 bytes").arg(m_limits.maxHeaderBytes));
            return false;
        }
        m_headerBytes += m_pos - before;
        if (m_state == State::StatusLine) {
            if (line.isEmpty() && m_status == 0 && m_headerBytes <= 2)
                return true; // tolerate a stray CRLF before the status line
            if (!parseStatusLine(line))
                return false;
            m_state = State::Headers;
            return true;
        }
        if (line.isEmpty())
            return headersDone();
        return parseHeaderLine(line);
    }
    case State::Body: break;
    case State::Done:
    case State::Error: return false;
    }

    const qsizetype avail = m_buf.size() - m_pos;
    switch (m_mode) {
    case BodyMode::None: m_state = State::Done; return false;
    case BodyMode::UntilClose:
        if (avail == 0)
            return false;
        if (!appendBody(m_buf.constData() + m_pos, avail))
            return false;
        m_pos += avail;
        return false;
    case BodyMode::Length: {
        if (avail == 0 || !takeRemaining(avail))
            return false;
        if (m_remaining == 0)
            m_state = State::Done;
        return m_remaining == 0;
    }
    case BodyMode::Chunked: break;
    }

    switch (m_chunk) {
    case ChunkState::Size: {
        if (!takeLine(&line, kMaxChunkLine))
            return false;
        const qint64 size = parseChunkSize(line);
        if (size < 0)
            return fail(QStringLiteral("malformed reply: bad chunk size"));
        if (size > m_limits.maxBodyBytes)
            return fail(QStringLiteral("reply too large: chunk of %1 bytes").arg(size));
        if (size == 0) {
            m_chunk = ChunkState::Trailer;
            m_headerBytes = 0;
        } else {
            m_remaining = size;
            m_chunk = ChunkState::Data;
        }
        return true;
    }
    case ChunkState::Data: {
        if (avail == 0 || !takeRemaining(avail))
            return false;
        if (m_remaining == 0)
            m_chunk = ChunkState::DataEnd;
        return true;
    }
    case ChunkState::DataEnd:
        if (avail == 0)
            return false;
        if (m_buf.at(m_pos) == '\n') {
            m_pos += 1;
        } else if (m_buf.at(m_pos) == '\r') {
            if (avail < 2)
                return false;
            if (m_buf.at(m_pos + 1) != '\n')
                return fail(QStringLiteral("malformed reply: chunk not followed by CRLF"));
            m_pos += 2;
        } else {
            return fail(QStringLiteral("malformed reply: chunk not followed by CRLF"));
        }
        m_chunk = ChunkState::Size;
        return true;
    case ChunkState::Trailer: {
        const qsizetype before = m_pos;
        if (!takeLine(&line, m_limits.maxHeaderBytes - m_headerBytes))
            return false;
        m_headerBytes += m_pos - before;
        if (line.isEmpty())
            m_state = State::Done;
        return true;
    }
    }
    return false;
}

bool HttpResponseParser::feed(const QByteArray& bytes)
{
    if (m_state == State::Error)
        return false;
    if (m_state == State::Done) // bytes after a complete reply (Connection: close): ignored
        return true;
    m_buf.append(bytes);
    while (step()) { }
    if (m_state == State::Error)
        return false;
    if (m_state == State::Done) {
        m_buf.clear();
        m_pos = 0;
    } else if (m_pos > 0) {
        m_buf.remove(0, m_pos);
        m_pos = 0;
    }
    return true;
}

void HttpResponseParser::finish()
{
    switch (m_state) {
    case State::Done:
    case State::Error: return;
    case State::Body:
        if (m_mode == BodyMode::UntilClose || m_mode == BodyMode::None) {
            m_state = State::Done;
            return;
        }
        fail(m_mode == BodyMode::Chunked ? QStringLiteral("reply cut short: chunked body not terminated")
                                         : QStringLiteral("reply cut short: %1 of the body's bytes missing").arg(m_remaining));
        return;
    case State::StatusLine:
    case State::Headers:
        fail(m_status == 0 && m_buf.isEmpty() && m_headerBytes == 0 ? QStringLiteral("connection closed without a reply")
                                                                    : QStringLiteral("reply cut short: headers incomplete"));
        return;
    }
}
