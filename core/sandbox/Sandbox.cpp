#include "Sandbox.h"

#include "core/allowlist/Allowlists.h"
#include "core/compose/Lifecycle.h"
#include "core/compose/StackAdviceMonitor.h"
#include "core/docker/EngineClient.h"
#include "core/docker/MetricsStore.h"
#include "core/docker/StackMonitor.h"
#include "core/docker/StatsStream.h"
#include "core/posture/PostureMonitor.h"
#include "core/reports/Reports.h"
#include "core/sandbox/LifecycleWiring.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/TimelineFeed.h"
#include "core/settings/Settings.h"

#include <spdlog/spdlog.h>

#include <algorithm>

Sandbox::Sandbox(const Checkout& checkout, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_config(config)
    , m_engine(std::make_unique<EngineClient>())
    , m_settings(std::make_unique<Settings>(m_checkout.envFile(), m_checkout.root()))
    , m_allowlists(std::make_unique<Allowlists>(m_checkout))
    , m_reports(std::make_unique<Reports>(*m_settings, m_config))
    , m_metrics(std::make_unique<MetricsStore>(m_config.chartWindowSeconds))
    , m_stack(std::make_unique<StackMonitor>(*m_engine, QString(), m_config.reconnectInitialMs, m_config.reconnectMaxMs))
    , m_stats(std::make_unique<StatsStream>(*m_engine, *m_stack))
    , m_lifecycle(std::make_unique<Lifecycle>(m_checkout))
    , m_posture(std::make_unique<PostureMonitor>(m_checkout, *m_engine))
    , m_advice(std::make_unique<StackAdviceMonitor>(m_checkout, m_engine.get()))
    , m_notifier(std::make_unique<Notifier>())
{
    wire();
}

Sandbox::~Sandbox() = default;

void Sandbox::wire()
{
    // The project name comes from the environment or .env: read when the stack is first asked.
    m_stack->setProjectSource([this] { return m_checkout.composeProjectName(); });
    // The timeline: settings written or reloaded, allowlist changes recorded, service transitions.
    connect(m_settings.get(), &Settings::keysChanged, this,
            [this](const QStringList& keys, bool outside) { m_reports->timeline().add(TimelineFeed::fromSettings(*m_settings, keys, outside)); });
    connect(m_allowlists.get(), &Allowlists::changeRecorded, this,
            [this](const AuditEntry& entry) { m_reports->timeline().add(TimelineFeed::fromAudit(entry)); });
    connect(m_stack.get(), &StackMonitor::serviceChanged, this, [this](const ServiceInfo& now, ServiceState before, qint64 nanos) {
        if (const auto entry = TimelineFeed::fromService(now, before, nanos))
            m_reports->timeline().add(*entry);
    });
    connect(m_stack.get(), &StackMonitor::servicesChanged, this, &Sandbox::followWorkspace);
    connect(m_stack.get(), &StackMonitor::refreshed, this, &Sandbox::followWorkspace);
    connect(m_stack.get(), &StackMonitor::engineAvailableChanged, this, &Sandbox::followWorkspace);

    // Rebuild/restart needed: re-read the workspace's creation times on every full refresh and
    // whenever the workspace container changes.
    connect(m_stack.get(), &StackMonitor::refreshed, m_allowlists.get(), [this] { refreshWorkspaceTimes(); });
    connect(m_stack.get(), &StackMonitor::serviceChanged, m_allowlists.get(), [this](const ServiceInfo& now, ServiceState, qint64) {
        if (now.service == QLatin1String("workspace"))
            refreshWorkspaceTimes();
    });

    LifecycleWiring::wire(*m_lifecycle, *m_engine);
    // A stop the panel asked for is expected, even if the engine's kill event is missed.
    connect(m_lifecycle.get(), &Lifecycle::stopRequested, m_stack.get(), &StackMonitor::expectStop);

    connect(m_stats.get(), &StatsStream::sampleReady, m_metrics.get(), &MetricsStore::append);
    m_posture->followStack(*m_stack); // re-audit on workspace start/restart/health and engine reconnect
    m_posture->followFiles(*m_settings, *m_allowlists);
    connect(m_stack.get(), &StackMonitor::servicesChanged, m_advice.get(), &StackAdviceMonitor::refresh);
    connect(m_lifecycle.get(), &Lifecycle::jobFinished, m_advice.get(), &StackAdviceMonitor::refresh);

    m_notifier->followStack(*m_stack);
    m_notifier->followAlerts(m_reports->alerts());
    m_notifier->followPosture(*m_posture);
    m_notifier->followAttention(*m_settings, *m_allowlists);
    m_notifier->followLifecycle(*m_lifecycle);
}

void Sandbox::refreshWorkspaceTimes()
{
    if (m_started && m_options.followEngine)
        m_allowlists->refreshWorkspaceTimes(*m_engine);
}

void Sandbox::start(const StartOptions& options)
{
    if (m_started)
        return;
    m_started = true;
    m_options = options;
    QString error;
    if (!m_settings->load(&error))
        spdlog::warn("settings: {}", error.toStdString());
    if (!m_allowlists->load(&error))
        spdlog::warn("allowlists: {}", error.toStdString());
    if (options.watchFiles) {
        m_settings->setWatching(true);
        m_allowlists->setWatching(true);
        m_reports->start();
    }
    if (options.followEngine) {
        followStack(); // its first refresh reads the workspace times too
        m_stats->start();
        m_posture->start();
        m_advice->start();
    }
    m_notifier->sync();
    spdlog::info("sandbox {} (compose project {})", m_checkout.root().toStdString(), m_checkout.composeProjectName().toStdString());
    Q_EMIT startedChanged();
}

void Sandbox::followStack()
{
    m_stack->start();
    followWorkspace(); // nothing known yet: no silence until the engine shows the workspace up
}

// The monitors run in the workspace (its one-off runs included): no silence while it is down,
// nor while the engine is unreachable (the workspace's last known state is then no news).
void Sandbox::followWorkspace()
{
    const QList<ServiceInfo> all = m_stack->services();
    m_reports->setMonitorsRunning(m_stack->engineAvailable() && std::any_of(all.begin(), all.end(), [](const ServiceInfo& s) {
                                      return s.service == QLatin1String("workspace") && serviceStateIsUp(s.state);
                                  }));
}

Settings& Sandbox::settings()
{
    return *m_settings;
}
Allowlists& Sandbox::allowlists()
{
    return *m_allowlists;
}
Reports& Sandbox::reports()
{
    return *m_reports;
}
Lifecycle& Sandbox::lifecycle()
{
    return *m_lifecycle;
}
StackAdviceMonitor& Sandbox::advice()
{
    return *m_advice;
}
JobRunner& Sandbox::jobs()
{
    return m_lifecycle->jobs();
}
EngineClient& Sandbox::engine()
{
    return *m_engine;
}
StackMonitor& Sandbox::stack()
{
    return *m_stack;
}
StatsStream& Sandbox::statsStream()
{
    return *m_stats;
}
MetricsStore& Sandbox::metrics()
{
    return *m_metrics;
}
PostureMonitor& Sandbox::posture()
{
    return *m_posture;
}
Notifier& Sandbox::notifier()
{
    return *m_notifier;
}
