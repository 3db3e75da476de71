// ReportsTab on files written here: highlight, "warnings only", search, follow toggle, alerts
// badge and acknowledge, copy as JSON, top processes, history aggregation, the trend chart.
// With SANDBOX_SCREENSHOT_DIR set, saves reports-tab.png there.
#include "ReportTestUtil.h"
#include "core/reports/Reports.h"
#include "core/sandbox/Sandbox.h"
#include "ui/main/MainWindow.h"
#include "ui/reports/ReportModels.h"
#include "ui/reports/ReportsTab.h"
#include "ui/reports/ResourceTrendChart.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QValueAxis>

namespace {
QByteArray okScan(int second)
{
    return QStringLiteral("{\"timestamp\":\"2026-01-01T10:00:%1Z\",\"status\":\"ok\",\"expected_ports\":[\"3000\",\"7860\"],\"unexpected\":[]}\n")
        .arg(second, 2, 10, QLatin1Char('0'))
        .toUtf8();
}
QByteArray summaryLine(int minute, int warnings)
{
    return QStringLiteral("{\"timestamp\":\"2026-01-01T10:%1:00Z\",\"process_count\":9,\"mem_total_kb\":2048000,\"mem_available_kb\":1024000,"
                          "\"portscan_warnings\":%2,\"resource_snapshots\":%3,\"listeners\":[\"0.0.0.0:3000\",\"0.0.0.0:5555\"]}\n")
        .arg(minute, 2, 10, QLatin1Char('0'))
        .arg(warnings)
        .arg(minute * 20)
        .toUtf8();
}
template<typename T> T* child(QWidget& w, const char* name)
{
    T* c = w.findChild<T*>(QString::fromLatin1(name));
    if (!c)
        qFatal("no widget %s", name);
    return c;
}
} // namespace

