#include "MetricsStore.h"

#include <algorithm>

MetricsStore::MetricsStore(int capacity, QObject* parent)
    : QObject(parent)
    , m_capacity(qMax(1, capacity))
{
}

void MetricsStore::append(const QString& container, const QString& service, const StatsSample& sample)
{
    auto it = m_rings.find(container);
    const bool added = it == m_rings.end();
    if (added) {
        it = m_rings.insert(container, Ring());
        it->data.resize(m_capacity);
    }
    Ring& r = *it;
    r.service = service;
    r.data[r.head] = sample;
    r.head = (r.head + 1) % m_capacity;
    r.count = qMin(r.count + 1, m_capacity);
    if (added)
        Q_EMIT containersChanged();
    Q_EMIT sampleAdded(container, sample);
}

QStringList MetricsStore::containers() const
{
    QStringList names = m_rings.keys();
    names.sort();
    return names;
}

QVector<StatsSample> MetricsStore::window(const QString& container, qint64 sinceMsecs) const
{
    QVector<StatsSample> out;
    const auto it = m_rings.constFind(container);
    if (it == m_rings.constEnd())
        return out;
    const Ring& r = *it;
    const int first = (r.head - r.count + m_capacity) % m_capacity;
    // Samples are in time order: find the first one in the window by binary search.
    int lo = 0, hi = r.count;
    while (lo < hi) {
        const int mid = (lo + hi) / 2;
        if (r.data[(first + mid) % m_capacity].msecs < sinceMsecs)
            lo = mid + 1;
        else
            hi = mid;
    }
    out.reserve(r.count - lo);
    for (int i = lo; i < r.count; ++i)
        out.append(r.data[(first + i) % m_capacity]);
    return out;
}

StatsSample MetricsStore::latest(const QString& container) const
{
    const auto it = m_rings.constFind(container);
    if (it == m_rings.constEnd() || it->count == 0)
        return {};
    return it->data[(it->head - 1 + m_capacity) % m_capacity];
}

void MetricsStore::remove(const QString& container)
{
    if (m_rings.remove(container))
        Q_EMIT containersChanged();
}

void MetricsStore::clear()
{
    if (m_rings.isEmpty())
        return;
    m_rings.clear();
    Q_EMIT containersChanged();
}
