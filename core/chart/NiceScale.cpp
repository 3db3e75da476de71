#include "core/chart/NiceScale.h"

#include <QtMath>

#include <cmath>

double NiceScale::niceStep(double rough)
{
    if (!(rough > 0) || !std::isfinite(rough))
        return 1;
    const int exponent = int(std::floor(std::log10(rough)));
    // Exact decimal powers: 10^-n as a division keeps 0.1, 0.2, 0.5 exact enough to print.
    const double power = exponent >= 0 ? std::pow(10.0, exponent) : 1.0 / std::pow(10.0, -exponent);
    const double fraction = rough / power;
    const double nice = fraction <= 1.0 + 1e-9 ? 1 : fraction <= 2.0 + 1e-9 ? 2 : fraction <= 5.0 + 1e-9 ? 5 : 10;
    return exponent >= 0 ? nice * power : nice / std::pow(10.0, -exponent);
}

NiceScale NiceScale::forMax(double dataMax, int maxIntervals, double minStep)
{
    NiceScale s;
    maxIntervals = qMax(1, maxIntervals);
    const double top = (dataMax > 0 && std::isfinite(dataMax)) ? dataMax : 0;
    s.step = niceStep(qMax(top / maxIntervals, minStep > 0 ? minStep : 1e-12));
    if (top == 0 && minStep <= 0)
        s.step = 1;
    const int intervals = qMax(1, int(std::ceil(top / s.step - 1e-9)));
    s.max = intervals * s.step;
    s.ticks = intervals + 1;
    s.decimals = qMax(0, -int(std::floor(std::log10(s.step) + 1e-9)));
    return s;
}

QString NiceScale::label(int tick, const QString& unit) const
{
    const QString value = QString::number(tick * step, 'f', decimals);
    return unit.isEmpty() ? value : value + QLatin1Char(' ') + unit;
}

ByteUnit ByteUnit::forMax(double maxBytes, const QString& per)
{
    static const char* const names[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    int i = 0;
    double divisor = 1;
    while (i < 4 && maxBytes >= divisor * 1024) {
        divisor *= 1024;
        ++i;
    }
    return {divisor, QString::fromLatin1(names[i]) + per};
}

qint64 niceTimeStepMs(qint64 windowMs, int maxIntervals)
{
    static const qint64 steps[] = {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200};
    for (const qint64 s : steps)
        if (s * 1000 * qMax(1, maxIntervals) >= windowMs)
            return s * 1000;
    return 86400 * 1000;
}
