#include "Notifier.h"

#include "core/allowlist/Allowlists.h"
#include "core/compose/Lifecycle.h"
#include "core/docker/StackMonitor.h"
#include "core/posture/PostureMonitor.h"
#include "core/reports/AlertCenter.h"
#include "core/settings/Settings.h"

Notifier::Notifier(QObject* parent)
    : QObject(parent)
{
}

void Notifier::followStack(StackMonitor& stack)
{
    connect(&stack, &StackMonitor::serviceChanged, this, &Notifier::onServiceChanged);
}

void Notifier::followAlerts(AlertCenter& alerts)
{
    connect(&alerts, &AlertCenter::alertRaised, this, &Notifier::onAlert);
}

void Notifier::followPosture(PostureMonitor& posture)
{
    connect(&posture, &PostureMonitor::controlFailed, this, &Notifier::onControlFailed);
}

void Notifier::followLifecycle(Lifecycle& lifecycle)
{
    connect(&lifecycle, &Lifecycle::autonomousFinished, this, &Notifier::onAutonomousFinished);
    connect(&lifecycle, &Lifecycle::jobFinished, this, &Notifier::onJobFinished);
}

void Notifier::followAttention(Settings& settings, Allowlists& allowlists)
{
    m_settings = &settings;
    m_allowlists = &allowlists;
    connect(&settings, &Settings::applyNeedChanged, this, &Notifier::sync);
    connect(&allowlists, &Allowlists::changed, this, &Notifier::sync);
}

void Notifier::sync()
{
    if (!m_settings || !m_allowlists)
        return;
    const PendingState pending = m_allowlists->pending();
    setAttention(m_allowlists->hasUnreviewed(AllowlistKind::Apt) || m_allowlists->hasUnreviewed(AllowlistKind::Port),
                 m_settings->applyNeed() != ApplyNeed::None || pending.restartNeeded || pending.rebuildNeeded);
}

void Notifier::onServiceChanged(const ServiceInfo& now, ServiceState before, qint64)
{
    const bool exited = now.state == ServiceState::Exited || now.state == ServiceState::Dead;
    if (serviceStateIsUp(before) && exited && !now.exitExpected(before)) {
        emitNotification(Notification::Kind::UnexpectedExit, Alert::Severity::Critical, tr("%1 exited unexpectedly").arg(now.service),
                         tr("Container %1 exited with code %2%3.").arg(now.container).arg(now.exitCode).arg(now.oomKilled ? tr(" (out of memory)") : QString()),
                         {});
    } else if (now.state == ServiceState::Unhealthy && before != ServiceState::Unhealthy) {
        emitNotification(Notification::Kind::Unhealthy, Alert::Severity::Warning, tr("%1 is unhealthy").arg(now.service),
                         tr("The health check of %1 is failing.").arg(now.container), {});
    }
}

void Notifier::onAlert(const Alert& alert)
{
    if (alert.severity == Alert::Severity::Info)
        return; // operator actions (rotation, re-creation): in the alert list, no pop-up
    emitNotification(Notification::Kind::ReportAlert, alert.severity, alert.title, alert.detail, {NotificationTarget::Tab::Reports, alert.ref});
}

void Notifier::onControlFailed(const QString& id, const QString& detail)
{
    if (id == QLatin1String("egress")) { // restricted was asked and the workspace can reach the internet
        emitNotification(Notification::Kind::ControlFailed, Alert::Severity::Critical, tr("Egress open: the workspace is not restricted"),
                         tr("%1. Fix: Posture → Restrict egress now, or `sandbox-ctl restrict`.").arg(detail), {NotificationTarget::Tab::Posture, {}});
        return;
    }
    emitNotification(Notification::Kind::ControlFailed, Alert::Severity::Warning, tr("Hardening control failed: %1").arg(id), detail,
                     {NotificationTarget::Tab::Posture, {}});
}

void Notifier::onAutonomousFinished(const AutonomousRun& run)
{
    if (!run.finished() || run.status == Job::Status::Cancelled)
        return;
    const bool ok = run.succeeded();
    emitNotification(ok ? Notification::Kind::AutonomousFinished : Notification::Kind::AutonomousFailed, ok ? Alert::Severity::Info : Alert::Severity::Warning,
                     ok ? tr("autonomous run finished") : tr("autonomous run failed"), tr("%1: %2; output in %3").arg(run.taskFile, run.summary(), run.logFile),
                     {});
}

void Notifier::onJobFinished(Job* job)
{
    if (!job || !job->isMutating() || job->name() == QLatin1String("Run autonomous"))
        return;
    const Job::Status s = job->status();
    if (s == Job::Status::Succeeded || s == Job::Status::Cancelled || !job->isFinished())
        return;
    const QString title = s == Job::Status::Refused   ? tr("%1 refused").arg(job->name())
                          : s == Job::Status::Invalid ? tr("%1: invalid settings").arg(job->name())
                                                      : tr("%1 failed").arg(job->name());
    emitNotification(Notification::Kind::ActionFailed, Alert::Severity::Warning, title, job->failureCause(), {});
}

void Notifier::setAttention(bool unreviewed, bool restartNeeded)
{
    if (unreviewed != m_unreviewed) {
        m_unreviewed = unreviewed;
        if (unreviewed)
            emitNotification(Notification::Kind::AllowlistUnreviewed, Alert::Severity::Warning, tr("Allowlist changed outside the panel"),
                             tr("Review the change in the Allowlists tab."), {NotificationTarget::Tab::Allowlists, {}});
        Q_EMIT allowlistsUnreviewedChanged(unreviewed);
    }
    if (restartNeeded != m_restartNeeded) {
        m_restartNeeded = restartNeeded;
        Q_EMIT restartNeededChanged(restartNeeded);
    }
}

void Notifier::emitNotification(Notification::Kind kind, Alert::Severity severity, const QString& title, const QString& detail, NotificationTarget target)
{
    Notification n;
    n.kind = kind;
    n.severity = severity;
    n.title = title;
    n.detail = detail;
    n.target = std::move(target);
    Q_EMIT notification(n);
}
