#pragma once

#include "core/docker/ServiceState.h"
#include "core/sandbox/Notification.h"

#include <QObject>

class AlertCenter;
class Allowlists;
class Job;
class Lifecycle;
struct AutonomousRun;
class PostureMonitor;
class Settings;
class StackMonitor;

/// Decides what deserves a person's attention (the shape of syncthingtray's SyncthingNotifier):
/// typed state in (service changes from engine events, report alerts, allowlist attention,
/// settings waiting for a restart, failing hardening controls), typed notifications out. The
/// tray and `sandbox-ctl events` only present what it emits.
class Notifier : public QObject {
    Q_OBJECT
public:
    explicit Notifier(QObject* parent = nullptr);

    void followStack(StackMonitor& stack);
    void followAlerts(AlertCenter& alerts);
    void followPosture(PostureMonitor& posture);
    /// The end of each autonomous run (finished / failed; a cancel is the operator's own act),
    /// and every lifecycle job that fails or is refused.
    void followLifecycle(Lifecycle& lifecycle);
    /// Unreviewed allowlists and "restart needed" (settings changed since start, or an approved
    /// allowlist change not in the running workspace yet).
    void followAttention(Settings& settings, Allowlists& allowlists);
    /// Evaluates the followed attention state now; emits only what changed (call once views listen).
    void sync();

    bool restartNeeded() const { return m_restartNeeded; }
    bool allowlistsUnreviewed() const { return m_unreviewed; }

public Q_SLOTS:
    /// An exit nobody asked for (ServiceInfo::exitExpected), or a health check turning unhealthy.
    void onServiceChanged(const ServiceInfo& now, ServiceState before, qint64 eventNanos);
    /// Warning and critical alerts pop up, pointing at their record; info alerts stay silent.
    void onAlert(const Alert& alert);
    void onControlFailed(const QString& id, const QString& detail);
    /// "autonomous run finished" (info) on exit 0, "autonomous run failed" (warning) otherwise;
    /// nothing for a cancelled run.
    void onAutonomousFinished(const AutonomousRun& run);
    /// "Restart failed" (warning) naming the cause (Job::failureCause) for a lifecycle job that
    /// failed, was refused or met invalid settings; nothing on success or cancel, nothing for an
    /// autonomous run (onAutonomousFinished speaks for it) or a non-mutating job.
    void onJobFinished(Job* job);
    /// \a unreviewed: outside changes wait for review (notified on the rising edge).
    void setAttention(bool unreviewed, bool restartNeeded);

Q_SIGNALS:
    void notification(const Notification& notification);
    void restartNeededChanged(bool needed);
    void allowlistsUnreviewedChanged(bool unreviewed);

private:
    void emitNotification(Notification::Kind kind, Alert::Severity severity, const QString& title, const QString& detail, NotificationTarget target);

    Settings* m_settings = nullptr;
    Allowlists* m_allowlists = nullptr;
    bool m_unreviewed = false;
    bool m_restartNeeded = false;
};
