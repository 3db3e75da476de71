#pragma once

#include "core/docker/ServiceState.h"

#include <QAbstractTableModel>

/// Table of the stack's containers: service, container, state, health, uptime, published ports.
/// Ports not bound to loopback are flagged.
class ServicesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { Service, Container, State, Health, Uptime, Ports, ColumnCount };
    explicit ServicesModel(QObject* parent = nullptr);

    void setServices(const QList<ServiceInfo>& services);
    /// Re-renders the uptime column (call periodically).
    void tick();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    /// "2 h 5 min", "42 s"; empty when not running.
    static QString uptimeText(const ServiceInfo& s, const QDateTime& now);
    /// "127.0.0.1:3000→3000, 0.0.0.0:7860→7860 (not loopback!)".
    static QString portsText(const ServiceInfo& s);

private:
    QList<ServiceInfo> m_services;
};
