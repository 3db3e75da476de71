#include "MetricsTab.h"

#include "MetricChart.h"

#include "core/docker/MetricsCsv.h"
#include "core/docker/MetricsStore.h"
#include "core/sandbox/Sandbox.h"
#include "ui/reports/ResourceTrendChart.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>

#include <functional>

namespace {
struct Part {
    const char* suffix;
    std::function<double(const StatsSample&)> value;
};
struct ChartSpec {
    const char* objectName;
    const char* title;
    MetricChart::Unit unit;
    QList<Part> parts;
};

// Raw values (bytes, bytes per second): each chart picks the unit that fits its data.
const QList<ChartSpec>& specs()
{
    using Unit = MetricChart::Unit;
    static const QList<ChartSpec> list{
        {"chartCpu", QT_TRANSLATE_NOOP("MetricsTab", "CPU (100 % = one core)"), Unit::Percent, {{"", [](const StatsSample& s) { return s.cpuPercent; }}}},
        {"chartMemory", QT_TRANSLATE_NOOP("MetricsTab", "Memory"), Unit::Bytes, {{"", [](const StatsSample& s) { return double(s.memBytes); }}}},
        {"chartNetwork",
         QT_TRANSLATE_NOOP("MetricsTab", "Network"),
         Unit::BytesPerSecond,
         {{" rx", [](const StatsSample& s) { return s.netRxBps; }}, {" tx", [](const StatsSample& s) { return s.netTxBps; }}}},
        {"chartBlockIo",
         QT_TRANSLATE_NOOP("MetricsTab", "Block I/O"),
         Unit::BytesPerSecond,
         {{" read", [](const StatsSample& s) { return s.blkReadBps; }}, {" write", [](const StatsSample& s) { return s.blkWriteBps; }}}},
        {"chartPids", QT_TRANSLATE_NOOP("MetricsTab", "Processes"), Unit::Pids, {{"", [](const StatsSample& s) { return double(s.pids); }}}},
    };
    return list;
}
} // namespace

MetricsTab::MetricsTab(Sandbox& sandbox, QWidget* parent)
    : MetricsTab(sandbox.metrics(), &sandbox.reports(), sandbox.config().chartRedrawMs, parent)
{
}

MetricsTab::MetricsTab(MetricsStore& store, Reports* reports, int redrawMs, QWidget* parent)
    : QWidget(parent)
    , m_store(store)
{
    setObjectName(QStringLiteral("metricsTab"));
    auto* layout = new QVBoxLayout(this);
    auto* bar = new QHBoxLayout;
    auto* windowLabel = new QLabel(tr("&Window:"), this);
    m_window = new QComboBox(this);
    m_window->setObjectName(QStringLiteral("metricsWindow"));
    for (const auto& [text, secs] : {std::pair{tr("1 min"), 60}, std::pair{tr("5 min"), 300}, std::pair{tr("15 min"), 900}, std::pair{tr("1 h"), 3600}})
        m_window->addItem(text, secs);
    m_window->setCurrentIndex(1);
    windowLabel->setBuddy(m_window);
    m_pause = new QPushButton(tr("&Pause"), this);
    m_pause->setObjectName(QStringLiteral("metricsPause"));
    m_pause->setCheckable(true);
    auto* csv = new QPushButton(tr("Export &CSV…"), this);
    csv->setObjectName(QStringLiteral("metricsExportCsv"));
    auto* png = new QPushButton(tr("Export P&NG…"), this);
    png->setObjectName(QStringLiteral("metricsExportPng"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("metricsStatus"));
    bar->addWidget(windowLabel);
    bar->addWidget(m_window);
    bar->addWidget(m_pause);
    bar->addWidget(m_status, 1);
    bar->addWidget(csv);
    bar->addWidget(png);
    layout->addLayout(bar);

    m_charts = new QWidget(this);
    auto* grid = new QGridLayout(m_charts);
    int i = 0;
    for (const ChartSpec& spec : specs()) {
        auto* c = new MetricChart(tr(spec.title), spec.unit, m_charts);
        c->setObjectName(QString::fromLatin1(spec.objectName));
        grid->addWidget(c, i / 2, i % 2);
        ++i;
    }
    if (reports) {
        auto* trend = new ResourceTrendChart(*reports, m_charts, redrawMs);
        trend->setObjectName(QStringLiteral("chartInContainer")); // its own minimum: labels readable
        grid->addWidget(trend, i / 2, i % 2);
    }
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setWidget(m_charts);
    layout->addWidget(scroll, 1);

    m_timer = new QTimer(this);
    m_timer->setObjectName(QStringLiteral("metricsRedrawTimer"));
    m_timer->setInterval(qMax(100, redrawMs));
    connect(m_timer, &QTimer::timeout, this, [this] {
        if (m_dirty && !m_pause->isChecked() && isVisible())
            redraw();
    });
    m_timer->start();
    connect(&m_store, &MetricsStore::sampleAdded, this, [this] { m_dirty = true; });
    connect(&m_store, &MetricsStore::containersChanged, this, [this] { m_dirty = true; });
    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        m_dirty = true;
        redraw();
    });
    connect(m_pause, &QPushButton::toggled, this, [this](bool paused) {
        m_pause->setText(paused ? tr("&Resume") : tr("&Pause"));
        if (!paused)
            redraw();
    });
    connect(csv, &QPushButton::clicked, this, &MetricsTab::exportCsv);
    connect(png, &QPushButton::clicked, this, &MetricsTab::exportPng);
}

