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

/// How Sandbox::start() connects: the panel takes both; the CLI and tests without an engine
/// leave out what they must not open.
struct SandboxStartOptions {
    /// Watch .env and the allowlists (reload outside edits) and follow the report files.
    bool watchFiles = true;
    /// Open the engine's event and stats streams, audit the posture, check the stack's advice.
    bool followEngine = true;
};

/// One sandbox, the one composition root: owns its checkout, settings, allowlists, engine
/// connection, jobs, reports, metrics and notifier. The panel and the CLI are views of it.
/// The constructor builds and wires every component and reads nothing; start() reads the
/// files and connects the engine (the panel calls it once the window is on screen).
class Sandbox : public QObject {
    Q_OBJECT
public:
    using StartOptions = SandboxStartOptions;

    explicit Sandbox(const Checkout& checkout, const AppConfig& config = AppConfig(), QObject* parent = nullptr);
    ~Sandbox() override;

    const Checkout& checkout() const { return m_checkout; }
    const AppConfig& config() const { return m_config; }

    /// Loads .env and the allowlists (a read error is logged), then, as \a options say, starts
    /// the watchers and report followers, the event and stats streams, the posture audits and
    /// the stack's advice, and evaluates the notifier's initial state. Once; later calls do nothing.
    void start(const StartOptions& options = StartOptions());
    bool started() const { return m_started; }
    /// Starts the stack monitor alone (start() does it with followEngine; the CLI's
    /// `reports --alerts --follow` without the rest): the reports count a report as silent only
    /// while the engine shows the workspace up.
    void followStack();
    /// The options of start() (the defaults before it).
    const StartOptions& startOptions() const { return m_options; }

    /// The checkout's `.env` (loaded and watched by start()).
    Settings& settings();

    /// The apt and port allowlists with review, audit trail and pending state (loaded and
    /// watched by start(); the workspace times follow the stack).
    Allowlists& allowlists();

    /// Security reports: followers of the three JSONL files, alert center, timeline (started by
    /// start()).
    Reports& reports();

    /// Compose lifecycle (start/stop/restart/build/logs/nuke as jobs) on this sandbox's engine.
    Lifecycle& lifecycle();
    /// What the running stack gets wrong (model reach, no host port) and the model-server check,
    /// refreshed on stack changes and finished jobs once started.
    StackAdviceMonitor& advice();
    /// The lifecycle's job runner: one mutating job at a time.
    JobRunner& jobs();

    /// The Docker Engine API client (DOCKER_HOST / docker context, resolved on first request).
    EngineClient& engine();
    /// Live stack state of this sandbox's compose project (events + refresh); started by start().
    StackMonitor& stack();
    /// Stats streams of the running containers, feeding metrics(); started by start().
    StatsStream& statsStream();
    /// Recent metrics per container (ring buffers of AppConfig::chartWindowSeconds samples).
    MetricsStore& metrics();
    /// Hardening posture of the running workspace, re-audited on container starts and file
    /// changes once started.
    PostureMonitor& posture();
    /// What deserves a notification (exits, health, alerts, allowlists, restart needed), from
    /// the components above; start() evaluates its initial state.
    Notifier& notifier();

Q_SIGNALS:
    void startedChanged();

private:
    /// Every connection between the components, in one place (called by the constructor).
    void wire();
    /// The workspace's creation times, for the allowlists' "restart/rebuild needed" (only
    /// while following the engine).
    void refreshWorkspaceTimes();
    /// Tells the reports whether the monitors run (the workspace up and the engine reachable).
    void followWorkspace();

    Checkout m_checkout;
    AppConfig m_config;
    bool m_started = false;
    StartOptions m_options;
    // Declaration order is destruction order, reversed: what others use comes first.
    std::unique_ptr<EngineClient> m_engine; // before its users: destroyed after them
    std::unique_ptr<Settings> m_settings;   // before its followers: destroyed after them
    std::unique_ptr<Allowlists> m_allowlists;
    std::unique_ptr<Reports> m_reports;
    std::unique_ptr<MetricsStore> m_metrics;
    std::unique_ptr<StackMonitor> m_stack;
    std::unique_ptr<StatsStream> m_stats;
    std::unique_ptr<Lifecycle> m_lifecycle;
    std::unique_ptr<PostureMonitor> m_posture;
    std::unique_ptr<StackAdviceMonitor> m_advice;
    std::unique_ptr<Notifier> m_notifier;
};
