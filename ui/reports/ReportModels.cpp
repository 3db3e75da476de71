#include "ReportModels.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QJsonArray>

namespace {
QString timeText(const ReportRecord& r)
{
    const QDateTime t = r.timestamp();
    return t.isValid() ? t.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : r.object.value(QLatin1String("timestamp")).toString();
}
QString mb(qint64 kb)
{
    return QString::number(kb / 1024.0, 'f', 1);
}
QStringList headers(ReportKind kind)
{
    switch (kind) {
    case ReportKind::Resources:
        return {QObject::tr("Time"),      QObject::tr("Memory used %"), QObject::tr("Available MB"),
                QObject::tr("Processes"), QObject::tr("Top process"),   QObject::tr("Record")};
    case ReportKind::Portscan:
        return {QObject::tr("Time"), QObject::tr("Status"), QObject::tr("Unexpected listeners"), QObject::tr("Expected ports"), QObject::tr("Record")};
    case ReportKind::Summary:
        return {QObject::tr("Time"),      QObject::tr("Processes"), QObject::tr("Port-scan warnings"), QObject::tr("Snapshots"), QObject::tr("Available MB"),
                QObject::tr("Listeners"), QObject::tr("Record")};
    }
    return {};
}
} // namespace

ReportRecordsModel::ReportRecordsModel(ReportKind kind, QObject* parent)
    : QAbstractTableModel(parent)
    , m_kind(kind)
{
}

void ReportRecordsModel::append(const QList<ReportRecord>& records)
{
    if (records.isEmpty())
        return;
    const qsizetype overflow = m_records.size() + records.size() - kMaxRows;
    if (overflow > 0) {
        const int drop = static_cast<int>(std::min(overflow, m_records.size()));
        if (drop > 0) {
            beginRemoveRows({}, 0, drop - 1);
            m_records.remove(0, drop);
            endRemoveRows();
        }
    }
    const qsizetype skip = std::max<qsizetype>(0, records.size() - kMaxRows);
    const int first = static_cast<int>(m_records.size());
    beginInsertRows({}, first, first + static_cast<int>(records.size() - skip) - 1);
    m_records.append(records.mid(skip));
    endInsertRows();
}

int ReportRecordsModel::rowOf(const QString& file, qint64 offset) const
{
    for (qsizetype i = m_records.size() - 1; i >= 0; --i)
        if (m_records.at(i).offset == offset && m_records.at(i).file == file)
            return static_cast<int>(i);
    return -1;
}

int ReportRecordsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_records.size());
}

int ReportRecordsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(headers(m_kind).size());
}

bool ReportRecordsModel::isWarning(const ReportRecord& r) const
{
    return r.ok() && m_kind == ReportKind::Portscan && PortScanResult::fromJson(r.object).isWarning();
}

QVariant ReportRecordsModel::display(const ReportRecord& r, int column) const
{
    const int last = columnCount() - 1;
    if (column == last)
        return r.ok() ? r.visibleJson() : QStringLiteral("%1: %2").arg(r.error, r.displayText().left(200));
    if (!r.ok())
        return column == 0 ? tr("(unreadable)") : QVariant();
    switch (m_kind) {
    case ReportKind::Resources: {
        const ResourceSnapshot s = ResourceSnapshot::fromJson(r.object);
        switch (column) {
        case 0: return timeText(r);
        case 1: return QString::number(s.memUsedPct, 'f', 1);
        case 2: return mb(s.memAvailableKb);
        case 3: return s.processCount;
        case 4: return s.topProcesses.isEmpty() ? QString() : s.topProcesses.first().command;
        }
        break;
    }
    case ReportKind::Portscan: {
        const PortScanResult p = PortScanResult::fromJson(r.object);
        QStringList u;
        for (const UnexpectedListener& l : p.unexpected)
            u << l.label();
        switch (column) {
        case 0: return timeText(r);
        case 1: return p.isWarning() ? tr("WARNING") : tr("ok");
        case 2: return u.join(QStringLiteral(", "));
        case 3: return p.expectedPorts.join(QStringLiteral(", "));
        }
        break;
    }
    case ReportKind::Summary: {
        const SecuritySummary s = SecuritySummary::fromJson(r.object);
        switch (column) {
        case 0: return timeText(r);
        case 1: return s.processCount;
        case 2: return s.portscanWarnings;
        case 3: return s.resourceSnapshots;
        case 4: return mb(s.memAvailableKb);
        case 5: return s.listeners.join(QStringLiteral(", "));
        }
        break;
    }
    }
    return {};
}

