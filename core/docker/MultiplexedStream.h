#pragma once

#include <QByteArray>
#include <QList>

/// Splits the engine's multiplexed output of an exec (or attach) without a TTY: frames of an
/// 8-byte header [stream, 0, 0, 0, size as 4 bytes big-endian] and `size` bytes of payload;
/// stream 1 is stdout, 2 stderr (0, stdin, is shown as stdout). Bytes may arrive split anywhere;
/// a payload is handed out as it arrives, so nothing grows with the frame size. A header that is
/// not one (an engine that writes an error as plain text into the hijacked stream) turns the
/// rest of the stream into stderr.
class MultiplexedStream {
public:
    enum class Channel { Stdout, Stderr };
    struct Chunk {
        Channel channel;
        QByteArray data;
    };

    /// Feeds bytes of the stream; returns the payload bytes they complete, in order.
    QList<Chunk> feed(const QByteArray& bytes);
    /// The stream ended: a partial header left over is returned as stderr text.
    QList<Chunk> finish();
    /// The stream ended inside a frame's payload (bytes were announced but never came).
    bool truncated() const { return m_remaining > 0; }

private:
    QByteArray m_header;    ///< bytes of a header not complete yet
    qint64 m_remaining = 0; ///< payload bytes of the current frame still to come
    Channel m_channel = Channel::Stdout;
    bool m_raw = false; ///< not multiplexed after all: everything is stderr text
};
