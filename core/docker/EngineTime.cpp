#include "EngineTime.h"

#include <QFileInfo>

namespace EngineTime {

QDateTime atPrecision(const QDateTime& t)
{
    return t.isValid() ? QDateTime::fromMSecsSinceEpoch(t.toMSecsSinceEpoch(), Qt::UTC) : QDateTime();
}

QDateTime parse(const QString& text)
{
    if (text.isEmpty() || text.startsWith(QLatin1String("0001-")))
        return {};
    // Qt reads at most milliseconds: keep three digits of the fraction (cut, not rounded).
    QString t = text.trimmed();
    const qsizetype dot = t.indexOf(QLatin1Char('.'), t.indexOf(QLatin1Char('T')));
    if (dot > 0) {
        qsizetype end = dot + 1;
        while (end < t.size() && t.at(end).isDigit())
            ++end;
        QString fraction = t.mid(dot + 1, end - dot - 1).left(3);
        fraction = fraction.leftJustified(3, QLatin1Char('0'));
        t = t.left(dot + 1) + fraction + t.mid(end);
    }
    QDateTime parsed = QDateTime::fromString(t, Qt::ISODateWithMs);
    if (!parsed.isValid())
        parsed = QDateTime::fromString(t, Qt::ISODate);
    return atPrecision(parsed);
}

QDateTime parse(const QJsonValue& value)
{
    if (value.isDouble())
        return value.toDouble() > 0 ? QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC) : QDateTime();
    return parse(value.toString());
}

QDateTime fromNanos(qint64 nanos)
{
    return nanos > 0 ? QDateTime::fromMSecsSinceEpoch(nanos / 1000000, Qt::UTC) : QDateTime();
}

QDateTime fileModified(const QString& path)
{
    const QFileInfo info(path);
    return info.exists() ? atPrecision(info.lastModified()) : QDateTime();
}

bool isWholeSeconds(const QJsonValue& value)
{
    return value.isDouble();
}

bool isAfter(const QDateTime& later, const QDateTime& earlier)
{
    return later.isValid() && earlier.isValid() && atPrecision(later).toMSecsSinceEpoch() > atPrecision(earlier).toMSecsSinceEpoch();
}

} // namespace EngineTime
