#include "TamperGuard.h"

#include <QCryptographicHash>

#include <algorithm>

void TamperGuard::reset(qint64 start)
{
    m_start = m_end = start;
    m_digests.clear();
    m_tail.clear();
    m_next = 0;
}

void TamperGuard::append(const char* data, qint64 size)
{
    while (size > 0) {
        const qint64 take = std::min<qint64>(size, kChunk - m_tail.size());
        m_tail.append(data, take);
        data += take;
        size -= take;
        m_end += take;
        if (m_tail.size() == kChunk) {
            m_digests.push_back(QCryptographicHash::hash(m_tail, QCryptographicHash::Sha256));
            m_tail.clear();
        }
    }
}

bool TamperGuard::checkChunk(QFile& file, size_t index)
{
    if (!file.seek(m_start + static_cast<qint64>(index) * kChunk))
        return false;
    const QByteArray bytes = file.read(kChunk);
    return bytes.size() == kChunk && QCryptographicHash::hash(bytes, QCryptographicHash::Sha256) == m_digests[index];
}

bool TamperGuard::verify(QFile& file, bool full, qint64* changedAt)
{
    const qint64 tailStart = m_end - m_tail.size();
    if (!m_tail.isEmpty()) {
        if (!file.seek(tailStart) || file.read(m_tail.size()) != m_tail) {
            *changedAt = tailStart;
            return false;
        }
    }
    if (m_digests.empty())
        return true;
    std::vector<size_t> check{m_digests.size() - 1};
    const size_t rounds = full ? m_digests.size() : std::min<size_t>(kChunksPerCheck, m_digests.size());
    for (size_t i = 0; i < rounds; ++i) {
        check.push_back(m_next);
        m_next = (m_next + 1) % m_digests.size();
    }
    for (size_t index : check) {
        if (!checkChunk(file, index)) {
            *changedAt = m_start + static_cast<qint64>(index) * kChunk;
            return false;
        }
    }
    return true;
}
