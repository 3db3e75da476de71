#pragma once

#include "core/reports/Alert.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>

/// One entry of the unified timeline, from any source.
struct TimelineEntry {
    QDateTime time;
    QString source;   ///< "reports", "engine", "settings", "allowlist", ...
    QString severity; ///< "info", "warning", "critical"
    QString title;
    QString detail;
    RecordRef ref;    ///< record behind it, when there is one
    QJsonObject data; ///< free-form extra fields from the source

    QJsonObject toJson() const;
    /// An entry for a report alert.
    static TimelineEntry fromAlert(const Alert& alert);
};

/// Chronological merge of events from every part of the product (report alerts, engine events,
/// settings changes, allowlist approvals). Any component may add(); views show it as a table;
/// exportJsonLines() writes it as JSON Lines.
class TimelineModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, SourceColumn, SeverityColumn, TitleColumn, DetailColumn, ColumnCount };
    enum Role { EntryIndexRole = Qt::UserRole + 1, SeverityRole };

    explicit TimelineModel(QObject* parent = nullptr);

    /// Inserts \a entry at its place in time (entries with equal times keep arrival order).
    void add(const TimelineEntry& entry);
    const QList<TimelineEntry>& entries() const { return m_entries; }
    void setCapacity(int capacity) { m_capacity = capacity; }
    void clear();

    /// The entries as JSON Lines, oldest first.
    QByteArray toJsonLines() const;
    /// Writes toJsonLines() atomically to \a path; false with *error on failure.
    bool exportJsonLines(const QString& path, QString* error = nullptr) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TimelineEntry> m_entries;
    int m_capacity = 20000;
};
