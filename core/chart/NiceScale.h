#pragma once

#include <QString>

/// A value axis from 0 with "nice" ticks: steps of 1, 2 or 5 × 10ⁿ, the top a whole number of
/// steps at or above the data, and the digits the labels need.
struct NiceScale {
    double max = 1;   ///< top of the axis, a multiple of step
    double step = 1;  ///< tick spacing
    int ticks = 2;    ///< tick count, 0 and max included
    int decimals = 0; ///< digits after the point a label needs

    /// The smallest 1, 2 or 5 × 10ⁿ at or above \a rough (> 0).
    static double niceStep(double rough);
    /// The scale for values in [0, \a dataMax] with at most \a maxIntervals intervals and steps of
    /// at least \a minStep (1 for counts: no "0.2 processes"). No data (≤ 0) gives one step.
    static NiceScale forMax(double dataMax, int maxIntervals = 5, double minStep = 0);
    /// The tick values' label, e.g. "2.5 MiB/s" (no "2.50", no "3.59e+03").
    QString label(int tick, const QString& unit) const;
};

/// A binary unit for byte values: divide by divisor, show name ("MiB", "KiB/s").
struct ByteUnit {
    double divisor = 1;
    QString name;
    /// B, KiB, MiB, GiB or TiB so that \a maxBytes reads below 1024 of it; \a per is appended ("/s").
    static ByteUnit forMax(double maxBytes, const QString& per = {});
};

/// A wall-clock tick interval for a time window: 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10, 15, 30 min,
/// 1, 2, 6, 12 h, at most \a maxIntervals of them in \a windowMs.
qint64 niceTimeStepMs(qint64 windowMs, int maxIntervals = 6);
