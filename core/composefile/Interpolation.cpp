#include "core/composefile/Interpolation.h"

namespace {
bool isNameChar(QChar c, bool first)
{
    const char16_t u = c.unicode();
    return (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || u == '_' || (!first && u >= '0' && u <= '9');
}
} // namespace

bool Interpolation::expand(const QString& text, const QHash<QString, QString>& values, QString* out, QString* error)
{
    QString result;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != QLatin1Char('$') || i + 1 >= text.size()) {
            result += c;
            continue;
        }
        const QChar next = text.at(i + 1);
        if (next == QLatin1Char('$')) {
            result += QLatin1Char('$');
            ++i;
            continue;
        }
        if (isNameChar(next, true)) {
            qsizetype j = i + 1;
            while (j < text.size() && isNameChar(text.at(j), false))
                ++j;
            result += values.value(text.mid(i + 1, j - i - 1));
            i = j - 1;
            continue;
        }
        if (next != QLatin1Char('{')) {
            result += c;
            continue;
        }
        // ${...}: find the matching brace (defaults may hold nested ${...}).
        qsizetype depth = 0, j = i + 1;
        for (; j < text.size(); ++j) {
            if (text.at(j) == QLatin1Char('{'))
                ++depth;
            else if (text.at(j) == QLatin1Char('}') && --depth == 0)
                break;
        }
        if (j >= text.size()) {
            if (error)
                *error = QStringLiteral("unterminated ${ in '%1'").arg(text.left(80));
            return false;
        }
        const QString body = text.mid(i + 2, j - i - 2);
        qsizetype k = 0;
        while (k < body.size() && isNameChar(body.at(k), k == 0))
            ++k;
        const QString name = body.left(k);
        const QString op = body.mid(k);
        const bool set = values.contains(name);
        const QString value = values.value(name);
        if (op.isEmpty()) {
            result += value;
        } else if (op.startsWith(QLatin1String(":-")) || op.startsWith(QLatin1Char('-'))) {
            const bool colon = op.startsWith(QLatin1Char(':'));
            const bool useDefault = colon ? value.isEmpty() : !set;
            if (useDefault) {
                QString def;
                if (!expand(op.mid(colon ? 2 : 1), values, &def, error))
                    return false;
                result += def;
            } else {
                result += value;
            }
        } else if (op.startsWith(QLatin1String(":?")) || op.startsWith(QLatin1Char('?')) || op.startsWith(QLatin1String(":+"))
                   || op.startsWith(QLatin1Char('+'))) {
            const bool plus = op.contains(QLatin1Char('+')) && !op.contains(QLatin1Char('?'));
            if (plus) {
                const bool colon = op.startsWith(QLatin1Char(':'));
                const bool useAlt = colon ? !value.isEmpty() : set;
                if (useAlt) {
                    QString alt;
                    if (!expand(op.mid(colon ? 2 : 1), values, &alt, error))
                        return false;
                    result += alt;
                }
            } else {
                result += value;
            }
        } else {
            if (error)
                *error = QStringLiteral("unsupported substitution '${%1}'").arg(body.left(80));
            return false;
        }
        i = j;
    }
    *out = result;
    return true;
}
