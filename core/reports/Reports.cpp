#include "Reports.h"

#include "core/settings/Settings.h"

#include <spdlog/spdlog.h>

Reports::Reports(Settings& settings, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_source(settings)
    , m_config(config)
    , m_settings(ReportSettings::fromSettings(settings))
    , m_rules(m_alerts, config.memoryAlertPercent)
{
    m_rules.setSettings(m_settings, QDateTime::currentDateTimeUtc());
    connect(&m_alerts, &AlertCenter::alertRaised, this, [this](const Alert& a) { m_timeline.add(TimelineEntry::fromAlert(a)); });
    connect(&m_silenceTimer, &QTimer::timeout, this, [this] { checkSilence(); });
    // Every model change: a load (also the first, after construction), a write, a reload.
    connect(&settings, &Settings::changed, this, &Reports::onSettingsChanged);
}

void Reports::onSettingsChanged()
{
    const ReportSettings next = ReportSettings::fromSettings(m_source);
    if (next == m_settings)
        return;
    const bool moved = next.logsDir != m_settings.logsDir;
    m_settings = next;
    m_rules.setSettings(m_settings, QDateTime::currentDateTimeUtc());
    if (moved && m_running) { // another project folder: follow its files from the start
        stop();
        m_recent.clear();
        m_counters.clear();
        start();
    }
}

Reports::~Reports()
{
    stop();
}

ReportFollower* Reports::follower(ReportKind kind) const
{
    for (const auto& f : m_followers)
        if (f->kind() == kind)
            return f.get();
    return nullptr;
}

void Reports::start()
{
    if (m_running)
        return;
    m_rules.started(QDateTime::currentDateTimeUtc());
    for (ReportKind kind : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        auto f = std::make_unique<ReportFollower>(m_settings.filePath(kind), kind, m_config.reportPollMs, initialRecords());
        connect(f.get(), &ReportFollower::recordsRead, this,
                [this, kind](const QList<ReportRecord>& records, bool initial) { onRecords(kind, records, initial); });
        connect(f.get(), &ReportFollower::countersChanged, this, [this, kind](const FollowerCounters& c) {
            m_counters.insert(int(kind), c);
            Q_EMIT countersChanged(kind, c);
        });
        connect(f.get(), &ReportFollower::eventOccurred, this, [this](const FollowerEvent& e) {
            m_rules.onEvent(e);
            Q_EMIT followerEvent(e);
        });
        f->start();
        m_followers.push_back(std::move(f));
    }
    m_silenceTimer.start(std::max(1000, m_config.reportPollMs));
    m_running = true;
    spdlog::info("reports: following {}", m_settings.logsDir.toStdString());
    Q_EMIT runningChanged(true);
}

void Reports::stop()
{
    if (!m_running)
        return;
    m_silenceTimer.stop();
    m_followers.clear();
    m_running = false;
    Q_EMIT runningChanged(false);
}

void Reports::checkSilence(const QDateTime& now)
{
    m_rules.checkSilence(now.isValid() ? now : QDateTime::currentDateTimeUtc());
}

void Reports::setMonitorsRunning(bool running)
{
    m_rules.setMonitorsRunning(running, QDateTime::currentDateTimeUtc());
}

void Reports::beginReplay()
{
    m_rules.started(QDateTime::currentDateTimeUtc());
}

void Reports::replayEvent(const FollowerEvent& event)
{
    m_rules.onEvent(event);
}

void Reports::replay(const QList<ReportRecord>& records)
{
    for (const ReportRecord& r : records)
        m_rules.onRecords({r}, false, QDateTime::currentDateTimeUtc());
}

void Reports::onRecords(ReportKind kind, const QList<ReportRecord>& records, bool initial)
{
    QList<ReportRecord>& buf = m_recent[int(kind)];
    buf.append(records);
    if (buf.size() > bufferSize())
        buf.remove(0, buf.size() - bufferSize());
    m_rules.onRecords(records, initial, QDateTime::currentDateTimeUtc());
    Q_EMIT recordsArrived(kind, records, initial);
}
