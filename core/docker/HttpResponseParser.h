#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

/// Size bounds of one HTTP reply.
struct HttpLimits {
    qsizetype maxHeaderBytes = 64 * 1024; ///< status line + headers (and trailers)
    qsizetype maxHeaderCount = 100;
    qsizetype maxBodyBytes = 64 * 1024 * 1024; ///< whole body, or untaken bytes when streaming
};

/// Incremental HTTP/1.1 response parser for Engine API replies: Content-Length, chunked and
/// read-until-close bodies. Every size is bounded; a broken or hostile reply moves the parser to
/// State::Error with a plain message, it never grows without limit. Bytes may arrive split at
/// any point. Interim 1xx responses are skipped.
class HttpResponseParser {
public:
    using Limits = HttpLimits;
    enum class State { StatusLine, Headers, Body, Done, Error };

    explicit HttpResponseParser(Limits limits = Limits());

    /// Streaming mode: maxBodyBytes bounds only the decoded bytes not yet taken with takeBody().
    void setStreaming(bool streaming) { m_streaming = streaming; }
    /// The request was HEAD: the reply has no body whatever its headers say.
    void setHeadRequest(bool head) { m_head = head; }

    /// Feeds raw bytes from the connection. Returns false once the parser is in State::Error.
    bool feed(const QByteArray& bytes);
    /// The peer closed the connection: ends a read-until-close body; an incomplete reply is an error.
    void finish();

    State state() const { return m_state; }
    bool headersComplete() const { return m_state == State::Body || m_state == State::Done; }
    bool isDone() const { return m_state == State::Done; }
    bool hasError() const { return m_state == State::Error; }
    QString error() const { return m_error; }

    int status() const { return m_status; }
    QByteArray reason() const { return m_reason; }
    /// First value of header \a name (case-insensitive), or empty.
    QByteArray header(const QByteArray& name) const;
    const QList<QPair<QByteArray, QByteArray>>& headers() const { return m_headers; }

    /// Decoded body bytes received so far and not yet taken.
    const QByteArray& body() const { return m_body; }
    /// Returns and clears the decoded body bytes received so far.
    QByteArray takeBody();

private:
    enum class BodyMode { None, Length, Chunked, UntilClose };
    enum class ChunkState { Size, Data, DataEnd, Trailer };

    bool fail(const QString& message);
    bool parseStatusLine(const QByteArray& line);
    bool parseHeaderLine(const QByteArray& line);
    bool headersDone();
    bool appendBody(const char* data, qsizetype size);
    /// Moves up to m_remaining of the \a avail buffered bytes into the body (false: refused).
    bool takeRemaining(qsizetype avail);
    /// Takes one line (without CR LF) from m_buf at m_pos; false when no full line yet.
    bool takeLine(QByteArray* line, qsizetype maxLength);
    bool step();

    Limits m_limits;
    bool m_streaming = false;
    bool m_head = false;
    State m_state = State::StatusLine;
    QString m_error;

    QByteArray m_buf;
    qsizetype m_pos = 0;
    qsizetype m_headerBytes = 0;

    int m_status = 0;
    QByteArray m_reason;
    QList<QPair<QByteArray, QByteArray>> m_headers;

    BodyMode m_mode = BodyMode::None;
    ChunkState m_chunk = ChunkState::Size;
    qint64 m_remaining = 0;
    qint64 m_bodyTotal = 0;
    QByteArray m_body;
};
