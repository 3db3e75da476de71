#include "TextTable.h"

namespace TextTable {
QString format(const QStringList& header, const QList<QStringList>& rows)
{
    QList<qsizetype> widths(header.size(), 0);
    const auto measure = [&widths](const QStringList& cells) {
        for (qsizetype i = 0; i < cells.size() && i < widths.size(); ++i)
            widths[i] = qMax(widths[i], cells[i].size());
    };
    measure(header);
    for (const QStringList& r : rows)
        measure(r);
    QString out;
    const auto line = [&](const QStringList& cells) {
        QString l;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = i < cells.size() ? cells[i] : QString();
            l += i + 1 < widths.size() ? cell.leftJustified(widths[i] + 2, QLatin1Char(' ')) : cell;
        }
        while (l.endsWith(QLatin1Char(' ')))
            l.chop(1);
        out += l + QLatin1Char('\n');
    };
    line(header);
    for (const QStringList& r : rows)
        line(r);
    return out;
}
} // namespace TextTable
