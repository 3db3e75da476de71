#include "ReportsTab.h"
#include "ui/main/EmptyViewText.h"

#include "core/reports/HistoryAggregator.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "ui/reports/ReportModels.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QShortcut>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace {
QTableView* makeTable(QAbstractItemModel* model, const QString& name, QWidget* parent)
{
    auto* v = new QTableView(parent);
    v->setObjectName(name);
    v->setModel(model);
    v->setSelectionBehavior(QAbstractItemView::SelectRows);
    v->setSelectionMode(QAbstractItemView::SingleSelection);
    v->setAlternatingRowColors(true);
    v->verticalHeader()->setVisible(false);
    v->horizontalHeader()->setStretchLastSection(true);
    v->setWordWrap(false);
    return v;
}
const ReportKind kKinds[] = {ReportKind::Summary, ReportKind::Portscan, ReportKind::Resources};
/// Short columns (time, severity, source, ...) sized to their content, so the time of day is never
/// cut; \a title gets a fixed share and the detail the rest of the width.
void sizeColumns(QTableView* view, const QList<int>& toContent, int title, int detail)
{
    QHeaderView* h = view->horizontalHeader();
    h->setStretchLastSection(false);
    for (int c : toContent)
        h->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    h->setSectionResizeMode(title, QHeaderView::Interactive);
    view->setColumnWidth(title, 360);
    h->setSectionResizeMode(detail, QHeaderView::Stretch);
}
} // namespace

ReportsTab::ReportsTab(Sandbox& sandbox, QWidget* parent)
    : QWidget(parent)
    , m_reports(sandbox.reports())
{
    setObjectName(QStringLiteral("reportsTab"));
    auto* layout = new QVBoxLayout(this);

    auto* bar = new QHBoxLayout;
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("reportsSearch"));
    m_search->setPlaceholderText(tr("text in the records (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    searchLabel->setBuddy(m_search);
    auto* find = new QShortcut(QKeySequence::Find, this);
    connect(find, &QShortcut::activated, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    m_follow = new QCheckBox(tr("&Follow"), this);
    m_follow->setObjectName(QStringLiteral("reportsFollow"));
    m_follow->setChecked(true);
    m_follow->setToolTip(tr("Show new records as they are written; when off, new records wait"));
    auto* copy = new QPushButton(tr("&Copy record as JSON"), this);
    copy->setObjectName(QStringLiteral("reportsCopy"));
    m_counters = new QLabel(this);
    m_counters->setWordWrap(true);
    m_counters->setObjectName(QStringLiteral("reportsCounters"));
    bar->addWidget(searchLabel);
    bar->addWidget(m_search, 1);
    bar->addWidget(m_follow);
    bar->addWidget(copy);
    layout->addLayout(bar);
    layout->addWidget(m_counters);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("reportsSubTabs"));
    for (ReportKind k : kKinds) {
        m_models.insert(int(k), new ReportRecordsModel(k, this));
        auto* proxy = new RecordFilterProxy(this);
        proxy->setSourceModel(m_models.value(int(k)));
        m_proxies.insert(int(k), proxy);
    }
    m_tabs->addTab(buildRecordsPage(ReportKind::Summary), tr("S&ummaries"));
    m_warningsOnly = new QCheckBox(tr("&Warnings only"), this);
    m_warningsOnly->setObjectName(QStringLiteral("reportsWarningsOnly"));
    connect(m_warningsOnly, &QCheckBox::toggled, this, [this](bool on) { m_proxies.value(int(ReportKind::Portscan))->setWarningsOnly(on); });
    m_tabs->addTab(buildRecordsPage(ReportKind::Portscan, m_warningsOnly), tr("&Port scans"));

    m_topModel = new TopProcessesModel(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(buildRecordsPage(ReportKind::Resources));
    auto* top = makeTable(m_topModel, QStringLiteral("reportsTopProcesses"), split);
    split->addWidget(top);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    m_tabs->addTab(split, tr("R&esources"));
    connect(m_views.value(int(ReportKind::Resources))->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex& current) {
        const QModelIndex src = m_proxies.value(int(ReportKind::Resources))->mapToSource(current);
        if (src.isValid() && m_models.value(int(ReportKind::Resources))->record(src.row()).ok())
            m_topModel->setSnapshot(ResourceSnapshot::fromJson(m_models.value(int(ReportKind::Resources))->record(src.row()).object));
        else
            m_topModel->setSnapshot({});
    });
    m_alertsTabIndex = m_tabs->addTab(buildAlertsPage(), tr("&Alerts"));
    m_tabs->addTab(buildTimelinePage(), tr("&Timeline"));
    m_tabs->addTab(buildHistoryPage(), tr("&History"));
    layout->addWidget(m_tabs, 1);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("reportsStatus"));
    layout->addWidget(m_status);

    connect(m_search, &QLineEdit::textChanged, this, [this](const QString& text) {
        for (RecordFilterProxy* p : std::as_const(m_proxies))
            p->setSearchText(text);
    });
    connect(m_follow, &QCheckBox::toggled, this, [this](bool on) {
        if (!on)
            return;
        const auto paused = std::exchange(m_paused, {});
        for (auto it = paused.cbegin(); it != paused.cend(); ++it)
            onRecords(ReportKind(it.key()), it.value());
        updateCounters();
    });
    connect(copy, &QPushButton::clicked, this, &ReportsTab::copyCurrentRecord);
    connect(&m_reports, &Reports::recordsArrived, this, [this](ReportKind kind, const QList<ReportRecord>& records, bool) { onRecords(kind, records); });
    connect(&m_reports, &Reports::countersChanged, this, &ReportsTab::updateCounters);
    connect(&m_reports, &Reports::followerEvent, this, [this](const FollowerEvent& e) {
        m_status->setText(tr("%1: %2 — %3").arg(QFileInfo(e.file).fileName(), FollowerEvent::typeName(e.type), e.detail));
    });
    connect(&m_reports.alerts(), &AlertCenter::unacknowledgedCountChanged, this, &ReportsTab::updateAlertBadge);
    for (ReportKind k : kKinds)
        onRecords(k, m_reports.recent(k));
    updateCounters();
    updateAlertBadge();
}

