#pragma once

#include "core/reports/AlertCenter.h"
#include "core/reports/ReportRecord.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

/// Table of one report's records (newest at the bottom), fed by Reports::recordsArrived.
/// Port-scan warnings carry WarningRole and a highlighted background; records that did not
/// parse show their raw text.
class ReportRecordsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { WarningRole = Qt::UserRole + 1, SearchTextRole, OffsetRole };
    static constexpr int kMaxRows = 5000;

    explicit ReportRecordsModel(ReportKind kind, QObject* parent = nullptr);
    ReportKind kind() const { return m_kind; }
    void append(const QList<ReportRecord>& records);
    const ReportRecord& record(int row) const { return m_records.at(row); }
    /// Row of the record at \a offset in \a file, or -1.
    int rowOf(const QString& file, qint64 offset) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const ReportRecord& r, int column) const;
    bool isWarning(const ReportRecord& r) const;

    ReportKind m_kind;
    QList<ReportRecord> m_records;
};

/// Filters a ReportRecordsModel by free text (over the record's JSON) and "warnings only".
class RecordFilterProxy : public QSortFilterProxyModel {
    Q_OBJECT
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setWarningsOnly(bool on);
    void setSearchText(const QString& text);
    bool warningsOnly() const { return m_warningsOnly; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    bool m_warningsOnly = false;
    QString m_search;
};

/// The top processes of one resource snapshot.
class TopProcessesModel : public QAbstractTableModel {
    Q_OBJECT
public:
    using QAbstractTableModel::QAbstractTableModel;
    void setSnapshot(const ResourceSnapshot& snapshot);
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<TopProcess> m_processes;
};

/// The AlertCenter's alerts, newest first.
class AlertsModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Role { AlertIdRole = Qt::UserRole + 1 };
    explicit AlertsModel(AlertCenter& center, QObject* parent = nullptr);
    const Alert* alertAt(int row) const;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    AlertCenter& m_center;
};
