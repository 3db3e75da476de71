#pragma once
// Line-level comparison of file contents, for "exactly one line changed" assertions.
#include <QByteArray>
#include <QList>

/// How many lines (split at \n) of \a a differ from \a b; -1 when the line counts differ.
inline int changedLines(const QByteArray& a, const QByteArray& b)
{
    const auto la = a.split('\n'), lb = b.split('\n');
    if (la.size() != lb.size())
        return -1;
    int n = 0;
    for (qsizetype i = 0; i < la.size(); ++i)
        n += la[i] != lb[i];
    return n;
}
