#include "TrayPresenter.h"

#include <QLocale>
#include <QStringList>

namespace {
StatusKind kindFor(StackState state)
{
    switch (state) {
    case StackState::Running: return StatusKind::Healthy;
    case StackState::Starting:
    case StackState::Stopping: return StatusKind::Transitional;
    case StackState::Degraded:
    case StackState::Error: return StatusKind::Degraded;
    case StackState::Stopped: return StatusKind::Stopped;
    case StackState::EngineUnavailable: break;
    }
    return StatusKind::Unavailable;
}

QString stateText(StackState state)
{
    switch (state) {
    case StackState::Running: return TrayPresenter::tr("Running and healthy");
    case StackState::Starting: return TrayPresenter::tr("Starting…");
    case StackState::Stopping: return TrayPresenter::tr("Stopping…");
    case StackState::Degraded: return TrayPresenter::tr("Degraded: a service is unhealthy or down");
    case StackState::Error: return TrayPresenter::tr("Error: a service failed");
    case StackState::Stopped: return TrayPresenter::tr("Stopped");
    case StackState::EngineUnavailable: break;
    }
    return TrayPresenter::tr("Docker engine unavailable");
}
} // namespace

TrayPresenter::TrayPresenter(QObject* parent)
    : QObject(parent)
{
    update();
}

void TrayPresenter::setStackState(StackState state)
{
    if (state == m_state && m_everUpdated)
        return;
    m_state = state;
    update();
}

void TrayPresenter::setModeAndEgress(const QString& mode, const QString& egress)
{
    if (mode == m_mode && egress == m_egress)
        return;
    m_mode = mode;
    m_egress = egress;
    update();
}

void TrayPresenter::setUsage(double cpuPercent, qint64 memBytes)
{
    m_cpu = cpuPercent;
    m_mem = memBytes;
    update();
}

void TrayPresenter::setUnacknowledgedAlerts(int count)
{
    if (count == m_alerts)
        return;
    m_alerts = count;
    update();
}

void TrayPresenter::setUnreviewedAllowlists(bool unreviewed)
{
    if (unreviewed == m_unreviewed)
        return;
    m_unreviewed = unreviewed;
    update();
}

void TrayPresenter::setPending(const QStringList& pending)
{
    if (pending == m_pending)
        return;
    m_pending = pending;
    update();
}

void TrayPresenter::setLoosened(const QStringList& loosened)
{
    if (loosened == m_loosened)
        return;
    m_loosened = loosened;
    update();
}

void TrayPresenter::setPosture(int passed, int total, int warned)
{
    m_posturePassed = passed;
    m_postureTotal = total;
    m_postureWarned = warned;
    update();
}

void TrayPresenter::setRestartNeeded(bool needed)
{
    if (needed == m_restartNeeded)
        return;
    m_restartNeeded = needed;
    update();
}

void TrayPresenter::setStackWarnings(const QStringList& warnings)
{
    if (warnings == m_stackWarnings)
        return;
    m_stackWarnings = warnings;
    update();
}

void TrayPresenter::notify(const Notification& notification)
{
    Q_EMIT notificationRequested(notification);
}

void TrayPresenter::update()
{
    m_everUpdated = true;
    m_kind = kindFor(m_state);
    QStringList header{stateText(m_state)};
    if (!m_mode.isEmpty())
        header << tr("mode %1").arg(m_mode);
    if (!m_egress.isEmpty())
        header << tr("egress %1").arg(m_egress);
    if (!m_pending.isEmpty())
        header << tr("after restart: %1").arg(m_pending.join(QStringLiteral(", ")));
    if (m_postureTotal > 0 && m_posturePassed >= 0)
        header << (m_postureWarned > 0 ? tr("%1/%2 controls pass, %n warning(s)", nullptr, m_postureWarned).arg(m_posturePassed).arg(m_postureTotal)
                                       : tr("%1/%2 controls pass").arg(m_posturePassed).arg(m_postureTotal));
    if (m_alerts > 0)
        header << tr("%n unacknowledged alert(s)", nullptr, m_alerts);
    if (m_unreviewed)
        header << tr("unreviewed allowlist changes");
    if (m_restartNeeded)
        header << tr("restart needed to apply settings");
    m_header = header.join(QStringLiteral(" · "));

    QStringList tip{tr("Sandbox: %1").arg(stateText(m_state))};
    if (!m_mode.isEmpty())
        tip << tr("Mode: %1, egress: %2").arg(m_mode, m_egress.isEmpty() ? tr("unknown") : m_egress);
    if (!m_pending.isEmpty())
        tip << tr("After restart: %1").arg(m_pending.join(QStringLiteral(", ")));
    if (!m_loosened.isEmpty())
        tip << tr("Warning: loosened in the running workspace: %1").arg(m_loosened.join(QStringLiteral(", ")));
    if (m_cpu >= 0)
        tip << tr("CPU %1% (100% = one core), memory %2").arg(m_cpu, 0, 'f', 1).arg(QLocale().formattedDataSize(qMax<qint64>(0, m_mem)));
    if (m_postureTotal > 0 && m_posturePassed >= 0)
        tip << (m_postureWarned > 0 ? tr("Posture: %1/%2 controls pass, %n warning(s)", nullptr, m_postureWarned).arg(m_posturePassed).arg(m_postureTotal)
                                    : tr("Posture: %1/%2 controls pass").arg(m_posturePassed).arg(m_postureTotal));
    if (m_alerts > 0)
        tip << tr("%n unacknowledged alert(s)", nullptr, m_alerts);
    if (m_unreviewed)
        tip << tr("Allowlists changed outside the panel: review needed");
    for (const QString& w : m_stackWarnings)
        tip << tr("Warning: %1").arg(w);
    m_toolTip = tip.join(QLatin1Char('\n'));
    Q_EMIT changed();
}
