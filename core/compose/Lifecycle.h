#pragma once

#include "core/checkout/Checkout.h"
#include "core/compose/AutonomousRun.h"
#include "core/compose/ComposeModel.h"
#include "core/compose/ComposeTool.h"
#include "core/compose/Job.h"
#include "core/compose/JobRunner.h"
#include "core/compose/ModeHealth.h"
#include "core/compose/Preflight.h"
#include "core/compose/RestrictedStart.h"
#include "core/docker/EngineClient.h"
#include "core/settings/EnvValues.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <optional>

class QNetworkAccessManager;

/// How to start the stack.
struct LifecycleStartOptions {
    std::optional<OperationMode> mode; ///< empty: OPERATION_MODE of .env
    bool restricted = false;           ///< Start restricted (also implied by NETWORK_EGRESS=restricted)
};

/// The compose lifecycle of one sandbox, mirroring the checkout's Makefile (SANDBOX.md): every
/// operation becomes a Job run by jobs(). The UI and the CLI call these and watch the Job.
class Lifecycle : public QObject {
    Q_OBJECT
public:
    /// Settings validation: fills \a errors / \a warnings ("KEY: message"). Start refuses on errors.
    using Validator = std::function<void(const Checkout&, QStringList& errors, QStringList& warnings)>;

    using StartOptions = LifecycleStartOptions;

    explicit Lifecycle(const Checkout& checkout, QObject* parent = nullptr);
    ~Lifecycle() override;

    JobRunner& jobs() { return *m_runner; }
    const Checkout& checkout() const { return m_checkout; }

    void setValidator(Validator validator) { m_validator = std::move(validator); }
    /// The Engine API client for pre-flight checks, restricted networks and health (not owned).
    void setEngine(EngineClient* engine) { m_engine = engine; }
    void setComposeTool(const ComposeTool& tool) { m_tool = tool; }
    std::optional<ComposeTool> composeTool() const { return m_tool; }
    void setProcessFactory(ProcessFactory factory) { m_factory = std::move(factory); }
    void setHealthTimeout(int ms) { m_healthTimeoutMs = ms; }
    void setCancelGracePeriod(int ms) { m_graceMs = ms; }
    /// Where generated files (the restricted-start override) go; default Logging::stateDir().
    void setStateDir(const QString& dir) { m_stateDir = dir; }

    /// `up -d --build` (+ local-llm profile, Ollama wait/pull or model probe), restricted network
    /// when asked or NETWORK_EGRESS=restricted, then waits until the mode's endpoint answers.
    Job* start(const StartOptions& options = {});
    /// OPERATION_MODE=autonomous `run --rm workspace`: ends with the task; follows autonomous.log.
    Job* runAutonomous();
    /// `--profile local-llm down` (and networks the lifecycle created).
    Job* stop();
    /// stop, then start with the options of the last start (or .env).
    Job* restart();
    /// `build workspace`.
    Job* build();
    /// The running workspace leaves every network with egress now (kept on the compose file's
    /// internal network), verified through the engine: the fix for "egress open while
    /// restricted was asked". Tightening: no review.
    Job* restrictRunning();
    /// `--profile local-llm logs [-f] [--tail N] [SERVICE]`; not mutating.
    Job* logs(const QString& service, bool follow, int tail = -1);
    /// Destructive reset; refused unless \a confirmed.
    Job* nuke(bool confirmed);

    /// Health for the configured (or last started) mode.
    void checkHealth(std::function<void(ModeHealthReport)> done);
    /// Mode of the last start, else OPERATION_MODE of .env.
    OperationMode currentMode() const;
    /// The project's autonomous.log.
    QString autonomousLogFile() const;

public Q_SLOTS:
    /// For the tray and the "restart to apply" banner; results arrive via jobStarted/jobFinished.
    void requestStart() { start(); }
    void requestStop() { stop(); }
    void requestRestart() { restart(); }

Q_SIGNALS:
    void jobStarted(Job* job);
    void jobFinished(Job* job);
    /// The lifecycle is about to stop the stack's containers (stop, restart, nuke, a cancelled
    /// autonomous run): their exits are expected, whatever the code (StackMonitor::expectStop).
    void stopRequested();
    /// An autonomous run's task started (\a job runs it until the task ends).
    void autonomousStarted(Job* job, const AutonomousRun& run);
    /// A line appended to the project's autonomous.log while a run is going on.
    void autonomousOutput(const QString& line);
    /// The run that autonomousStarted() announced ended (finished, failed or cancelled).
    void autonomousFinished(const AutonomousRun& run);

private:
    struct Ctx {
        EnvValues env;
        QString project; ///< compose project name
        OperationMode mode = OperationMode::Interactive;
        bool restricted = false;
        ComposeModel model;
        std::optional<RestrictedStart::Plan> plan; ///< set for a restricted start
        /// The override method: `up --no-start`, the workspace moved, then `start`.
        bool createThenStart() const { return plan && plan->method == RestrictedStart::Method::OverrideFile; }
    };
    using CtxPtr = std::shared_ptr<Ctx>;

    Job* newJob(const QString& name, bool mutating);
    Job* submit(Job* job);
    void addPrepare(Job* job, const CtxPtr& ctx, const StartOptions& options);
    void addValidate(Job* job);
    void reportPreflight(Job& j, const Preflight::Result& result, const Job::Done& done);
    void addFolders(Job* job, const CtxPtr& ctx);
    void addStartSteps(Job* job, const CtxPtr& ctx, bool validate = true);
    void addStopSteps(Job* job, const CtxPtr& ctx);
    /// Restart: refuses before the stop when a host port the stack needs is held by another.
    void addPortCheck(Job* job, const CtxPtr& ctx);
    void addOllamaWait(Job* job, const CtxPtr& ctx);
    void addModelProbe(Job* job, const CtxPtr& ctx);
    void addRestrictPlan(Job* job, const CtxPtr& ctx);
    void addComposeModel(Job* job, const CtxPtr& ctx);
    void addRestrict(Job* job, const CtxPtr& ctx, bool beforeStart);
    void addHealthWait(Job* job, const CtxPtr& ctx);
    void waitForHostPort(Job& j, const CtxPtr& ctx, int port, const Job::Done& done);
    void waitForContainerHealth(Job& j, const CtxPtr& ctx, int port, const Job::Done& done);
    /// Removes the project's `compose run` containers (DELETE ?force=1); needs m_engine.
    void removeOneOffContainers(Job& j, const QString& project, const Job::Done& done);
    ProcessSpec composeSpec(const CtxPtr& ctx, const QStringList& args) const;
    QProcessEnvironment environment(const CtxPtr& ctx) const;

    Checkout m_checkout;
    JobRunner* m_runner;
    QNetworkAccessManager* m_nam;
    Validator m_validator;
    QPointer<EngineClient> m_engine;
    std::optional<ComposeTool> m_tool;
    ProcessFactory m_factory;
    int m_healthTimeoutMs = 90000;
    int m_graceMs = 5000;
    QString m_stateDir;
    std::optional<StartOptions> m_lastStart;
    std::optional<OperationMode> m_lastMode; ///< mode of the last successful start or autonomous run
    QPointer<Job> m_autonomous;
    bool m_autonomousRunning = false;
    int m_autonomousExit = -1;
};
