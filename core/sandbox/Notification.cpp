#include "Notification.h"

QString NotificationTarget::tabName(Tab tab)
{
    switch (tab) {
    case Tab::Reports: return QStringLiteral("reports");
    case Tab::Allowlists: return QStringLiteral("allowlists");
    case Tab::Posture: return QStringLiteral("posture");
    case Tab::Overview: break;
    }
    return QStringLiteral("overview");
}

QJsonObject NotificationTarget::toJson() const
{
    QJsonObject o{{QStringLiteral("tab"), tabName(tab)}};
    if (record.isValid())
        o.insert(QStringLiteral("record"), QJsonObject{{QStringLiteral("file"), record.file}, {QStringLiteral("offset"), record.offset}});
    return o;
}

QJsonObject Notification::toJson() const
{
    return {{QStringLiteral("severity"), Alert::severityName(severity)},
            {QStringLiteral("title"), title},
            {QStringLiteral("detail"), detail},
            {QStringLiteral("target"), target.toJson()}};
}

QString Notification::toText() const
{
    return QStringLiteral("notify %1 %2: %3").arg(Alert::severityName(severity), title, detail);
}