ReportsTab::~ReportsTab() = default;

QWidget* ReportsTab::buildRecordsPage(ReportKind kind, QWidget* extra)
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    l->setContentsMargins(0, 0, 0, 0);
    if (extra)
        l->addWidget(extra);
    auto* view = makeTable(m_proxies.value(int(kind)), QStringLiteral("reportsTable_") + reportKindName(kind), page);
    view->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    view->horizontalHeader()->setStretchLastSection(true);
    setEmptyViewText(view, tr("No %1 records yet: the monitor writes them while the stack runs with it enabled "
                              "(Monitoring in the settings).")
                               .arg(reportKindName(kind)));
    m_views.insert(int(kind), view);
    l->addWidget(view);
    return page;
}

QWidget* ReportsTab::buildAlertsPage()
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    m_alertsModel = new AlertsModel(m_reports.alerts(), this);
    m_alertsView = makeTable(m_alertsModel, QStringLiteral("reportsAlerts"), page);
    setEmptyViewText(m_alertsView, tr("No alerts yet: an unexpected listener or a resource limit crossed raises one here."));
    sizeColumns(m_alertsView, {0, 1, 4}, 2, 3); // time, severity, acknowledged | title | detail
    auto* buttons = new QHBoxLayout;
    auto* ack = new QPushButton(tr("Ac&knowledge"), page);
    ack->setObjectName(QStringLiteral("reportsAcknowledge"));
    auto* ackAll = new QPushButton(tr("Acknowledge a&ll"), page);
    ackAll->setObjectName(QStringLiteral("reportsAcknowledgeAll"));
    auto* open = new QPushButton(tr("&Open record"), page);
    open->setObjectName(QStringLiteral("reportsOpenRecord"));
    buttons->addWidget(ack);
    buttons->addWidget(ackAll);
    buttons->addWidget(open);
    buttons->addStretch();
    l->addLayout(buttons);
    l->addWidget(m_alertsView);
    auto current = [this]() -> const Alert* { return m_alertsModel->alertAt(m_alertsView->currentIndex().row()); };
    connect(ack, &QPushButton::clicked, this, [this, current] {
        if (const Alert* a = current())
            m_reports.alerts().acknowledge(a->id);
    });
    connect(ackAll, &QPushButton::clicked, this, [this] { m_reports.alerts().acknowledgeAll(); });
    connect(open, &QPushButton::clicked, this, [this, current] {
        if (const Alert* a = current())
            openRecord(a->ref);
    });
    connect(m_alertsView, &QTableView::activated, this, [this](const QModelIndex& idx) {
        if (const Alert* a = m_alertsModel->alertAt(idx.row()))
            openRecord(a->ref);
    });
    return page;
}

