#include "core/allowlist/EntryRules.h"

#include <algorithm>

namespace {
bool isAptChar(QChar c, bool first)
{
    const char16_t u = c.unicode();
    if ((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9'))
        return true;
    return !first && (u == '+' || u == '.' || u == '_' || u == '-');
}

QString aptError(const QString& e)
{
    if (e.isEmpty())
        return QStringLiteral("empty entry");
    if (e.size() > EntryRules::kMaxEntryLength)
        return QStringLiteral("longer than %1 characters").arg(EntryRules::kMaxEntryLength);
    for (qsizetype i = 0; i < e.size(); ++i) {
        const QChar c = e.at(i);
        if (isAptChar(c, i == 0))
            continue;
        const QString what = c.unicode() > 0x7f ? QStringLiteral("non-ASCII character U+%1 (a look-alike?)")
                                                      .arg(QString::number(c.unicode(), 16).rightJustified(4, QLatin1Char('0')).toUpper())
                             : c.isSpace() || c.unicode() < 0x20          ? QStringLiteral("whitespace or control character")
                             : (c.unicode() >= 'A' && c.unicode() <= 'Z') ? QStringLiteral("uppercase letter '%1'").arg(c)
                                                                          : QStringLiteral("character '%1'").arg(c);
        return QStringLiteral("%1 at position %2; a package name matches ^[a-z0-9][a-z0-9+._-]*$").arg(what).arg(i + 1);
    }
    return {};
}

QString portSyntaxError(const QString& e)
{
    if (e.isEmpty())
        return QStringLiteral("empty entry");
    if (e.size() > 5 + 10)
        return QStringLiteral("not a port number (too long)");
    for (qsizetype i = 0; i < e.size(); ++i) {
        const char16_t u = e.at(i).unicode();
        if (u < '0' || u > '9')
            return QStringLiteral("not digits only (%1 at position %2)")
                .arg(QChar(u).isSpace() || u < 0x20 ? QStringLiteral("whitespace or control character")
                                                    : QStringLiteral("'%1'").arg(EntryRules::display(QString(QChar(u)))))
                .arg(i + 1);
    }
    if (e.size() > 1 && e.startsWith(QLatin1Char('0')))
        return QStringLiteral("leading zero; write the port as %1").arg(e.toULongLong() > 0 ? QString::number(e.toULongLong()) : QStringLiteral("a number"));
    if (e.size() > 5)
        return QStringLiteral("not a port number (more than 5 digits)");
    return {};
}

QString portRange(const QString& e)
{
    const int p = e.toInt();
    if (p < 1024)
        return QStringLiteral("port %1 is below 1024 (privileged ports are refused)").arg(p);
    if (p > 65535)
        return QStringLiteral("port %1 is above 65535").arg(p);
    return {};
}
} // namespace

QString EntryRules::newEntryError(AllowlistKind kind, const QString& entry)
{
    if (kind == AllowlistKind::Apt)
        return aptError(entry);
    const QString syntax = portSyntaxError(entry);
    return syntax.isEmpty() ? portRange(entry) : syntax;
}

QString EntryRules::existingEntryError(AllowlistKind kind, const QString& entry)
{
    return kind == AllowlistKind::Apt ? aptError(entry) : portSyntaxError(entry);
}

QString EntryRules::outOfRangeWarning(AllowlistKind kind, const QString& entry)
{
    if (kind != AllowlistKind::Port || !portSyntaxError(entry).isEmpty())
        return {};
    return portRange(entry);
}

bool EntryRules::lessThan(AllowlistKind kind, const QString& a, const QString& b)
{
    if (kind == AllowlistKind::Port) {
        const qulonglong x = a.toULongLong(), y = b.toULongLong();
        if (x != y)
            return x < y;
    }
    return a.toUtf8() < b.toUtf8();
}

void EntryRules::sortEntries(AllowlistKind kind, QStringList* entries)
{
    std::sort(entries->begin(), entries->end(), [kind](const QString& a, const QString& b) { return lessThan(kind, a, b); });
    entries->erase(std::unique(entries->begin(), entries->end()), entries->end());
}

QString EntryRules::display(const QString& entry)
{
    QString out;
    for (const QChar c : entry) {
        const char16_t u = c.unicode();
        if (u == '\n')
            out += QStringLiteral("\\n");
        else if (u == '\r')
            out += QStringLiteral("\\r");
        else if (u == '\t')
            out += QStringLiteral("\\t");
        else if (u == '\\')
            out += QStringLiteral("\\\\");
        else if (u < 0x20 || u == 0x7f)
            out += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        else if (u > 0x7e)
            out += QStringLiteral("\\u%1").arg(u, 4, 16, QLatin1Char('0'));
        else
            out += c;
        if (out.size() > 80)
            return out.left(80) + QStringLiteral("...");
    }
    return out;
}
