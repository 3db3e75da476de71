#include "Reports.h"

#include <spdlog/spdlog.h>

Reports::Reports(const Checkout& checkout, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_config(config)
    , m_rules(m_alerts, config.memoryAlertPercent)
{
    connect(&m_alerts, &AlertCenter::alertRaised, this,
            [this](const Alert& a) { m_timeline.add(TimelineEntry::fromAlert(a)); });
    connect(&m_silenceTimer, &QTimer::timeout, this, &Reports::checkSilence);
    m_settings = ReportSettings::fromEnvFile(m_checkout.envFile(), m_checkout.root()); // a few hundred bytes
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
    QString error;
    m_settings = ReportSettings::fromEnvFile(m_checkout.envFile(), m_checkout.root(), &error);
    if (!error.isEmpty())
        spdlog::warn("reports: {}", error.toStdString());
    m_rules.setSettings(m_settings);
    m_rules.started(QDateTime::currentDateTimeUtc());
    for (ReportKind kind : {ReportKind::Resources, ReportKind::Portscan, ReportKind::Summary}) {
        auto f = std::make_unique<ReportFollower>(m_settings.filePath(kind), kind, m_config.reportPollMs,
                                                  initialRecords());
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

void Reports::checkSilence()
{
    m_rules.checkSilence(QDateTime::currentDateTimeUtc());
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