QWidget* ReportsTab::buildTimelinePage()
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    auto* exportButton = new QPushButton(tr("E&xport as JSON Lines..."), page);
    exportButton->setObjectName(QStringLiteral("reportsTimelineExport"));
    auto* row = new QHBoxLayout;
    row->addWidget(exportButton);
    row->addStretch();
    l->addLayout(row);
    QTableView* timeline = makeTable(&m_reports.timeline(), QStringLiteral("reportsTimeline"), page);
    setEmptyViewText(timeline, tr("No events yet: starts, stops, exits, alerts and allowlist changes appear here."));
    sizeColumns(timeline, {TimelineModel::TimeColumn, TimelineModel::SourceColumn, TimelineModel::SeverityColumn}, TimelineModel::TitleColumn,
                TimelineModel::DetailColumn);
    l->addWidget(timeline);
    connect(exportButton, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export timeline"), QStringLiteral("timeline.jsonl"), tr("JSON Lines (*.jsonl)"));
        if (path.isEmpty())
            return;
        QString error;
        m_status->setText(m_reports.timeline().exportJsonLines(path, &error) ? tr("Timeline exported to %1").arg(path) : error);
    });
    return page;
}

QWidget* ReportsTab::buildHistoryPage()
{
    auto* page = new QWidget(this);
    auto* l = new QVBoxLayout(page);
    auto* row = new QHBoxLayout;
    m_historyKind = new QComboBox(page);
    m_historyKind->setObjectName(QStringLiteral("reportsHistoryKind"));
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary})
        m_historyKind->addItem(reportFileName(k), int(k));
    auto* label = new QLabel(tr("&File:"), page);
    label->setBuddy(m_historyKind);
    m_historyStart = new QPushButton(tr("A&ggregate full history"), page);
    m_historyStart->setObjectName(QStringLiteral("reportsHistoryStart"));
    m_historyCancel = new QPushButton(tr("Ca&ncel"), page);
    m_historyCancel->setObjectName(QStringLiteral("reportsHistoryCancel"));
    m_historyCancel->setEnabled(false);
    m_historyProgress = new QProgressBar(page);
    m_historyProgress->setObjectName(QStringLiteral("reportsHistoryProgress"));
    m_historyProgress->setRange(0, 100);
    m_historyProgress->setValue(0);
    row->addWidget(label);
    row->addWidget(m_historyKind);
    row->addWidget(m_historyStart);
    row->addWidget(m_historyCancel);
    row->addWidget(m_historyProgress, 1);
    l->addLayout(row);
    m_historyResult = new QPlainTextEdit(page);
    m_historyResult->setObjectName(QStringLiteral("reportsHistoryResult"));
    m_historyResult->setReadOnly(true);
    l->addWidget(m_historyResult);
    m_aggregator = new HistoryAggregator(this);
    connect(m_historyStart, &QPushButton::clicked, this, [this] {
        const auto kind = ReportKind(m_historyKind->currentData().toInt());
        if (!m_aggregator->start(m_reports.filePath(kind), kind))
            return;
        m_historyStart->setEnabled(false);
        m_historyCancel->setEnabled(true);
        m_historyProgress->setValue(0);
        m_historyResult->setPlainText(tr("Reading %1 ...").arg(m_reports.filePath(kind)));
    });
    connect(m_historyCancel, &QPushButton::clicked, m_aggregator, &HistoryAggregator::cancel);
    connect(m_aggregator, &HistoryAggregator::progress, m_historyProgress, &QProgressBar::setValue);
    connect(m_aggregator, &HistoryAggregator::finished, this, &ReportsTab::showHistory);
    connect(m_aggregator, &HistoryAggregator::failed, this, [this](const QString& error) {
        m_historyStart->setEnabled(true);
        m_historyCancel->setEnabled(false);
        m_historyResult->setPlainText(error);
    });
    return page;
}

