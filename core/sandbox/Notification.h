#pragma once

#include "core/reports/Alert.h"

#include <QJsonObject>
#include <QMetaType>
#include <QString>

/// Where a click on a notification leads: a tab, and for report alerts the record that caused it.
struct NotificationTarget {
    enum class Tab { Overview, Reports, Allowlists, Posture };
    Tab tab = Tab::Overview;
    RecordRef record; ///< valid when the notification came from a report record

    /// "overview", "reports", "allowlists", "posture".
    static QString tabName(Tab tab);
    /// {"tab": str, "record": {"file": str, "offset": int}} (record only when valid).
    QJsonObject toJson() const;
};

/// Something a person should hear about now (desktop notification, `sandbox-ctl events`).
/// Severity uses the alerts' vocabulary; Info only for an autonomous run that finished.
struct Notification {
    enum class Kind {
        UnexpectedExit,
        Unhealthy,
        ReportAlert,
        AllowlistUnreviewed,
        ControlFailed,
        ActionFailed,
        AutonomousFinished,
        AutonomousFailed,
    };
    Kind kind = Kind::UnexpectedExit;
    Alert::Severity severity = Alert::Severity::Warning;
    QString title;
    QString detail;
    NotificationTarget target;

    /// {"severity": str, "title": str, "detail": str, "target": {...}}
    QJsonObject toJson() const;
    /// "notify SEVERITY TITLE: DETAIL"
    QString toText() const;
};
Q_DECLARE_METATYPE(Notification)
