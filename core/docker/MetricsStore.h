#pragma once

#include "core/docker/StatsSample.h"

#include <QHash>
#include <QObject>
#include <QStringList>
#include <QVector>

/// Recent metrics per container: a fixed-size ring buffer each (capacity samples, one a second
/// from StatsStream, so capacity = window seconds), O(1) append, no growth.
class MetricsStore : public QObject {
    Q_OBJECT
public:
    /// \a capacity samples per container (AppConfig::chartWindowSeconds at one sample a second).
    explicit MetricsStore(int capacity = 900, QObject* parent = nullptr);

    int capacity() const { return m_capacity; }
    /// Appends \a sample for \a container (belonging to compose \a service). O(1).
    void append(const QString& container, const QString& service, const StatsSample& sample);
    /// Container names with samples, sorted.
    QStringList containers() const;
    QString serviceOf(const QString& container) const { return m_rings.value(container).service; }
    /// Samples of \a container with msecs >= \a sinceMsecs, oldest first (0: all kept).
    QVector<StatsSample> window(const QString& container, qint64 sinceMsecs = 0) const;
    /// The newest sample; msecs == 0 when none.
    StatsSample latest(const QString& container) const;
    int size(const QString& container) const { return m_rings.value(container).count; }
    /// Forgets \a container's samples.
    void remove(const QString& container);
    void clear();

Q_SIGNALS:
    /// A sample for \a container was appended.
    void sampleAdded(const QString& container, const StatsSample& sample);
    /// The set of containers() changed.
    void containersChanged();

private:
    struct Ring {
        QString service;
        QVector<StatsSample> data; ///< capacity slots
        int head = 0;              ///< next write position
        int count = 0;
    };
    int m_capacity;
    QHash<QString, Ring> m_rings;
};
