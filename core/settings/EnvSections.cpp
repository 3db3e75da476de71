#include "EnvSections.h"

#include "core/logging/Redaction.h"

#include <QRegularExpression>
#include <QSet>

QList<EnvSection> envSections(const EnvFile& env)
{
    static const QRegularExpression heading(QStringLiteral("^\\s*#\\s*-{2,}\\s*(.*?)\\s*-{2,}\\s*$"));
    QList<EnvSection> out{{QStringLiteral("General"), {}}};
    QSet<QString> seen;
    for (const EnvLine& line : env.lines()) {
        if (line.kind == EnvLine::Kind::Comment) {
            const auto m = heading.match(QString::fromUtf8(line.text));
            if (m.hasMatch() && !m.captured(1).isEmpty())
                out.append({m.captured(1), {}});
        } else if (line.kind == EnvLine::Kind::Assignment && !seen.contains(line.key)) {
            seen.insert(line.key);
            out.last().keys.append(line.key);
        }
    }
    out.erase(std::remove_if(out.begin(), out.end(), [](const EnvSection& s) { return s.keys.isEmpty(); }), out.end());
    return out;
}

QStringList envLineDiff(const QByteArray& before, const QByteArray& after)
{
    const QList<QByteArray> a = before.split('\n');
    const QList<QByteArray> b = after.split('\n');
    qsizetype head = 0;
    while (head < a.size() && head < b.size() && a[head] == b[head])
        ++head;
    qsizetype tail = 0;
    while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail])
        ++tail;
    QStringList out;
    auto shown = [](const QByteArray& line) {
        const EnvFile one = EnvFile::parse(line);
        const EnvLine& l = one.lines().empty() ? EnvLine() : one.lines().front();
        if (l.kind == EnvLine::Kind::Assignment && Redaction::isSecretKey(l.key) && !l.value.isEmpty())
            return l.key + QStringLiteral("=") + QString::fromLatin1(Redaction::kMask);
        return Redaction::redact(QString::fromUtf8(line));
    };
    for (qsizetype i = head; i < a.size() - tail; ++i)
        out.append(QStringLiteral("-") + shown(a[i]));
    for (qsizetype i = head; i < b.size() - tail; ++i)
        out.append(QStringLiteral("+") + shown(b[i]));
    return out;
}
