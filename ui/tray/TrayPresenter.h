#pragma once

#include "core/docker/StackMonitor.h"
#include "core/sandbox/Notification.h"
#include "ui/tray/StatusIcons.h"

#include <QObject>
#include <QString>
#include <QStringList>

/// Turns the sandbox's state into what the tray icon, its tooltip and the window header show.
/// One update() decides everything (syncthingtray-style); testable without a tray.
class TrayPresenter : public QObject {
    Q_OBJECT
public:
    explicit TrayPresenter(QObject* parent = nullptr);

    void setStackState(StackState state);
    /// The mode and egress that RUN (the engine's view; the .env values while stopped).
    void setModeAndEgress(const QString& mode, const QString& egress);
    /// Unapplied .env edits ("egress full"): shown as "after restart: ...".
    void setPending(const QStringList& pending);
    /// Loosenings in force in the running workspace ("egress full", "port scan off").
    void setLoosened(const QStringList& loosened);
    void setUsage(double cpuPercent, qint64 memBytes);
    void setUnacknowledgedAlerts(int count);
    void setUnreviewedAllowlists(bool unreviewed);
    void setPosture(int passed, int total, int warned = 0);
    void setRestartNeeded(bool needed);
    /// What the running stack gets wrong (StackAdvisor warnings), one line each in the tooltip.
    void setStackWarnings(const QStringList& warnings);

    StatusKind kind() const { return m_kind; }
    StackState stackState() const { return m_state; }
    int badge() const { return m_alerts; }
    QString toolTip() const { return m_toolTip; }
    QString headerText() const { return m_header; }

Q_SIGNALS:
    /// Icon, tooltip or header changed.
    void changed();
    /// Something a person should hear about now (a click opens its target).
    void notificationRequested(const Notification& notification);

public Q_SLOTS:
    /// Presents a notification the Notifier decided on (or a refused action of the tray).
    void notify(const Notification& notification);

private:
    void update();

    StackState m_state = StackState::EngineUnavailable;
    QString m_mode, m_egress;
    QStringList m_pending, m_loosened;
    int m_postureWarned = 0;
    double m_cpu = -1;
    qint64 m_mem = -1;
    int m_alerts = 0;
    bool m_unreviewed = false;
    int m_posturePassed = -1, m_postureTotal = 0;
    bool m_restartNeeded = false;
    QStringList m_stackWarnings;
    bool m_everUpdated = false;

    StatusKind m_kind = StatusKind::Unavailable;
    QString m_toolTip, m_header;
};
