#include "AllowlistFormat.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

namespace {
constexpr qint64 kMaxBytes = 4 * 1024 * 1024;

/// Entry lines (not comments, not empty) with their 1-based numbers; nullopt when the file is absent.
std::optional<QList<std::pair<int, QByteArray>>> entries(const QString& path)
{
    QFile f(path);
    if (!f.exists() || !f.open(QIODevice::ReadOnly))
        return std::nullopt;
    QList<QByteArray> lines = f.read(kMaxBytes).split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast(); // the final newline ends the last line
    QList<std::pair<int, QByteArray>> out;
    for (int i = 0; i < lines.size(); ++i)
        if (!lines[i].isEmpty() && !lines[i].startsWith('#'))
            out.append({i + 1, lines[i]});
    return out;
}

/// Compares two digit strings numerically.
int compareNumbers(QByteArray a, QByteArray b)
{
    while (a.size() > 1 && a.startsWith('0'))
        a.remove(0, 1);
    while (b.size() > 1 && b.startsWith('0'))
        b.remove(0, 1);
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    return a < b ? -1 : (a == b ? 0 : 1);
}

void checkFile(const QString& root, const QString& rel, const QRegularExpression& entryRe, bool numeric, Findings& out)
{
    const auto list = entries(QDir(root).filePath(rel));
    if (!list)
        return;
    bool valid = true;
    for (const auto& [number, entry] : *list) {
        if (!entryRe.match(QString::fromUtf8(entry)).hasMatch()) {
            out.append({Finding::Severity::Error, rel,
                        QStringLiteral("line %1: '%2' is not a valid entry").arg(number).arg(QString::fromUtf8(entry).trimmed())});
            valid = false;
        }
    }
    if (!valid)
        return;
    for (qsizetype i = 1; i < list->size(); ++i) {
        const QByteArray& prev = list->at(i - 1).second;
        const QByteArray& cur = list->at(i).second;
        if ((numeric ? compareNumbers(prev, cur) : (prev < cur ? -1 : (prev == cur ? 0 : 1))) >= 0) {
            out.append({Finding::Severity::Error, rel,
                        QStringLiteral("must be %1 without duplicates: line %2 '%3' after '%4'")
                            .arg(numeric ? QStringLiteral("numerically sorted") : QStringLiteral("sorted in byte order"))
                            .arg(list->at(i).first)
                            .arg(QString::fromUtf8(cur), QString::fromUtf8(prev))});
            return;
        }
    }
}
} // namespace

Findings AllowlistFormat::check(const QString& checkoutRoot)
{
    static const QRegularExpression apt(QStringLiteral("^[a-z0-9][a-z0-9+._-]*$"));
    static const QRegularExpression port(QStringLiteral("^[0-9]+$"));
    Findings out;
    checkFile(checkoutRoot, QStringLiteral("config/apt-package-allowlist.txt"), apt, false, out);
    checkFile(checkoutRoot, QStringLiteral("config/port-allowlist.txt"), port, true, out);
    return out;
}
