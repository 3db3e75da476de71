#pragma once

#include "core/reports/Alert.h"
#include "core/reports/FileFollower.h"
#include "core/reports/ReportRecord.h"

#include <QHash>
#include <QWidget>

class AlertsModel;
class HistoryAggregator;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QPlainTextEdit;
class QTabWidget;
class QTableView;
class RecordFilterProxy;
class ReportRecordsModel;
class Reports;
class Sandbox;
class TopProcessesModel;
struct HistoryAggregate;

/// The Reports tab: security summaries, port scans (warnings highlighted, "warnings only"),
/// resource snapshots with their top processes, alerts with acknowledge, the unified timeline
/// and a background full-history aggregation. Views of Sandbox::reports(); no file I/O here.
class ReportsTab : public QWidget {
    Q_OBJECT
public:
    explicit ReportsTab(Sandbox& sandbox, QWidget* parent = nullptr);
    ~ReportsTab() override;

    /// Shows the record an alert refers to (switches sub-tab and selects its row).
    bool openRecord(const RecordRef& ref);
    ReportRecordsModel* recordsModel(ReportKind kind) const { return m_models.value(int(kind)); }

private:
    QWidget* buildRecordsPage(ReportKind kind, QWidget* extra = nullptr);
    QWidget* buildAlertsPage();
    QWidget* buildTimelinePage();
    QWidget* buildHistoryPage();
    void onRecords(ReportKind kind, const QList<ReportRecord>& records);
    void updateCounters();
    void updateAlertBadge();
    void copyCurrentRecord();
    void showHistory(const HistoryAggregate& result);

    Reports& m_reports;
    QTabWidget* m_tabs = nullptr;
    QLineEdit* m_search = nullptr;
    QCheckBox* m_follow = nullptr;
    QCheckBox* m_warningsOnly = nullptr;
    QLabel* m_counters = nullptr;
    QLabel* m_status = nullptr;
    QHash<int, ReportRecordsModel*> m_models;
    QHash<int, RecordFilterProxy*> m_proxies;
    QHash<int, QTableView*> m_views;
    QHash<int, QList<ReportRecord>> m_paused;
    TopProcessesModel* m_topModel = nullptr;
    AlertsModel* m_alertsModel = nullptr;
    QTableView* m_alertsView = nullptr;
    int m_alertsTabIndex = -1;
    HistoryAggregator* m_aggregator = nullptr;
    QComboBox* m_historyKind = nullptr;
    QPushButton* m_historyStart = nullptr;
    QPushButton* m_historyCancel = nullptr;
    QProgressBar* m_historyProgress = nullptr;
    QPlainTextEdit* m_historyResult = nullptr;
};
