#include "ServicesModel.h"

#include <QBrush>
#include <QColor>
#include <QStringList>

#include <algorithm>

ServicesModel::ServicesModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void ServicesModel::setServices(const QList<ServiceInfo>& services)
{
    beginResetModel();
    m_services = services;
    endResetModel();
}

void ServicesModel::tick()
{
    if (!m_services.isEmpty())
        Q_EMIT dataChanged(index(0, Uptime), index(int(m_services.size()) - 1, Uptime), {Qt::DisplayRole});
}

int ServicesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_services.size());
}

int ServicesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ServicesModel::uptimeText(const ServiceInfo& s, const QDateTime& now)
{
    if (!serviceStateIsUp(s.state) || !s.startedAt.isValid())
        return {};
    const qint64 secs = qMax<qint64>(0, s.startedAt.secsTo(now));
    if (secs < 60)
        return tr("%1 s").arg(secs);
    if (secs < 3600)
        return tr("%1 min").arg(secs / 60);
    if (secs < 86400)
        return tr("%1 h %2 min").arg(secs / 3600).arg((secs % 3600) / 60);
    return tr("%1 d %2 h").arg(secs / 86400).arg((secs % 86400) / 3600);
}

QString ServicesModel::portsText(const ServiceInfo& s)
{
    QStringList out;
    for (const PublishedPort& p : s.ports) {
        QString t = QStringLiteral("%1:%2→%3").arg(p.hostIp.isEmpty() ? QStringLiteral("0.0.0.0") : p.hostIp).arg(p.hostPort).arg(p.containerPort);
        if (!p.isLoopback())
            t += tr(" (not loopback!)");
        out << t;
    }
    return out.join(QLatin1String(", "));
}

QVariant ServicesModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_services.size())
        return {};
    const ServiceInfo& s = m_services.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case Service: return s.service;
        case Container: return s.container;
        case State:
            if (s.state == ServiceState::Exited)
                return tr("exited (%1)%2").arg(s.exitCode).arg(s.oomKilled ? tr(", out of memory") : QString());
            return serviceStateName(s.state);
        case Health: return s.hasHealthcheck ? s.health : tr("no check");
        case Uptime: return uptimeText(s, QDateTime::currentDateTimeUtc());
        case Ports: return portsText(s);
        }
    }
    if (role == Qt::ForegroundRole) {
        const bool exposed = std::any_of(s.ports.begin(), s.ports.end(), [](const PublishedPort& p) { return !p.isLoopback(); });
        if ((index.column() == Ports && exposed) || (index.column() == Health && s.health == QLatin1String("unhealthy"))
            || (index.column() == State && (s.state == ServiceState::Dead || (s.state == ServiceState::Exited && s.exitCode != 0))))
            return QBrush(QColor(0xc6, 0x28, 0x28));
    }
    if (role == Qt::ToolTipRole && index.column() == Ports)
        return tr("Published ports must be bound to 127.0.0.1 (SECURITY.md).");
    return {};
}

QVariant ServicesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Service", "Container", "State", "Health", "Uptime", "Published ports"};
    return tr(names[section]);
}
