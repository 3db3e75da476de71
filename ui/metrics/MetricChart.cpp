#include "MetricChart.h"

#include <QDateTime>
#include <QDateTimeAxis>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>

#include <algorithm>

MetricChart::MetricChart(const QString& title, const QString& unit, QWidget* parent)
    : QChartView(parent)
    , m_unit(unit)
    , m_x(new QDateTimeAxis)
    , m_y(new QValueAxis)
{
    auto* chart = new QChart;
    chart->setTitle(QStringLiteral("%1 (%2)").arg(title, unit));
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    m_x->setFormat(QStringLiteral("HH:mm:ss"));
    m_x->setTickCount(5);
    m_y->setLabelFormat(QStringLiteral("%.3g"));
    m_y->setRange(0, 1);
    chart->addAxis(m_x, Qt::AlignBottom);
    chart->addAxis(m_y, Qt::AlignLeft);
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
}

void MetricChart::setSeriesData(const QString& name, const QList<QPointF>& points, const QString& label)
{
    QLineSeries* s = m_series.value(name);
    if (!s) {
        s = new QLineSeries;
        s->setName(label.isEmpty() ? name : label);
        chart()->addSeries(s);
        s->attachAxis(m_x);
        s->attachAxis(m_y);
        connect(s, &QLineSeries::hovered, this, [this, name](const QPointF& p, bool state) {
            if (!state)
                return;
            QToolTip::showText(QCursor::pos(), QStringLiteral("%1\n%2: %3 %4")
                                                   .arg(QDateTime::fromMSecsSinceEpoch(qint64(p.x())).toString(QStringLiteral("HH:mm:ss")), name)
                                                   .arg(p.y(), 0, 'f', 2)
                                                   .arg(m_unit),
                               this);
        });
        m_series.insert(name, s);
    }
    s->replace(points);
}

void MetricChart::retainSeries(const QStringList& keep)
{
    for (auto it = m_series.begin(); it != m_series.end();) {
        if (keep.contains(it.key())) {
            ++it;
            continue;
        }
        chart()->removeSeries(it.value());
        delete it.value();
        it = m_series.erase(it);
    }
}

void MetricChart::setRange(qint64 fromMsecs, qint64 toMsecs)
{
    m_x->setRange(QDateTime::fromMSecsSinceEpoch(fromMsecs), QDateTime::fromMSecsSinceEpoch(toMsecs));
    double maxY = 0;
    for (QLineSeries* s : std::as_const(m_series)) {
        const auto pts = s->points();
        for (const QPointF& p : pts)
            maxY = std::max(maxY, p.y());
    }
    m_y->setRange(0, maxY > 0 ? maxY * 1.15 : 1);
}

QString MetricChart::seriesLabel(const QString& name) const
{
    QLineSeries* s = m_series.value(name);
    return s ? s->name() : QString();
}

int MetricChart::pointCount(const QString& name) const
{
    QLineSeries* s = m_series.value(name);
    return s ? int(s->count()) : 0;
}