QVariant ReportRecordsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_records.size())
        return {};
    const ReportRecord& r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole: return display(r, index.column());
    case Qt::ToolTipRole: return r.ok() ? r.visibleJson() : r.error;
    case WarningRole: return isWarning(r);
    case SearchTextRole: return r.displayText();
    case OffsetRole: return r.offset;
    case Qt::BackgroundRole:
        if (isWarning(r))
            return QBrush(QColor(255, 205, 200));
        if (!r.ok())
            return QBrush(QColor(235, 235, 235));
        return {};
    case Qt::ForegroundRole: return isWarning(r) ? QBrush(QColor(140, 0, 0)) : QVariant();
    case Qt::FontRole:
        if (isWarning(r)) {
            QFont f;
            f.setBold(true);
            return f;
        }
        return {};
    default: return {};
    }
}

QVariant ReportRecordsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return headers(m_kind).value(section);
}

void RecordFilterProxy::setWarningsOnly(bool on)
{
    m_warningsOnly = on;
    invalidateFilter();
}

void RecordFilterProxy::setSearchText(const QString& text)
{
    m_search = text;
    invalidateFilter();
}

bool RecordFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    const QModelIndex idx = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_warningsOnly && !idx.data(ReportRecordsModel::WarningRole).toBool())
        return false;
    if (m_search.isEmpty())
        return true;
    return idx.data(ReportRecordsModel::SearchTextRole).toString().contains(m_search, Qt::CaseInsensitive);
}

void TopProcessesModel::setSnapshot(const ResourceSnapshot& snapshot)
{
    beginResetModel();
    m_processes = snapshot.topProcesses;
    endResetModel();
}

int TopProcessesModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_processes.size());
}

int TopProcessesModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 5;
}

QVariant TopProcessesModel::data(const QModelIndex& index, int role) const
{
    if (role != Qt::DisplayRole || !index.isValid() || index.row() >= m_processes.size())
        return {};
    const TopProcess& p = m_processes.at(index.row());
    switch (index.column()) {
    case 0: return p.pid;
    case 1: return p.user;
    case 2: return QString::number(p.cpu, 'f', 1);
    case 3: return QString::number(p.mem, 'f', 1);
    case 4: return p.command;
    }
    return {};
}

QVariant TopProcessesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"PID", "User", "CPU %", "Memory %", "Command"};
    return section >= 0 && section < 5 ? tr(names[section]) : QVariant();
}

AlertsModel::AlertsModel(AlertCenter& center, QObject* parent)
    : QAbstractTableModel(parent)
    , m_center(center)
{
    auto reset = [this] {
        beginResetModel();
        endResetModel();
    };
    connect(&center, &AlertCenter::alertRaised, this, reset);
    connect(&center, &AlertCenter::alertAcknowledged, this, reset);
    connect(&center, &AlertCenter::alertsDropped, this, reset);
}

const Alert* AlertsModel::alertAt(int row) const
{
    const auto& all = m_center.alerts();
    if (row < 0 || row >= all.size())
        return nullptr;
    return &all.at(all.size() - 1 - row);
}

int AlertsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_center.alerts().size());
}

int AlertsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 5;
}

QVariant AlertsModel::data(const QModelIndex& index, int role) const
{
    const Alert* a = index.isValid() ? alertAt(index.row()) : nullptr;
    if (!a)
        return {};
    if (role == AlertIdRole)
        return a->id;
    if (role == Qt::FontRole && !a->acknowledged) {
        QFont f;
        f.setBold(true);
        return f;
    }
    if (role == Qt::BackgroundRole && a->severity == Alert::Severity::Critical && !a->acknowledged)
        return QBrush(QColor(255, 205, 200));
    if (role == Qt::ToolTipRole)
        return a->detail;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case 0: return a->time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case 1: return Alert::severityName(a->severity);
    case 2: return a->title;
    case 3: return a->detail;
    case 4: return a->acknowledged ? tr("yes") : tr("no");
    }
    return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Time", "Severity", "Title", "Detail", "Acknowledged"};
    return section >= 0 && section < 5 ? tr(names[section]) : QVariant();
}
