#include "MetricChart.h"

#include "core/chart/NiceScale.h"
#include "core/chart/SampleRuns.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

MetricChart::MetricChart(const QString& title, Unit unit, QWidget* parent)
    : QChartView(parent)
    , m_unit(unit)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setTitleText(tr("Time (local)"));
    m_x->setFormat(QStringLiteral("HH:mm"));
    m_y->setRange(0, 1);
    m_y->setTickCount(2);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(200);
}

QLineSeries* MetricChart::addRun(const QString& name, Line& line)
{
    auto* s = new QLineSeries;
    s->setName(line.label);
    chart()->addSeries(s);
    s->attachAxis(m_x);
    s->attachAxis(m_y);
    if (!line.runs.isEmpty()) {
        // A continuation after a gap: the first run's colour, no legend entry of its own.
        s->setPen(line.runs.first()->pen());
        for (QLegendMarker* m : chart()->legend()->markers(s))
            m->setVisible(false);
    }
    connect(s, &QLineSeries::hovered, this, [this, name](const QPointF& p, bool state) {
        if (!state)
            return;
        QToolTip::showText(QCursor::pos(),
                           QStringLiteral("%1\n%2: %3 %4")
                               .arg(QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString(QStringLiteral("HH:mm:ss")), name)
                               .arg(p.y(), 0, 'f', 2)
                               .arg(m_unitName),
                           this);
    });
    line.runs.append(s);
    return s;
}

void MetricChart::setSeriesData(const QString& name, const QList<QPointF>& points, const QString& label)
{
    auto it = m_lines.find(name);
    if (it == m_lines.end()) {
        it = m_lines.insert(name, Line{label.isEmpty() ? name : label, {}, {}});
        addRun(name, *it);
    }
    it->raw = points;
}

void MetricChart::retainSeries(const QStringList& keep)
{
    for (auto it = m_lines.begin(); it != m_lines.end();) {
        if (keep.contains(it.key())) {
            ++it;
            continue;
        }
        for (QLineSeries* s : std::as_const(it->runs)) {
            chart()->removeSeries(s);
            delete s;
        }
        it = m_lines.erase(it);
    }
}

void MetricChart::draw(const QString& name, Line& line, double divisor)
{
    QList<QList<QPointF>> runs = splitAtGaps(line.raw, kMaxGapMs);
    if (runs.isEmpty())
        runs.append(QList<QPointF>());
    while (line.runs.size() < runs.size())
        addRun(name, line);
    while (line.runs.size() > runs.size()) {
        QLineSeries* s = line.runs.takeLast();
        chart()->removeSeries(s);
        delete s;
    }
    for (qsizetype i = 0; i < runs.size(); ++i) {
        for (QPointF& p : runs[i])
            p.setY(p.y() / divisor);
        line.runs[i]->replace(runs[i]);
    }
}

void MetricChart::setRange(qint64 fromMsecs, qint64 toMsecs)
{
    // Time: ticks on whole wall-clock steps (…:00, …:30), the range widened to the next ones.
    const qint64 step = niceTimeStepMs(toMsecs - fromMsecs);
    const qint64 start = (fromMsecs / step) * step;
    const qint64 end = ((toMsecs + step - 1) / step) * step;
    m_x->setFormat(step < 60000 ? QStringLiteral("HH:mm:ss") : QStringLiteral("HH:mm"));
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(start), QDateTime::fromMSecsSinceEpoch(end));
    m_x->setTickCount(int((end - start) / step) + 1);

    double maxY = 0;
    for (const Line& l : std::as_const(m_lines))
        for (const QPointF& p : l.raw)
            if (std::isfinite(p.y()))
                maxY = std::max(maxY, p.y());
    double divisor = 1;
    switch (m_unit) {
    case Unit::Percent: m_unitName = QStringLiteral("%"); break;
    case Unit::Pids: m_unitName = tr("PIDs"); break;
    case Unit::Bytes:
    case Unit::BytesPerSecond: {
        const ByteUnit u = ByteUnit::forMax(maxY, m_unit == Unit::BytesPerSecond ? QStringLiteral("/s") : QString());
        divisor = u.divisor;
        m_unitName = u.name;
        break;
    }
    }
    const NiceScale scale = NiceScale::forMax(maxY / divisor, 5, m_unit == Unit::Pids ? 1 : 0);
    m_y->setRange(0, scale.max);
    m_y->setTickCount(scale.ticks);
    // The axis formats labels with printf: '%' of the unit doubled.
    m_y->setLabelFormat(QStringLiteral("%.%1f %2").arg(scale.decimals).arg(QString(m_unitName).replace(QLatin1Char('%'), QStringLiteral("%%"))));
    for (auto it = m_lines.begin(); it != m_lines.end(); ++it)
        draw(it.key(), it.value(), divisor);
}

QString MetricChart::seriesLabel(const QString& name) const
{
    return m_lines.contains(name) ? m_lines.value(name).label : QString();
}

int MetricChart::pointCount(const QString& name) const
{
    return int(m_lines.value(name).raw.size());
}

int MetricChart::segmentCount(const QString& name) const
{
    int n = 0;
    for (const QLineSeries* s : m_lines.value(name).runs)
        n += s->count() > 0 ? 1 : 0;
    return n;
}

QStringList MetricChart::yTickLabels() const
{
    QStringList labels;
    const QByteArray format = m_y->labelFormat().toLatin1();
    for (int i = 0; i < m_y->tickCount(); ++i)
        labels << QString::asprintf(format.constData(), m_y->min() + (m_y->max() - m_y->min()) * i / (m_y->tickCount() - 1));
    return labels;
}

QString MetricChart::timeAxisTitle() const
{
    return m_x->titleText();
}

QList<qint64> MetricChart::timeTicks() const
{
    QList<qint64> ticks;
    const qint64 from = m_x->min().toMSecsSinceEpoch(), to = m_x->max().toMSecsSinceEpoch();
    for (int i = 0; i < m_x->tickCount(); ++i)
        ticks << from + (to - from) * i / (m_x->tickCount() - 1);
    return ticks;
}
