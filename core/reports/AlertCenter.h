#pragma once

#include "core/reports/Alert.h"

#include <QList>
#include <QObject>

/// Holds the alerts of one sandbox: raises them, counts the unacknowledged, acknowledges.
/// Info alerts (operator actions such as a rotation) arrive already acknowledged.
class AlertCenter : public QObject {
    Q_OBJECT
public:
    explicit AlertCenter(QObject* parent = nullptr);

    /// Assigns an id (and the current time when none) and emits alertRaised(). Returns the id.
    quint64 raise(Alert alert);
    const QList<Alert>& alerts() const { return m_alerts; }
    /// The alert with \a id, or nullptr.
    const Alert* find(quint64 id) const;
    int unacknowledgedCount() const { return m_unacknowledged; }
    bool acknowledge(quint64 id);
    void acknowledgeAll();
    /// Keeps at most this many alerts (oldest dropped first).
    void setCapacity(int capacity) { m_capacity = capacity; }

Q_SIGNALS:
    /// For the tray presenter and the views: a new alert.
    void alertRaised(const Alert& alert);
    void alertAcknowledged(quint64 id);
    void unacknowledgedCountChanged(int count);
    /// The oldest \a count alerts were dropped to respect the capacity.
    void alertsDropped(int count);

private:
    QList<Alert> m_alerts;
    quint64 m_nextId = 1;
    int m_unacknowledged = 0;
    int m_capacity = 5000;
};
