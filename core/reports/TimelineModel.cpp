#include "TimelineModel.h"

#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>

QJsonObject TimelineEntry::toJson() const
{
    QJsonObject o{{QStringLiteral("time"), time.toUTC().toString(Qt::ISODateWithMs)},
                  {QStringLiteral("source"), source},
                  {QStringLiteral("severity"), severity},
                  {QStringLiteral("title"), title},
                  {QStringLiteral("detail"), detail}};
    if (ref.isValid())
        o.insert(QStringLiteral("record"), QJsonObject{{QStringLiteral("file"), ref.file}, {QStringLiteral("offset"), ref.offset}});
    if (!data.isEmpty())
        o.insert(QStringLiteral("data"), data);
    return o;
}

TimelineEntry TimelineEntry::fromAlert(const Alert& alert)
{
    TimelineEntry e;
    e.time = alert.time;
    e.source = QStringLiteral("reports");
    e.severity = Alert::severityName(alert.severity);
    e.title = alert.title;
    e.detail = alert.detail;
    e.ref = alert.ref;
    e.data.insert(QStringLiteral("alert_id"), static_cast<qint64>(alert.id));
    e.data.insert(QStringLiteral("kind"), Alert::kindName(alert.kind));
    return e;
}

TimelineModel::TimelineModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

void TimelineModel::add(const TimelineEntry& entry)
{
    const auto it = std::upper_bound(m_entries.begin(), m_entries.end(), entry.time, [](const QDateTime& t, const TimelineEntry& e) { return t < e.time; });
    const int row = static_cast<int>(it - m_entries.begin());
    beginInsertRows({}, row, row);
    m_entries.insert(row, entry);
    endInsertRows();
    if (m_entries.size() > m_capacity) {
        const int drop = static_cast<int>(m_entries.size()) - m_capacity;
        beginRemoveRows({}, 0, drop - 1);
        m_entries.remove(0, drop);
        endRemoveRows();
    }
}

void TimelineModel::clear()
{
    beginResetModel();
    m_entries.clear();
    endResetModel();
}

QByteArray TimelineModel::toJsonLines() const
{
    QByteArray out;
    for (const TimelineEntry& e : m_entries)
        out += QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact) + '\n';
    return out;
}

bool TimelineModel::exportJsonLines(const QString& path, QString* error) const
{
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(toJsonLines()) < 0 || !f.commit()) {
        if (error)
            *error = QStringLiteral("cannot write %1: %2").arg(path, f.errorString());
        return false;
    }
    return true;
}

int TimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_entries.size());
}

int TimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TimelineModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const TimelineEntry& e = m_entries.at(index.row());
    if (role == EntryIndexRole)
        return index.row();
    if (role == SeverityRole)
        return e.severity;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    switch (index.column()) {
    case TimeColumn: return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    case SourceColumn: return e.source;
    case SeverityColumn: return e.severity;
    case TitleColumn: return e.title;
    case DetailColumn: return e.detail;
    default: return {};
    }
}

QVariant TimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    static const char* names[] = {"Time", "Source", "Severity", "Title", "Detail"};
    return section >= 0 && section < ColumnCount ? tr(names[section]) : QVariant();
}
