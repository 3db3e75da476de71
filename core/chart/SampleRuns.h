#pragma once

#include <QList>
#include <QPointF>

/// Splits points (x = ms since the epoch, ascending) into runs wherever two neighbours lie more
/// than \a maxGapMs apart: a chart draws each run as its own line, so an outage (no samples)
/// shows as a gap, never as a straight line across it.
QList<QList<QPointF>> splitAtGaps(const QList<QPointF>& points, double maxGapMs);