class TestReportsTab : public QObject {
    Q_OBJECT
private:
    QTemporaryDir m_dir;
    QString logs() const { return m_dir.filePath(QStringLiteral("projects/demo/logs")); }
    QString log(const char* name) const { return logs() + QLatin1Char('/') + QLatin1String(name); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(logs()));
        QVERIFY(appendBytes(m_dir.filePath(QStringLiteral(".env")),
                            "PROJECT_NAME=demo\nPROJECTS_ROOT_PATH=" + m_dir.filePath(QStringLiteral("projects")).toUtf8()
                                + "\nPORTSCAN_ENABLED=true\nPORTSCAN_INTERVAL=5\nRESOURCE_MONITOR_ENABLED=true\nRESOURCE_MONITOR_INTERVAL=3\n"));
        QByteArray res;
        for (int i = 0; i < 120; ++i)
            res += resourceLine(i, 30 + (i % 40) + (i % 7) * 0.5);
        res += "garbage line\n";
        QVERIFY(appendBytes(log("resources.jsonl"), res));
        QByteArray scans = okScan(0) + okScan(5) + prettyWarning(QStringLiteral("2026-01-01T10:00:10Z"), QStringLiteral("0.0.0.0:5555"), QStringLiteral("nc"))
                           + okScan(15) + okScan(20);
        QVERIFY(appendBytes(log("portscan.jsonl"), scans));
        QVERIFY(appendBytes(log("security_summary.jsonl"), summaryLine(0, 0) + summaryLine(1, 1)));
    }

    void tabShowsFiltersAndAlerts()
    {
        AppConfig config;
        config.reportPollMs = 100;
        Sandbox sandbox(Checkout(m_dir.path()), config);
        ReportsTab tab(sandbox);
        tab.resize(1200, 700);
        tab.show();
        sandbox.start();
        ReportRecordsModel* scans = tab.recordsModel(ReportKind::Portscan);
        QTRY_COMPARE(scans->rowCount(), 5);
        QTRY_COMPARE(tab.recordsModel(ReportKind::Resources)->rowCount(), 121);
        QTRY_COMPARE(tab.recordsModel(ReportKind::Summary)->rowCount(), 2);

        // Highlight: only the warning row has a background and the warning role.
        for (int row = 0; row < 5; ++row) {
            const QModelIndex idx = scans->index(row, 0);
            QCOMPARE(idx.data(ReportRecordsModel::WarningRole).toBool(), row == 2);
            QCOMPARE(idx.data(Qt::BackgroundRole).isValid(), row == 2);
        }
        QCOMPARE(scans->index(2, 2).data().toString(), QStringLiteral("0.0.0.0:5555 (nc { not a brace)"));

        // "Warnings only" filters the port-scan view.
        auto* view = child<QTableView>(tab, "reportsTable_portscan");
        QCOMPARE(view->model()->rowCount(), 5);
        child<QCheckBox>(tab, "reportsWarningsOnly")->setChecked(true);
        QCOMPARE(view->model()->rowCount(), 1);
        QVERIFY(view->model()->index(0, 0).data(ReportRecordsModel::WarningRole).toBool());
        child<QCheckBox>(tab, "reportsWarningsOnly")->setChecked(false);
        QCOMPARE(view->model()->rowCount(), 5);

        // Search goes over the record text.
        QTest::keyClicks(child<QLineEdit>(tab, "reportsSearch"), QStringLiteral("5555"));
        QCOMPARE(view->model()->rowCount(), 1);
        QCOMPARE(child<QTableView>(tab, "reportsTable_summary")->model()->rowCount(), 2);
        child<QLineEdit>(tab, "reportsSearch")->clear();

        // Counters show the malformed line.
        QTRY_VERIFY(child<QLabel>(tab, "reportsCounters")->text().contains(QStringLiteral("resources.jsonl: 121 records, 1 malformed")));

        // A live warning raises an alert; the badge counts it; acknowledge clears it.
        auto* subTabs = child<QTabWidget>(tab, "reportsSubTabs");
        QVERIFY(appendBytes(log("portscan.jsonl"),
                            prettyWarning(QStringLiteral("2026-01-01T10:00:25Z"), QStringLiteral("0.0.0.0:6666"), QStringLiteral("python3"))));
        QTRY_COMPARE(scans->rowCount(), 6);
        QTRY_COMPARE(sandbox.reports().alerts().unacknowledgedCount(), 1);
        int alertsIndex = -1;
        for (int i = 0; i < subTabs->count(); ++i)
            if (subTabs->tabText(i).startsWith(QStringLiteral("&Alerts")))
                alertsIndex = i;
        QCOMPARE(subTabs->tabText(alertsIndex), QStringLiteral("&Alerts (1)"));
        auto* alerts = child<QTableView>(tab, "reportsAlerts");
        QVERIFY(alerts->model()->index(0, 2).data().toString().contains(QStringLiteral("0.0.0.0:6666")));

        // Opening the alert's record selects it in the port-scan table.
        subTabs->setCurrentIndex(alertsIndex);
        alerts->setCurrentIndex(alerts->model()->index(0, 0));
        QTest::mouseClick(child<QPushButton>(tab, "reportsOpenRecord"), Qt::LeftButton);
        QVERIFY(subTabs->currentWidget()->isAncestorOf(view));
        QCOMPARE(view->currentIndex().row(), 5);

        // Copy as JSON puts the compacted record on the clipboard.
        QTest::mouseClick(child<QPushButton>(tab, "reportsCopy"), Qt::LeftButton);
        const QByteArray copied = QApplication::clipboard()->text().toUtf8();
        QVERIFY(!copied.contains('\n'));
        QCOMPARE(QJsonDocument::fromJson(copied).object().value(QLatin1String("timestamp")).toString(), QStringLiteral("2026-01-01T10:00:25Z"));

        subTabs->setCurrentIndex(alertsIndex);
        alerts->setCurrentIndex(alerts->model()->index(0, 0));
        QTest::mouseClick(child<QPushButton>(tab, "reportsAcknowledge"), Qt::LeftButton);
        QCOMPARE(sandbox.reports().alerts().unacknowledgedCount(), 0);
        QCOMPARE(subTabs->tabText(alertsIndex), QStringLiteral("&Alerts"));

        // Follow off: new records wait; on: they appear.
        child<QCheckBox>(tab, "reportsFollow")->setChecked(false);
        QVERIFY(appendBytes(log("portscan.jsonl"), okScan(30)));
        QTRY_VERIFY(child<QLabel>(tab, "reportsCounters")->text().contains(QStringLiteral("1 new records waiting")));
        QCOMPARE(scans->rowCount(), 6);
        child<QCheckBox>(tab, "reportsFollow")->setChecked(true);
        QCOMPARE(scans->rowCount(), 7);

        // Selecting a snapshot shows its top processes.
        auto* resources = child<QTableView>(tab, "reportsTable_resources");
        resources->setCurrentIndex(resources->model()->index(3, 0));
        QCOMPARE(child<QTableView>(tab, "reportsTopProcesses")->model()->rowCount(), 1);
        QCOMPARE(child<QTableView>(tab, "reportsTopProcesses")->model()->index(0, 4).data().toString(), QStringLiteral("init"));

        // Full history in the background.
        QTest::mouseClick(child<QPushButton>(tab, "reportsHistoryStart"), Qt::LeftButton);
        QTRY_VERIFY(child<QPlainTextEdit>(tab, "reportsHistoryResult")->toPlainText().contains(QStringLiteral("Records: 120, malformed: 1")));
        QCOMPARE(child<QProgressBar>(tab, "reportsHistoryProgress")->value(), 100);
        QVERIFY(child<QPlainTextEdit>(tab, "reportsHistoryResult")->toPlainText().contains(QStringLiteral("Memory peak")));

        // The trend chart reads the same records.
        ResourceTrendChart chart(sandbox.reports(), nullptr, 100);
        QCOMPARE(chart.pointCount(), 120);

        if (qEnvironmentVariableIsSet("SANDBOX_SCREENSHOT_DIR")) {
            child<QCheckBox>(tab, "reportsWarningsOnly")->setChecked(false);
            subTabs->setCurrentIndex(1);
            view->clearSelection();
            view->setCurrentIndex({});
            const QString dir = qEnvironmentVariable("SANDBOX_SCREENSHOT_DIR");
            QVERIFY(tab.grab().save(dir + QStringLiteral("/reports-tab.png")));
            chart.resize(900, 400);
            QVERIFY(chart.grab().save(dir + QStringLiteral("/reports-chart.png")));
        }
    }
    void envSecretsMaskedInViewsAndCopies()
    {
        // The panel registers the .env secrets as it loads the settings (before the reports are
        // read): a process command line holding GITHUB_TOKEN or LM_STUDIO_API_KEY is masked in the
        // Resources table, its top processes, tooltips, search text and "Copy record as JSON".
        QTemporaryDir dir;
        const QString logs = dir.filePath(QStringLiteral("projects/demo/logs"));
        QVERIFY(QDir().mkpath(logs));
        QVERIFY(writeDemoProjectEnv(dir.path()));
        const QByteArray gh = "gh" + QByteArray("p_") + QByteArray(36, 'W');
        const QByteArray lm = "lm-panel-key-55ab";
        QVERIFY(appendBytes(dir.filePath(QStringLiteral(".env")), "GITHUB_TOKEN=" + gh + "\nLM_STUDIO_API_KEY=" + lm + "\n"));
        const QJsonObject process{{QStringLiteral("user"), QStringLiteral("agent")},
                                  {QStringLiteral("pid"), 7},
                                  {QStringLiteral("mem"), 9.5},
                                  {QStringLiteral("command"), QString::fromUtf8("git clone https://" + gh + "@github.com/o/r --key " + lm)}};
        const QJsonObject snapshot{{QStringLiteral("timestamp"), QStringLiteral("2026-01-01T10:00:00Z")},
                                   {QStringLiteral("mem_used_pct"), 50},
                                   {QStringLiteral("process_count"), 2},
                                   {QStringLiteral("top_processes"), QJsonArray{process}}};
        QVERIFY(appendBytes(logs + QStringLiteral("/resources.jsonl"), QJsonDocument(snapshot).toJson(QJsonDocument::Compact) + '\n'));
        AppConfig config;
        config.reportPollMs = 100;
        Sandbox sandbox(Checkout(dir.path()), config);
        ReportsTab tab(sandbox);
        tab.resize(1200, 700);
        tab.show();
        sandbox.start({.watchFiles = true, .followEngine = false});
        ReportRecordsModel* model = tab.recordsModel(ReportKind::Resources);
        QTRY_COMPARE(model->rowCount(), 1);
        QStringList shown;
        for (int c = 0; c < model->columnCount(); ++c)
            for (int role : {int(Qt::DisplayRole), int(Qt::ToolTipRole), int(ReportRecordsModel::SearchTextRole)})
                shown << model->index(0, c).data(role).toString();
        auto* resources = child<QTableView>(tab, "reportsTable_resources");
        auto* subTabs = child<QTabWidget>(tab, "reportsSubTabs");
        for (int i = 0; i < subTabs->count(); ++i)
            if (subTabs->widget(i)->isAncestorOf(resources))
                subTabs->setCurrentIndex(i);
        resources->setCurrentIndex(resources->model()->index(0, 0));
        QAbstractItemModel* top = child<QTableView>(tab, "reportsTopProcesses")->model();
        QCOMPARE(top->rowCount(), 1);
        for (int c = 0; c < top->columnCount(); ++c)
            shown << top->index(0, c).data().toString();
        QApplication::clipboard()->clear();
        QTest::mouseClick(child<QPushButton>(tab, "reportsCopy"), Qt::LeftButton);
        const QString copied = QApplication::clipboard()->text();
        QVERIFY(QJsonDocument::fromJson(copied.toUtf8()).isObject());
        shown << copied;
        const QString all = shown.join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QString::fromUtf8(gh)) && !all.contains(QString::fromUtf8(lm)), qPrintable(all));
        QVERIFY2(all.contains(QStringLiteral("git clone https://********@github.com/o/r --key ********")), qPrintable(all));
    }

    void trendChartLabelsReadableAt1280x800()
    {
        // The resources.jsonl chart in the panel at 1280x800: its vertical axis titles are drawn
        // along the plot's height, elided to it ("M…", "Pr…" when the chart was squashed).
        AppConfig config;
        config.reportPollMs = 100;
        Sandbox sandbox(Checkout(m_dir.path()), config);
        sandbox.start({.watchFiles = true, .followEngine = false});
        MainWindow window(sandbox);
        window.resize(1280, 800);
        window.show();
        QVERIFY(window.showTab(QStringLiteral("metricsTab")));
        auto* chart = window.findChild<ResourceTrendChart*>(QStringLiteral("chartInContainer"));
        QVERIFY(chart);
        QTRY_VERIFY(chart->isVisible() && chart->pointCount() > 0);
        for (QAbstractAxis* axis : chart->chart()->axes(Qt::Vertical)) {
            const int needed = QFontMetrics(axis->titleFont()).horizontalAdvance(axis->titleText());
            QTRY_VERIFY2(
                chart->chart()->plotArea().height() > needed,
                qPrintable(
                    QStringLiteral("\"%1\" needs %2 px along a plot %3 px high").arg(axis->titleText()).arg(needed).arg(chart->chart()->plotArea().height())));
        }
        if (qEnvironmentVariableIsSet("SANDBOX_SCREENSHOT_DIR"))
            QVERIFY(window.grab().save(qEnvironmentVariable("SANDBOX_SCREENSHOT_DIR") + QStringLiteral("/metrics-1280x800.png")));
    }

    void resolverRowsAreOkAndTimeColumnsShowTheTime()
    {
        // Docker's embedded DNS on every scan: ok rows, no alert; a real listener: one red row,
        // one alert. At 1280x800 the Alerts and Timeline tables show the whole time of day.
        QTemporaryDir dir;
        const QString logs = dir.filePath(QStringLiteral("projects/demo/logs"));
        QVERIFY(QDir().mkpath(logs));
        QVERIFY(writeDemoProjectEnv(dir.path()));
        const QString file = logs + QStringLiteral("/portscan.jsonl");
        auto resolverScan = [](int second, const QByteArray& more) {
            return QStringLiteral("{\"timestamp\":\"2026-01-01T10:00:%1Z\",\"status\":\"warning\",\"expected_ports\":[\"3000\",\"7860\"],"
                                  "\"unexpected\":[{\"address\":\"127.0.0.11:40305\",\"process\":\"\"}%2]}\n")
                .arg(second, 2, 10, QLatin1Char('0'))
                .arg(QString::fromUtf8(more))
                .toUtf8();
        };
        QVERIFY(appendBytes(file, resolverScan(0, {}) + resolverScan(5, {})));
        AppConfig config;
        config.reportPollMs = 100;
        Sandbox sandbox(Checkout(dir.path()), config);
        ReportsTab tab(sandbox);
        tab.resize(1280, 800);
        tab.show();
        sandbox.start();
        ReportRecordsModel* scans = tab.recordsModel(ReportKind::Portscan);
        QTRY_COMPARE(scans->rowCount(), 2);
        QVERIFY(appendBytes(file, resolverScan(10, {})));
        QTRY_COMPARE(scans->rowCount(), 3);
        for (int row = 0; row < 3; ++row) {
            QVERIFY(!scans->index(row, 0).data(ReportRecordsModel::WarningRole).toBool());
            QVERIFY(!scans->index(row, 0).data(Qt::BackgroundRole).isValid());
            QCOMPARE(scans->index(row, 1).data().toString(), QStringLiteral("ok"));
            QCOMPARE(scans->index(row, 2).data().toString(), QStringLiteral("127.0.0.11:40305 Docker's embedded DNS (expected)"));
        }
        QCOMPARE(sandbox.reports().alerts().alerts().size(), 0);

        QVERIFY(appendBytes(file, resolverScan(15, R"(,{"address":"0.0.0.0:5555","process":""})")));
        QTRY_COMPARE(scans->rowCount(), 4);
        QTRY_COMPARE(sandbox.reports().alerts().alerts().size(), 1);
        QVERIFY(scans->index(3, 0).data(ReportRecordsModel::WarningRole).toBool());
        QCOMPARE(sandbox.reports().alerts().alerts().first().title, QStringLiteral("Unexpected listener 0.0.0.0:5555 (no process shown)"));

        auto* subTabs = child<QTabWidget>(tab, "reportsSubTabs");
        for (const char* name : {"reportsAlerts", "reportsTimeline"}) {
            auto* view = child<QTableView>(tab, name);
            for (int i = 0; i < subTabs->count(); ++i)
                if (subTabs->widget(i)->isAncestorOf(view))
                    subTabs->setCurrentIndex(i);
            QTRY_VERIFY(view->isVisible() && view->model()->rowCount() > 0);
            const QString time = view->model()->index(0, 0).data().toString();
            QVERIFY(time.contains(QLatin1Char(':')));
            const int needed = view->fontMetrics().horizontalAdvance(time);
            QVERIFY2(view->columnWidth(0) > needed,
                     qPrintable(
                         QStringLiteral("%1: time column %2 px, \"%3\" needs %4 px").arg(QLatin1String(name)).arg(view->columnWidth(0)).arg(time).arg(needed)));
            // The detail column takes the rest: nothing beyond the right edge.
            const int total = view->horizontalHeader()->length();
            QVERIFY2(total <= view->viewport()->width() + 1,
                     qPrintable(QStringLiteral("%1: %2 > %3").arg(QLatin1String(name)).arg(total).arg(view->viewport()->width())));
        }
        if (qEnvironmentVariableIsSet("SANDBOX_SCREENSHOT_DIR"))
            QVERIFY(tab.grab().save(qEnvironmentVariable("SANDBOX_SCREENSHOT_DIR") + QStringLiteral("/reports-timeline.png")));
    }
};

QTEST_MAIN(TestReportsTab)
#include "test_reports_tab.moc"
