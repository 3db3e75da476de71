#include "ResourceTrendChart.h"

#include "core/reports/Reports.h"

#include <QDateTimeAxis>
#include <QFontMetrics>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>

ResourceTrendChart::ResourceTrendChart(Reports& reports, QWidget* parent, int redrawMs, int maxPoints)
    : QChartView(parent)
    , m_maxPoints(maxPoints)
{
    setObjectName(QStringLiteral("resourceTrendChart"));
    setRenderHint(QPainter::Antialiasing);
    auto* chart = new QChart;
    chart->setTitle(tr("Workspace memory and processes (resources.jsonl)"));
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->legend()->setAlignment(Qt::AlignRight); // beside the plot: its height goes to the axes
    m_mem = new QLineSeries(chart);
    m_mem->setName(tr("Memory used %"));
    m_procs = new QLineSeries(chart);
    m_procs->setName(tr("Processes"));
    chart->addSeries(m_mem);
    chart->addSeries(m_procs);
    m_time = new QDateTimeAxis(chart);
    m_time->setFormat(QStringLiteral("HH:mm:ss"));
    m_memAxis = new QValueAxis(chart);
    m_memAxis->setRange(0, 100);
    m_memAxis->setTitleText(tr("Memory %"));
    m_procAxis = new QValueAxis(chart);
    m_procAxis->setTitleText(tr("Processes"));
    m_procAxis->setLabelFormat(QStringLiteral("%d"));
    chart->addAxis(m_time, Qt::AlignBottom);
    chart->addAxis(m_memAxis, Qt::AlignLeft);
    chart->addAxis(m_procAxis, Qt::AlignRight);
    m_mem->attachAxis(m_time);
    m_mem->attachAxis(m_memAxis);
    m_procs->attachAxis(m_time);
    m_procs->attachAxis(m_procAxis);
    setChart(chart);

    m_redraw.setInterval(std::max(100, redrawMs));
    connect(&m_redraw, &QTimer::timeout, this, [this] {
        if (isVisible()) // hidden (tray, other tab): points pile up and are drawn once when shown
            redraw();
    });
    m_redraw.start();
    addRecords(reports.recent(ReportKind::Resources));
    connect(&reports, &Reports::recordsArrived, this, [this](ReportKind kind, const QList<ReportRecord>& records, bool) {
        if (kind == ReportKind::Resources)
            addRecords(records);
    });
    redraw();
}

void ResourceTrendChart::addRecords(const QList<ReportRecord>& records)
{
    for (const ReportRecord& r : records)
        if (r.ok())
            addSnapshot(ResourceSnapshot::fromJson(r.object));
}

void ResourceTrendChart::addSnapshot(const ResourceSnapshot& s)
{
    if (!s.timestamp.isValid())
        return;
    const double x = static_cast<double>(s.timestamp.toMSecsSinceEpoch());
    m_memPoints.append({x, s.memUsedPct});
    m_procPoints.append({x, static_cast<double>(s.processCount)});
    if (m_memPoints.size() > m_maxPoints * 2) {
        m_memPoints.remove(0, m_memPoints.size() - m_maxPoints);
        m_procPoints.remove(0, m_procPoints.size() - m_maxPoints);
    }
    m_dirty = true;
}

QSize ResourceTrendChart::minimumSizeHint() const
{
    const QFontMetrics title(chart()->titleFont()), axisTitle(m_memAxis->titleFont()), labels(m_time->labelsFont());
    const int longest = std::max(axisTitle.horizontalAdvance(m_memAxis->titleText()), axisTitle.horizontalAdvance(m_procAxis->titleText()));
    // Plot: the longer title plus a label's height at each end; around it the chart's title,
    // the time labels and the margins of the view, the chart and the plot.
    const int height = title.height() + 2 * labels.height() + longest + labels.height() + 48;
    return {std::max(360, 4 * labels.horizontalAdvance(QStringLiteral("00:00:00 "))), height};
}

void ResourceTrendChart::showEvent(QShowEvent* event)
{
    QChartView::showEvent(event);
    redraw();
}

int ResourceTrendChart::pointCount() const
{
    return static_cast<int>(m_mem->count());
}

void ResourceTrendChart::redraw()
{
    if (!m_dirty)
        return;
    m_dirty = false;
    auto byX = [](const QPointF& a, const QPointF& b) { return a.x() < b.x(); };
    std::stable_sort(m_memPoints.begin(), m_memPoints.end(), byX);
    std::stable_sort(m_procPoints.begin(), m_procPoints.end(), byX);
    if (m_memPoints.size() > m_maxPoints) {
        m_memPoints.remove(0, m_memPoints.size() - m_maxPoints);
        m_procPoints.remove(0, m_procPoints.size() - m_maxPoints);
    }
    m_mem->replace(m_memPoints);
    m_procs->replace(m_procPoints);
    if (m_memPoints.isEmpty())
        return;
    const qint64 first = static_cast<qint64>(m_memPoints.first().x());
    qint64 last = static_cast<qint64>(m_memPoints.last().x());
    if (last <= first)
        last = first + 60000;
    m_time->setRange(QDateTime::fromMSecsSinceEpoch(first), QDateTime::fromMSecsSinceEpoch(last));
    m_time->setFormat(last - first > 86400000 ? QStringLiteral("MM-dd HH:mm") : QStringLiteral("HH:mm:ss"));
    double maxProcs = 1;
    for (const QPointF& p : std::as_const(m_procPoints))
        maxProcs = std::max(maxProcs, p.y());
    m_procAxis->setRange(0, std::ceil(maxProcs * 1.2));
}
