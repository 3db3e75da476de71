#pragma once

#include "core/appconfig/AppConfig.h"
#include "core/checkout/Checkout.h"

#include <QObject>

#include <memory>

class Allowlists;
class EngineClient;
class JobRunner;
class Lifecycle;
class MetricsStore;
class Notifier;
class PostureMonitor;
class StackAdviceMonitor;
class StackMonitor;
class StatsStream;
class Reports;
class Settings;

/// One sandbox: owns its checkout, settings, allowlists, engine connection, jobs, reports and
/// metrics. The panel and the CLI are views of it. Components are created on first use and
/// started by start(), after the window is on screen.
class Sandbox : public QObject {
    Q_OBJECT
public:
    explicit Sandbox(const Checkout& checkout, const AppConfig& config = AppConfig(),
                     QObject* parent = nullptr);
    ~Sandbox() override;

    const Checkout& checkout() const { return m_checkout; }
    const AppConfig& config() const { return m_config; }

    /// Connects the engine and starts watching files. Call once the UI is shown.
    void start();
    bool started() const { return m_started; }

    /// The checkout's `.env` (loaded and watched on first use).
    Settings& settings();

    /// The apt and port allowlists with review, audit trail and pending state (loaded and
    /// watched on first use; start() asks the engine for the workspace times).
    Allowlists& allowlists();

    /// Security reports: followers of the three JSONL files, alert center, timeline (created on
    /// first use, started by start()).
    Reports& reports();

    /// Compose lifecycle (start/stop/restart/build/logs/nuke as jobs), created on first use.
    Lifecycle& lifecycle();
    /// What the running stack gets wrong (model reach, no host port) and the model-server check,
    /// refreshed on stack changes and finished jobs (created on first use).
    StackAdviceMonitor& advice();
    /// The lifecycle's job runner: one mutating job at a time.
    JobRunner& jobs();

    /// The Docker Engine API client (DOCKER_HOST / docker context), created on first use.
    EngineClient& engine();
    /// Live stack state of this sandbox's compose project (events + refresh); started by start().
    StackMonitor& stack();
    /// Stats streams of the running containers, feeding metrics(); started by start().
    StatsStream& statsStream();
    /// Recent metrics per container (ring buffers of AppConfig::chartWindowSeconds samples).
    MetricsStore& metrics();
    /// Hardening posture of the running workspace, re-audited on container starts and file changes.
    PostureMonitor& posture();
    /// What deserves a notification (exits, health, alerts, allowlists, restart needed), from
    /// the components above; start() evaluates its initial state.
    Notifier& notifier();

Q_SIGNALS:
    void startedChanged();

private:
    Checkout m_checkout;
    AppConfig m_config;
    bool m_started = false;
    std::unique_ptr<Settings> m_settings; // declared before its followers: destroyed after them
    std::unique_ptr<Reports> m_reports;
    std::unique_ptr<Allowlists> m_allowlists;
    std::unique_ptr<Lifecycle> m_lifecycle;
    std::unique_ptr<EngineClient> m_engine;   // declared before its users: destroyed after them
    std::unique_ptr<MetricsStore> m_metrics;
    std::unique_ptr<StackMonitor> m_stack;
    std::unique_ptr<StatsStream> m_stats;
    std::unique_ptr<PostureMonitor> m_posture;
    std::unique_ptr<StackAdviceMonitor> m_advice;
    std::unique_ptr<Notifier> m_notifier;
};
