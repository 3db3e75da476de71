#include "core/chart/SampleRuns.h"

QList<QList<QPointF>> splitAtGaps(const QList<QPointF>& points, double maxGapMs)
{
    QList<QList<QPointF>> runs;
    for (qsizetype i = 0; i < points.size(); ++i) {
        if (runs.isEmpty() || points[i].x() - points[i - 1].x() > maxGapMs)
            runs.append(QList<QPointF>());
        runs.last().append(points[i]);
    }
    return runs;
}
