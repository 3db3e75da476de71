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
// What each pattern of redact() needs before it can match ('=' and a secret word, '_' or '-' and
// a token prefix, "bearer"): most text (report fields) has none, and one pass over it says so.
bool mayHoldPattern(const QString& text)
{
    bool eq = false, underscore = false, dash = false, b = false;
    for (const QChar c : text) {
        eq |= c == QLatin1Char('=');
        underscore |= c == QLatin1Char('_');
        dash |= c == QLatin1Char('-');
        b |= c == QLatin1Char('b') || c == QLatin1Char('B');
    }
    const auto has = [&text](const char* what, Qt::CaseSensitivity cs = Qt::CaseSensitive) { return text.contains(QLatin1String(what), cs); };
    if (eq
        && (has("token", Qt::CaseInsensitive) || has("secret", Qt::CaseInsensitive) || has("password", Qt::CaseInsensitive)
            || has("api_key", Qt::CaseInsensitive)))
        return true;
    if (underscore && (has("ghp_") || has("gho_") || has("ghu_") || has("ghs_") || has("ghr_") || has("github_pat_")))
        return true;
    return (dash && has("sk-")) || (b && has("bearer", Qt::CaseInsensitive));
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
