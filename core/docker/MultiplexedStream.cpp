#include "MultiplexedStream.h"

namespace {
constexpr int kHeaderSize = 8;

void append(QList<MultiplexedStream::Chunk>& out, MultiplexedStream::Channel channel, const QByteArray& data)
{
    if (data.isEmpty())
        return;
    if (!out.isEmpty() && out.last().channel == channel)
        out.last().data += data;
    else
        out.append({channel, data});
}
} // namespace

QList<MultiplexedStream::Chunk> MultiplexedStream::feed(const QByteArray& bytes)
{
    QList<Chunk> out;
    qsizetype pos = 0;
    while (pos < bytes.size()) {
        if (m_raw) {
            append(out, Channel::Stderr, bytes.mid(pos));
            break;
        }
        if (m_remaining > 0) {
            const qsizetype n = qsizetype(qMin<qint64>(m_remaining, bytes.size() - pos));
            append(out, m_channel, bytes.mid(pos, n));
            m_remaining -= n;
            pos += n;
            continue;
        }
        const qsizetype need = kHeaderSize - m_header.size();
        m_header += bytes.mid(pos, need);
        pos += qMin(need, bytes.size() - pos);
        if (m_header.size() < kHeaderSize)
            break;
        const auto* h = reinterpret_cast<const unsigned char*>(m_header.constData());
        if (h[0] > 2 || h[1] != 0 || h[2] != 0 || h[3] != 0) {
            m_raw = true;
            append(out, Channel::Stderr, m_header);
            m_header.clear();
            continue;
        }
        m_channel = h[0] == 2 ? Channel::Stderr : Channel::Stdout;
        m_remaining = (qint64(h[4]) << 24) | (qint64(h[5]) << 16) | (qint64(h[6]) << 8) | qint64(h[7]);
        m_header.clear();
    }
    return out;
}

QList<MultiplexedStream::Chunk> MultiplexedStream::finish()
{
    QList<Chunk> out;
    append(out, Channel::Stderr, m_header);
    m_header.clear();
    return out;
}
