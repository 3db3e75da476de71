#include "Redaction.h"

#include <QMutex>
#include <QRegularExpression>
#include <QSet>

namespace {
QMutex& secretsMutex()
{
    static QMutex m;
    return m;
}
QSet<QString>& secrets()
{
    static QSet<QString> s;
    return s;
}
// Every pattern of redact() needs one of these: most text (report fields) holds none.
bool mayHoldPattern(const QString& text)
{
    return text.contains(QLatin1Char('=')) || text.contains(QLatin1String("sk-")) || text.contains(QLatin1String("gh"))
           || text.contains(QLatin1String("github_pat_")) || text.contains(QLatin1String("bearer"), Qt::CaseInsensitive);
}

} // namespace

namespace Redaction {

bool isSecretKey(const QString& key)
{
    const QString k = key.toUpper();
    return k.contains(QLatin1String("TOKEN")) || k.contains(QLatin1String("SECRET")) || k.contains(QLatin1String("PASSWORD"))
           || k.contains(QLatin1String("API_KEY"));
}

QString mask(const QString& value)
{
    return value.isEmpty() ? QString() : QString::fromLatin1(kMask);
}

void registerSecretValue(const QString& value)
{
    // Flags like SECRET_SCAN_STRICT=true name a secret-ish key but hold no secret.
    if (value.size() < 4 || value == QLatin1String("true") || value == QLatin1String("false"))
        return;
    QMutexLocker lock(&secretsMutex());
    secrets().insert(value);
}

QString redact(const QString& text)
{
    QString out = text;
    {
        QMutexLocker lock(&secretsMutex());
        for (const QString& s : std::as_const(secrets()))
            out.replace(s, QLatin1String(kMask));
    }
    if (!mayHoldPattern(out))
        return out;
    static const QRegularExpression pair(
        QStringLiteral(R"(\b([A-Za-z0-9_]*(?:TOKEN|SECRET|PASSWORD|API_KEY)[A-Za-z0-9_]*)=("[^"]*"|'[^']*'|\S+?(?=[,;]?(?:\s|$))))"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(pair, QStringLiteral("\\1=") + QLatin1String(kMask));
    static const QRegularExpression shapes(QStringLiteral(R"(\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,}|sk-[A-Za-z0-9_-]{20,})\b)"));
    out.replace(shapes, QLatin1String(kMask));
    static const QRegularExpression bearer(QStringLiteral(R"((Bearer\s+)\S+)"), QRegularExpression::CaseInsensitiveOption);
    out.replace(bearer, QStringLiteral("\\1") + QLatin1String(kMask));
    return out;
}

std::string redact(const std::string& text)
{
    return redact(QString::fromStdString(text)).toStdString();
}

} // namespace Redaction