void ReportsTab::showHistory(const HistoryAggregate& a)
{
    m_historyStart->setEnabled(true);
    m_historyCancel->setEnabled(false);
    if (!a.cancelled)
        m_historyProgress->setValue(100);
    QStringList lines;
    lines << (a.cancelled ? tr("Cancelled after %1 bytes (partial figures).").arg(a.bytes) : tr("%1: %2 bytes").arg(a.file).arg(a.bytes));
    lines << tr("Records: %1, malformed: %2, oversize: %3").arg(a.records).arg(a.malformed).arg(a.oversize);
    lines << tr("From %1 to %2").arg(a.firstTimestamp, a.lastTimestamp);
    if (a.memPeakPct >= 0)
        lines << tr("Memory peak %1% at %2 (average %3%)").arg(a.memPeakPct, 0, 'f', 1).arg(a.memPeakAt).arg(a.memAveragePct(), 0, 'f', 1);
    if (a.processPeak >= 0)
        lines << tr("Process peak %1 at %2").arg(a.processPeak).arg(a.processPeakAt);
    if (a.kind == ReportKind::Portscan)
        lines << tr("Port-scan warnings: %1").arg(a.warnings);
    if (a.lastPortscanWarnings >= 0)
        lines << tr("Newest summary: %1 port-scan warnings").arg(a.lastPortscanWarnings);
    lines << QString() << tr("Per hour (UTC): records, warnings, memory peak %, process peak");
    for (auto it = a.perHour.cbegin(); it != a.perHour.cend(); ++it)
        lines << QStringLiteral("%1h  %2  %3  %4  %5")
                     .arg(it.key())
                     .arg(it->records, 6)
                     .arg(it->warnings, 4)
                     .arg(it->memPeakPct, 6, 'f', 1)
                     .arg(it->processPeak, 4);
    m_historyResult->setPlainText(lines.join(QLatin1Char('\n')));
}

void ReportsTab::onRecords(ReportKind kind, const QList<ReportRecord>& records)
{
    if (records.isEmpty())
        return;
    if (!m_follow->isChecked()) {
        m_paused[int(kind)] += records;
        updateCounters();
        return;
    }
    QTableView* view = m_views.value(int(kind));
    m_models.value(int(kind))->append(records);
    if (!view->currentIndex().isValid()) // nothing selected: keep the newest in view
        view->scrollToBottom();
}

void ReportsTab::updateCounters()
{
    QStringList parts;
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        const FollowerCounters c = m_reports.counters(k);
        parts << tr("%1: %2 records, %3 malformed, %4 not UTF-8, %5 oversize skipped")
                     .arg(reportFileName(k))
                     .arg(c.records)
                     .arg(c.malformed)
                     .arg(c.notUtf8)
                     .arg(c.oversize);
    }
    qsizetype waiting = 0;
    for (const auto& l : std::as_const(m_paused))
        waiting += l.size();
    if (waiting)
        parts << tr("%1 new records waiting (follow is off)").arg(waiting);
    m_counters->setText(parts.join(QStringLiteral(" · ")));
}

void ReportsTab::updateAlertBadge()
{
    const int n = m_reports.alerts().unacknowledgedCount();
    m_tabs->setTabText(m_alertsTabIndex, n ? tr("&Alerts (%1)").arg(n) : tr("&Alerts"));
}

void ReportsTab::copyCurrentRecord()
{
    for (auto it = m_views.cbegin(); it != m_views.cend(); ++it) {
        if (!m_tabs->currentWidget()->isAncestorOf(it.value()))
            continue;
        const QModelIndex src = m_proxies.value(it.key())->mapToSource(it.value()->currentIndex());
        if (!src.isValid())
            break;
        const ReportRecord& r = m_models.value(it.key())->record(src.row());
        QApplication::clipboard()->setText(QString::fromUtf8(r.compactJson()));
        m_status->setText(tr("Copied the record at offset %1 of %2").arg(r.offset).arg(QFileInfo(r.file).fileName()));
        return;
    }
    m_status->setText(tr("Select a record first"));
}

bool ReportsTab::openRecord(const RecordRef& ref)
{
    for (ReportKind k : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        if (QFileInfo(ref.file).fileName() != reportFileName(k))
            continue;
        const int row = m_models.value(int(k))->rowOf(ref.file, ref.offset);
        QTableView* view = m_views.value(int(k));
        for (int i = 0; i < m_tabs->count(); ++i)
            if (m_tabs->widget(i)->isAncestorOf(view))
                m_tabs->setCurrentIndex(i);
        if (row < 0) {
            m_status->setText(tr("The record at offset %1 is no longer in the table").arg(ref.offset));
            return false;
        }
        if (k == ReportKind::Portscan)
            m_warningsOnly->setChecked(false);
        m_search->clear();
        const QModelIndex idx = m_proxies.value(int(k))->mapFromSource(m_models.value(int(k))->index(row, 0));
        view->setCurrentIndex(idx);
        view->scrollTo(idx);
        return true;
    }
    return false;
}
