#include "Sandbox.h"

#include "core/compose/StackAdviceMonitor.h"

#include "core/allowlist/Allowlists.h"
#include "core/compose/Lifecycle.h"
#include "core/sandbox/LifecycleWiring.h"
#include "core/sandbox/Notifier.h"
#include "core/sandbox/TimelineFeed.h"
#include "core/docker/EngineClient.h"
#include "core/docker/MetricsStore.h"
#include "core/docker/StackMonitor.h"
#include "core/docker/StatsStream.h"
#include "core/posture/PostureMonitor.h"
#include "core/reports/Reports.h"
#include "core/settings/Settings.h"

#include <spdlog/spdlog.h>

#include <algorithm>

Sandbox::Sandbox(const Checkout& checkout, const AppConfig& config, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_config(config)
{
}

Sandbox::~Sandbox() = default;

Settings& Sandbox::settings()
{
    if (!m_settings) {
        m_settings = std::make_unique<Settings>(m_checkout.envFile(), m_checkout.root());
        QString error;
        if (!m_settings->load(&error))
            spdlog::warn("settings: {}", error.toStdString());
        m_settings->setWatching(true);
        connect(m_settings.get(), &Settings::keysChanged, this, [this](const QStringList& keys, bool outside) {
            reports().timeline().add(TimelineFeed::fromSettings(*m_settings, keys, outside));
        });
    }
    return *m_settings;
}

Allowlists& Sandbox::allowlists()
{
    if (!m_allowlists) {
        m_allowlists = std::make_unique<Allowlists>(m_checkout);
        QString error;
        if (!m_allowlists->load(&error))
            spdlog::warn("allowlists: {}", error.toStdString());
        m_allowlists->setWatching(true);
        connect(m_allowlists.get(), &Allowlists::changeRecorded, this,
                [this](const AuditEntry& entry) { reports().timeline().add(TimelineFeed::fromAudit(entry)); });
        // Rebuild/restart needed: re-read the workspace's creation times on every full refresh
        // and whenever the workspace container changes.
        connect(&stack(), &StackMonitor::refreshed, m_allowlists.get(), [this] { m_allowlists->refreshWorkspaceTimes(engine()); });
        connect(&stack(), &StackMonitor::serviceChanged, m_allowlists.get(), [this](const ServiceInfo& now, ServiceState, qint64) {
            if (now.service == QLatin1String("workspace"))
                m_allowlists->refreshWorkspaceTimes(engine());
        });
        if (m_started)
            m_allowlists->refreshWorkspaceTimes(engine());
    }
    return *m_allowlists;
}

Reports& Sandbox::reports()
{
    if (!m_reports)
        m_reports = std::make_unique<Reports>(settings(), m_config);
    return *m_reports;
}

Lifecycle& Sandbox::lifecycle()
{
    if (!m_lifecycle) {
        m_lifecycle = std::make_unique<Lifecycle>(m_checkout);
        LifecycleWiring::wire(*m_lifecycle, engine());
        // A stop the panel asked for is expected, even if the engine's kill event is missed.
        connect(m_lifecycle.get(), &Lifecycle::stopRequested, &stack(), &StackMonitor::expectStop);
    }
    return *m_lifecycle;
}

StackAdviceMonitor& Sandbox::advice()
{
    if (!m_advice) {
        m_advice = std::make_unique<StackAdviceMonitor>(m_checkout, &engine());
        connect(&stack(), &StackMonitor::servicesChanged, m_advice.get(), &StackAdviceMonitor::refresh);
        connect(&lifecycle(), &Lifecycle::jobFinished, m_advice.get(), &StackAdviceMonitor::refresh);
        m_advice->refresh();
    }
    return *m_advice;
}

JobRunner& Sandbox::jobs()
{
    return lifecycle().jobs();
}

EngineClient& Sandbox::engine()
{
    if (!m_engine)
        m_engine = std::make_unique<EngineClient>();
    return *m_engine;
}

StackMonitor& Sandbox::stack()
{
    if (!m_stack) {
        m_stack = std::make_unique<StackMonitor>(engine(), m_checkout.composeProjectName(),
                                                 m_config.reconnectInitialMs, m_config.reconnectMaxMs);
        connect(m_stack.get(), &StackMonitor::serviceChanged, this,
                [this](const ServiceInfo& now, ServiceState before, qint64 nanos) {
                    if (const auto entry = TimelineFeed::fromService(now, before, nanos))
                        reports().timeline().add(*entry);
                });
        // The monitors run in the workspace (its one-off runs included): no silence while it is down.
        const auto followWorkspace = [this] {
            const QList<ServiceInfo> all = m_stack->services();
            reports().setMonitorsRunning(std::any_of(all.begin(), all.end(), [](const ServiceInfo& s) {
                return s.service == QLatin1String("workspace") && serviceStateIsUp(s.state);
            }));
        };
        connect(m_stack.get(), &StackMonitor::servicesChanged, this, followWorkspace);
        connect(m_stack.get(), &StackMonitor::refreshed, this, followWorkspace);
    }
    return *m_stack;
}

MetricsStore& Sandbox::metrics()
{
    if (!m_metrics)
        m_metrics = std::make_unique<MetricsStore>(m_config.chartWindowSeconds);
    return *m_metrics;
}

StatsStream& Sandbox::statsStream()
{
    if (!m_stats) {
        m_stats = std::make_unique<StatsStream>(engine(), stack());
        MetricsStore* store = &metrics();
        connect(m_stats.get(), &StatsStream::sampleReady, store, &MetricsStore::append);
    }
    return *m_stats;
}

void Sandbox::start()
{
    if (m_started)
        return;
    m_started = true;
    reports().start();
    stack().start();
    statsStream().start();
    posture().start();
    notifier().sync();
    spdlog::info("sandbox {} (compose project {})", m_checkout.root().toStdString(),
                 m_checkout.composeProjectName().toStdString());
    Q_EMIT startedChanged();
}

PostureMonitor& Sandbox::posture()
{
    if (!m_posture) {
        m_posture = std::make_unique<PostureMonitor>(m_checkout, engine());
        m_posture->followStack(stack()); // re-audit on workspace start/restart/health and engine reconnect
        m_posture->followFiles(settings(), allowlists());
    }
    return *m_posture;
}

Notifier& Sandbox::notifier()
{
    if (!m_notifier) {
        m_notifier = std::make_unique<Notifier>();
        m_notifier->followStack(stack());
        m_notifier->followAlerts(reports().alerts());
        m_notifier->followPosture(posture());
        m_notifier->followAttention(settings(), allowlists());
        m_notifier->followLifecycle(lifecycle());
    }
    return *m_notifier;
}
