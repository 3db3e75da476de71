#pragma once

#include <QByteArray>
#include <QFile>

#include <vector>

/// Remembers what was read of a report file so a later change of those bytes is noticed.
/// The guarded region [start, end) is split into 64 KiB chunks: full chunks are kept as SHA-256
/// digests, the last partial chunk as its bytes. verify() re-reads the partial chunk and the last
/// full chunk every time, plus a rotating set of older chunks (all of them when \a full).
class TamperGuard {
public:
    static constexpr qint64 kChunk = 64 * 1024;
    static constexpr int kChunksPerCheck = 4;

    /// Starts an empty region at \a start.
    void reset(qint64 start);
    /// Records the bytes that follow end().
    void append(const char* data, qint64 size);
    qint64 start() const { return m_start; }
    qint64 end() const { return m_end; }
    /// Compares the file's bytes with what was recorded. On a mismatch returns false and sets
    /// *changedAt to the first offset of the chunk that differs.
    bool verify(QFile& file, bool full, qint64* changedAt);

private:
    bool checkChunk(QFile& file, size_t index);

    qint64 m_start = 0;
    qint64 m_end = 0;
    std::vector<QByteArray> m_digests; ///< one per full chunk
    QByteArray m_tail;                 ///< bytes of the partial chunk at the end
    size_t m_next = 0;                 ///< round-robin position among full chunks
};