MetricChart* MetricsTab::chart(const QString& objectName) const
{
    return m_charts->findChild<MetricChart*>(objectName);
}

int MetricsTab::windowSeconds() const
{
    return m_window->currentData().toInt();
}

void MetricsTab::redraw()
{
    m_dirty = false;
    ++m_redraws;
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const qint64 since = now - qint64(windowSeconds()) * 1000;
    const QStringList containers = m_store.containers();
    // Legends drop the prefix all containers share ("opencode-llm" → "llm") so they fit.
    qsizetype prefix = 0;
    if (containers.size() > 1) {
        prefix = containers.first().lastIndexOf(QLatin1Char('-')) + 1;
        for (const QString& c : containers)
            while (prefix > 0 && !c.startsWith(containers.first().left(prefix)))
                prefix = prefix >= 2 ? containers.first().lastIndexOf(QLatin1Char('-'), prefix - 2) + 1 : 0;
    }
    for (const ChartSpec& spec : specs()) {
        MetricChart* c = chart(QString::fromLatin1(spec.objectName));
        QStringList names;
        for (const QString& container : containers) {
            const QVector<StatsSample> samples = m_store.window(container, since);
            for (const Part& part : spec.parts) {
                const QString name = container + QString::fromLatin1(part.suffix);
                QList<QPointF> points;
                points.reserve(samples.size());
                for (const StatsSample& s : samples) {
                    if (!s.ratesValid && part.suffix[0] != '\0')
                        continue; // rates need a previous sample
                    points.append(QPointF(double(s.msecs), part.value(s)));
                }
                c->setSeriesData(name, points, container.mid(prefix) + QString::fromLatin1(part.suffix));
                names << name;
            }
        }
        c->retainSeries(names);
        c->setRange(since, now);
    }
    const qint64 kept = qint64(m_store.capacity());
    m_status->setText(containers.isEmpty()     ? tr("No running containers: start the sandbox to see live metrics.")
                      : windowSeconds() > kept ? tr("%n container(s); history kept: %1 s", nullptr, int(containers.size())).arg(kept)
                                               : tr("%n container(s)", nullptr, int(containers.size())));
}

void MetricsTab::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics as CSV"), QStringLiteral("metrics.csv"), tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    const qint64 since = QDateTime::currentMSecsSinceEpoch() - qint64(windowSeconds()) * 1000;
    if (!MetricsCsv::write(m_store, since, path, &error))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1: %2").arg(path, error));
}

void MetricsTab::exportPng()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export charts as PNG"), QStringLiteral("metrics.png"), tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!m_charts->grab().save(path, "PNG"))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(path));
}
