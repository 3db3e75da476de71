#include "core/text/VisibleText.h"

namespace {
bool isHidden(char32_t u)
{
    return u < 0x20 || (u >= 0x7f && u <= 0x9f) || u == 0x2028 || u == 0x2029 || (u >= 0x202a && u <= 0x202e) || (u >= 0x2066 && u <= 0x2069) || u == 0x200e
           || u == 0x200f || u == 0x061c || u == 0xfeff;
}
} // namespace

bool VisibleText::needsEscape(const QString& text)
{
    for (const QChar c : text)
        if (isHidden(c.unicode()))
            return true;
    return false;
}

QString VisibleText::escape(const QString& text)
{
    if (!needsEscape(text))
        return text;
    QString out;
    out.reserve(text.size() + 16);
    for (const QChar c : text) {
        const char16_t u = c.unicode(); // every hidden character is in the BMP
        if (!isHidden(u))
            out += c;
        else if (u < 0x100)
            out += QStringLiteral("\\x%1").arg(uint(u), 2, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\u{%1}").arg(uint(u), 4, 16, QLatin1Char('0'));
    }
    return out;
}

QString VisibleText::json(const QString& serialised)
{
    if (!needsEscape(serialised))
        return serialised;
    QString out;
    out.reserve(serialised.size() + 16);
    for (const QChar c : serialised) {
        // Serialised strings hold no raw tab or line break: those are whitespace between values;
        // every other hidden character is inside a string.
        const bool space = c == QLatin1Char('\n') || c == QLatin1Char('\t') || c == QLatin1Char('\r');
        if (isHidden(c.unicode()) && !space)
            out += QStringLiteral("\\u%1").arg(uint(c.unicode()), 4, 16, QLatin1Char('0'));
        else
            out += c;
    }
    return out;
}
