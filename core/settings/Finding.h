#pragma once

#include <QList>
#include <QString>

/// One validation result for a `.env` key.
struct Finding {
    enum class Severity { Error, Warning };
    Severity severity = Severity::Error;
    QString key;
    QString message;

    bool isError() const { return severity == Severity::Error; }
    /// "error" or "warning".
    QString severityName() const { return isError() ? QStringLiteral("error") : QStringLiteral("warning"); }
    /// "KEY: message" (for callers that say the level themselves).
    QString text() const { return QStringLiteral("%1: %2").arg(key, message); }
    /// "error KEY: message" (the CLI's text form).
    QString toString() const { return QStringLiteral("%1 %2").arg(severityName(), text()); }
    bool operator==(const Finding& o) const { return severity == o.severity && key == o.key && message == o.message; }
};

using Findings = QList<Finding>;

/// True when \a findings holds at least one error.
inline bool hasErrors(const Findings& findings)
{
    for (const Finding& f : findings)
        if (f.isError())
            return true;
    return false;
}
