#include "Lifecycle.h"

#include "core/compose/EngineLossWatch.h"
#include "core/compose/FailureCause.h"
#include "core/compose/FileTail.h"
#include "core/compose/Preflight.h"
#include "core/compose/RestrictedNetwork.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QNetworkAccessManager>
#include <QRegularExpression>

namespace {
const QString kProfile = QStringLiteral("--profile");
const QString kLocalLlm = QStringLiteral("local-llm");
} // namespace

Lifecycle::Lifecycle(const Checkout& checkout, QObject* parent)
    : QObject(parent)
    , m_checkout(checkout)
    , m_runner(new JobRunner(checkout.root(), this))
    , m_nam(new QNetworkAccessManager(this))
{
    connect(m_runner, &JobRunner::jobStarted, this, &Lifecycle::jobStarted);
    connect(m_runner, &JobRunner::jobFinished, this, &Lifecycle::jobFinished);
}

Lifecycle::~Lifecycle() = default;

Job* Lifecycle::newJob(const QString& name, bool mutating)
{
    auto* job = new Job(name, mutating);
    job->setCancelGracePeriod(m_graceMs);
    if (m_factory)
        job->setProcessFactory(m_factory);
    return job;
}

Job* Lifecycle::submit(Job* job)
{
    if (job->isMutating() && m_engine)
        new EngineLossWatch(*m_engine, m_checkout.composeProjectName(), job);
    m_runner->submit(job);
    return job;
}

QProcessEnvironment Lifecycle::environment(const CtxPtr& ctx) const
{
    // The .env is authoritative (the Makefile includes it): drop stray copies of its keys from
    // our own environment so compose reads them from the file, then set what the Makefile sets.
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    static const QStringList keep = {QStringLiteral("PATH"), QStringLiteral("HOME"), QStringLiteral("DOCKER_HOST"), QStringLiteral("DOCKER_CONFIG"),
                                     QStringLiteral("DOCKER_CONTEXT")};
    for (const QString& key : ctx->env.keys()) {
        if (!keep.contains(key))
            env.remove(key);
    }
    env.insert(QStringLiteral("ACTIVE_PROJECT"), ctx->env.projectName());
    env.insert(QStringLiteral("OPERATION_MODE"), SettingsTypes::modeName(ctx->mode));
    env.insert(QStringLiteral("OPENCODE_INTERFACE"), SettingsTypes::interfaceName(ctx->env.interface()));
    env.insert(QStringLiteral("COMPOSE_PROJECT_NAME"), ctx->project);
    if (ctx->plan && ctx->plan->method == RestrictedStart::Method::WorkspaceNetworkVariable)
        env.insert(QStringLiteral("WORKSPACE_NETWORK"), ctx->plan->networkKey);
    return env;
}

ProcessSpec Lifecycle::composeSpec(const CtxPtr& ctx, const QStringList& args) const
{
    ProcessSpec spec;
    spec.program = m_tool ? m_tool->program() : QStringLiteral("docker-compose");
    const QStringList files = ctx->plan ? ctx->plan->composeFileArguments(m_checkout.composeFile()) : QStringList();
    spec.arguments = m_tool ? m_tool->arguments(ctx->project, files + args) : files + args;
    spec.workingDirectory = m_checkout.root();
    spec.environment = environment(ctx);
    return spec;
}

void Lifecycle::addPrepare(Job* job, const CtxPtr& ctx, const StartOptions& options)
{
    job->addTask(QStringLiteral("reading settings and finding the compose tool"), [this, ctx, options](Job& j, Job::Done done) {
        QString error;
        ctx->env = EnvValues::load(m_checkout.envFile(), &error);
        if (!error.isEmpty() && QFileInfo::exists(m_checkout.envFile())) {
            j.setFailureStatus(Job::Status::Invalid);
            done(false, error);
            return;
        }
        ctx->env.registerSecrets();
        ctx->project = m_checkout.composeProjectName();
        const std::optional<OperationMode> mode = options.mode ? options.mode : ctx->env.parsedMode();
        if (!mode) {
            j.setFailureStatus(Job::Status::Invalid);
            done(false,
                 QStringLiteral("OPERATION_MODE: '%1' is not one of interactive, autonomous, conductor").arg(ctx->env.value(QStringLiteral("OPERATION_MODE"))));
            return;
        }
        ctx->mode = *mode;
        ctx->restricted = options.restricted || SettingsTypes::parseEgress(ctx->env.value(QStringLiteral("NETWORK_EGRESS"))) == Egress::Restricted;
        if (m_tool) {
            j.info(QStringLiteral("compose tool: %1; project %2").arg(m_tool->describe(), ctx->project));
            done(true, {});
            return;
        }
        QPointer<Lifecycle> self(this);
        ComposeTool::detectAsync(&j, [self, ctx, &j, done](std::optional<ComposeTool> tool, const QString& why) {
            if (!self || !tool) {
                done(false, why);
                return;
            }
            self->m_tool = tool;
            j.info(QStringLiteral("compose tool: %1; project %2").arg(tool->describe(), ctx->project));
            done(true, {});
        });
    });
}

void Lifecycle::reportPreflight(Job& j, const Preflight::Result& result, const Job::Done& done)
{
    for (const QString& w : result.warnings)
        j.warn(QStringLiteral("pre-flight: %1").arg(w));
    if (result.errors.isEmpty()) {
        done(true, {});
        return;
    }
    j.setFailureStatus(Job::Status::Invalid);
    done(false, QStringLiteral("refusing to start (pre-flight): %1").arg(result.errors.join(QLatin1Char('\n'))));
}

void Lifecycle::addValidate(Job* job)
{
    job->addTask(QStringLiteral("validating settings"), [this](Job& j, Job::Done done) {
        if (!m_validator) {
            j.info(QStringLiteral("no settings validator available; skipped"));
            done(true, {});
            return;
        }
        QStringList errors, warnings;
        m_validator(m_checkout, errors, warnings);
        for (const QString& w : warnings)
            j.warn(QStringLiteral("warning %1").arg(w));
        if (!errors.isEmpty()) {
            for (const QString& e : errors)
                j.info(QStringLiteral("error %1").arg(e));
            j.setFailureStatus(Job::Status::Invalid);
            done(false, QStringLiteral("refusing to start: the settings have %1 error(s):\n%2").arg(errors.size()).arg(errors.join(QLatin1Char('\n'))));
            return;
        }
        done(true, {});
    });
}

void Lifecycle::addFolders(Job* job, const CtxPtr& ctx)
{
    job->addTask(QStringLiteral("creating project folders"), [this, ctx](Job& j, Job::Done done) {
        const QString root = ctx->env.value(QStringLiteral("PROJECTS_ROOT_PATH"));
        if (root.isEmpty() || !QDir::isAbsolutePath(root)) {
            j.setFailureStatus(Job::Status::Invalid);
            done(false, QStringLiteral("PROJECTS_ROOT_PATH must be an absolute path (is '%1')").arg(root));
            return;
        }
        const QString logs = ctx->env.projectLogsDir(m_checkout.root());
        if (!QDir().mkpath(logs)) {
            done(false, QStringLiteral("cannot create %1").arg(logs));
            return;
        }
        for (const char* key : {"TEMP_PATH", "SHARED_SYSTEM_PATH"}) {
            const QString dir = ctx->env.value(QString::fromLatin1(key));
            if (QDir::isAbsolutePath(dir) && !QFileInfo::exists(dir) && !QDir().mkpath(dir))
                j.warn(QStringLiteral("%1: cannot create %2").arg(QString::fromLatin1(key), dir));
        }
        done(true, {});
    });
    const QString script = m_checkout.path(QStringLiteral("new_project.sh"));
    if (QFileInfo(script).isExecutable()) {
        job->addTask({}, [this](Job& j, Job::Done done) { reportPreflight(j, Preflight::projectScript(m_checkout.root()), done); });
        job->addProcess(QStringLiteral("./new_project.sh"), [this, ctx, script]() {
            ProcessSpec spec;
            spec.program = script;
            spec.arguments = {ctx->env.projectName()};
            spec.workingDirectory = m_checkout.root();
            spec.environment = environment(ctx);
            spec.parseComposeProgress = false;
            return spec;
        });
    }
}

void Lifecycle::addStartSteps(Job* job, const CtxPtr& ctx, bool validate)
{
    job->addTask({}, [this](Job& j, Job::Done done) {
        if (QFileInfo::exists(m_checkout.envFile())) {
            done(true, {});
            return;
        }
        j.setFailureStatus(Job::Status::Invalid);
        done(false, m_checkout.needsEnvFromExample()
                        ? QStringLiteral("%1 has no .env: create it from .env.example first (Overview: \"Create .env from .env.example\") and review it; "
                                         "the panel never starts on the example's values")
                              .arg(m_checkout.root())
                        : QStringLiteral("%1 has no .env (and no .env.example to create it from)").arg(m_checkout.root()));
    });
    if (validate)
        addValidate(job);
    job->addTask({}, [this](Job& j, Job::Done done) { reportPreflight(j, Preflight::mcpReview(m_checkout), done); });
    addRestrictPlan(job, ctx);
    addFolders(job, ctx);
    // `config` first: a broken compose file fails here with compose's own message, nothing started.
    addComposeModel(job, ctx);
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (!m_engine) {
            done(true, {});
            return;
        }
        QStringList services{QStringLiteral("workspace")};
        if (ctx->env.value(QStringLiteral("LLM_SOURCE")) == QLatin1String("ollama_docker") && ctx->mode != OperationMode::Conductor)
            services << QStringLiteral("llm-backend");
        EngineApi::info(*m_engine, &j, [this, ctx, services, &j, done](const EngineReply& r, const QJsonObject& info) {
            if (!r.ok()) {
                j.warn(QStringLiteral("pre-flight: the engine's /info did not answer (%1); limits not checked").arg(r.describe()));
                done(true, {});
                return;
            }
            reportPreflight(j, Preflight::limits(ctx->model, info, services), done);
        });
    });
    // A restricted start through the override creates the containers without starting them,
    // moves the workspace onto internal networks only, then starts: no moment of open egress.
    job->addProcess(QStringLiteral("starting the stack"), [this, ctx, job]() {
        job->armCleanup();
        QStringList args;
        const bool ollama = ctx->env.value(QStringLiteral("LLM_SOURCE")) == QLatin1String("ollama_docker");
        if (ollama && ctx->mode != OperationMode::Conductor)
            args << kProfile << kLocalLlm;
        if (ctx->createThenStart()) {
            args << QStringLiteral("up") << QStringLiteral("--build") << QStringLiteral("--no-start"); // v1 refuses -d with it
            job->info(QStringLiteral("restricted egress: the containers are created first; the workspace starts once it is on internal networks only"));
        } else {
            args << QStringLiteral("up") << QStringLiteral("-d") << QStringLiteral("--build");
        }
        if (ctx->mode == OperationMode::Conductor)
            args << QStringLiteral("workspace");
        return composeSpec(ctx, args);
    });
    addRestrict(job, ctx, true);
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (!ctx->createThenStart() || !m_engine) { // no engine: addRestrict has failed the job already
            done(true, {});
            return;
        }
        j.info(QStringLiteral("» starting the containers"));
        RestrictedNetwork::startCreated(
            *m_engine, &j, ctx->project, QStringLiteral("workspace"), [&j](const QString& l) { j.info(l); }, done);
    });
    addOllamaWait(job, ctx);
    addModelProbe(job, ctx);
    addRestrict(job, ctx, false);
    addHealthWait(job, ctx);
    job->addCleanupProcess(QStringLiteral("bringing the stack down"), [this, ctx]() {
        return composeSpec(ctx, {kProfile, kLocalLlm, QStringLiteral("down")});
    });
    job->addCleanupTask({}, [this, ctx](Job& j, Job::Done done) {
        if (!m_engine) {
            done(true, {});
            return;
        }
        FailureCause::leftRunning(*m_engine, ctx->project, &j, [&j, done](const QString& line) {
            j.warn(line);
            done(true, {});
        });
    });
    job->setCleanupOnFailure(true);
    job->setFailureAnalysis([this, ctx](Job& j, Job::Done done) {
        FailureCause::analyze(m_engine, ctx->project, j.history(), &j, [done](const QString& cause) { done(true, cause); });
    });
}

void Lifecycle::addPortCheck(Job* job, const CtxPtr& ctx)
{
    job->addTask(QStringLiteral("checking that the ports the stack needs are free"), [this, ctx](Job& j, Job::Done done) {
        QFile f(m_checkout.composeFile());
        QHash<QString, QString> values;
        for (const QString& key : ctx->env.keys())
            values.insert(key, ctx->env.value(key));
        QList<ComposePort> ports;
        QString error;
        if (!f.open(QIODevice::ReadOnly) || !ComposePorts::parse(f.readAll(), values, &ports, &error)) {
            j.warn(QStringLiteral("ports not checked: %1").arg(error.isEmpty() ? f.errorString() : error));
            done(true, {});
            return;
        }
        const bool modelServer = ctx->env.value(QStringLiteral("LLM_SOURCE")) == QLatin1String("ollama_docker") && ctx->mode != OperationMode::Conductor;
        ports.removeIf([&](const ComposePort& p) {
            return (p.service == QLatin1String("llm-backend") && !modelServer)
                   || (ctx->mode == OperationMode::Conductor && p.service != QLatin1String("workspace"));
        });
        FailureCause::checkPortsFree(m_engine, ctx->project, ports, &j, [&j, done](const QString& cause) {
            if (cause.isEmpty()) {
                done(true, {});
                return;
            }
            j.setFailureStatus(Job::Status::Refused);
            done(false, QStringLiteral("%1; the running stack was left alone").arg(cause));
        });
    });
}

void Lifecycle::addStopSteps(Job* job, const CtxPtr& ctx)
{
    job->addProcess(QStringLiteral("stopping the stack"), [this, ctx, job]() {
        job->armCleanup();
        Q_EMIT stopRequested();
        return composeSpec(ctx, {kProfile, kLocalLlm, QStringLiteral("down")});
    });
    job->addTask({}, [this, ctx](Job& j, Job::Done done) {
        if (!m_engine) {
            done(true, {});
            return;
        }
        RestrictedNetwork::removeLeftoverNetworks(
            *m_engine, &j, ctx->project, [&j](const QString& l) { j.info(l); },
            [&j, done](bool ok, const QString& e) {
                if (!ok)
                    j.warn(e);
                done(true, {});
            });
    });
}

Job* Lifecycle::start(const StartOptions& options)
{
    if (options.mode == OperationMode::Autonomous)
        return runAutonomous();
    QString name = options.restricted ? QStringLiteral("Start restricted") : QStringLiteral("Start");
    if (options.mode == OperationMode::Conductor)
        name = QStringLiteral("Start conductor");
    Job* job = newJob(name, true);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, options);
    addStartSteps(job, ctx);
    connect(job, &Job::finished, this, [this, options, ctx](Job::Status s) {
        if (s == Job::Status::Succeeded) {
            m_lastStart = options;
            m_lastMode = ctx->mode;
        }
    });
    return submit(job);
}

void Lifecycle::addComposeModel(Job* job, const CtxPtr& ctx)
{
    job->addProcess(QStringLiteral("checking the compose file"), [this, ctx]() {
        ProcessSpec spec = composeSpec(ctx, {kProfile, kLocalLlm, QStringLiteral("config")});
        spec.captureStdout = true;
        spec.parseComposeProgress = false;
        return spec;
    });
    job->addTask({}, [ctx](Job& j, Job::Done done) {
        QString error;
        if (!ComposeModel::parse(j.capturedStdout(), ctx->project, &ctx->model, &error))
            done(false, error);
        else
            done(true, {});
    });
}

Job* Lifecycle::restrictRunning()
{
    Job* job = newJob(QStringLiteral("Restrict egress"), true);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {});
    job->addTask({}, [ctx](Job&, Job::Done done) {
        ctx->restricted = true; // whatever .env says now: this is the operator's explicit fix
        done(true, {});
    });
    addRestrictPlan(job, ctx); // v2's `config` names the internal network only with the override
    addComposeModel(job, ctx);
    job->addTask({}, [ctx](Job&, Job::Done done) {
        ctx->plan.reset(); // the workspace runs already: move it where it is
        done(true, {});
    });
    addRestrict(job, ctx, false);
    return submit(job);
}

Job* Lifecycle::stop()
{
    Job* job = newJob(QStringLiteral("Stop"), true);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {});
    addStopSteps(job, ctx);
    return submit(job);
}

Job* Lifecycle::restart()
{
    Job* job = newJob(QStringLiteral("Restart"), true);
    auto ctx = std::make_shared<Ctx>();
    StartOptions options = m_lastStart.value_or(StartOptions{});
    if (options.mode == OperationMode::Autonomous)
        options.mode.reset();
    addPrepare(job, ctx, options);
    addValidate(job); // refuse before stopping anything
    addPortCheck(job, ctx);
    addStopSteps(job, ctx);
    addStartSteps(job, ctx, false);
    connect(job, &Job::finished, this, [this, ctx](Job::Status s) {
        if (s == Job::Status::Succeeded)
            m_lastMode = ctx->mode;
    });
    return submit(job);
}

Job* Lifecycle::build()
{
    Job* job = newJob(QStringLiteral("Build"), true);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {});
    job->addProcess(QStringLiteral("building the workspace image"), [this, ctx, job]() {
        job->armCleanup();
        return composeSpec(ctx, {QStringLiteral("build"), QStringLiteral("workspace")});
    });
    job->addCleanupTask({}, [](Job& j, Job::Done done) {
        j.warn(QStringLiteral("build interrupted: the stack's containers were not touched and the image tag was not "
                              "updated; the engine may still finish the interrupted build step in the background"));
        done(true, {});
    });
    return submit(job);
}

Job* Lifecycle::logs(const QString& service, bool follow, int tail)
{
    Job* job = newJob(QStringLiteral("Logs"), false);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {});
    job->addProcess({}, [this, ctx, service, follow, tail]() {
        QStringList args{kProfile, kLocalLlm, QStringLiteral("logs"), QStringLiteral("--no-color")};
        if (follow)
            args << QStringLiteral("-f");
        if (tail >= 0)
            args << QStringLiteral("--tail") << QString::number(tail);
        if (!service.isEmpty())
            args << service;
        ProcessSpec spec = composeSpec(ctx, args);
        spec.parseComposeProgress = false;
        return spec;
    });
    return submit(job);
}

Job* Lifecycle::nuke(bool confirmed)
{
    Job* job = newJob(QStringLiteral("Nuke"), true);
    if (!confirmed) {
        job->setParent(this);
        job->refuse(QStringLiteral("nuke destroys the project folder, TEMP_PATH contents, volumes and images: "
                                   "it needs an explicit confirmation (--yes, or the typed project name)"));
        Q_EMIT jobFinished(job);
        return job;
    }
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {});
    addStopSteps(job, ctx);
    job->addTask(QStringLiteral("deleting TEMP_PATH contents and the project folder"), [ctx](Job& j, Job::Done done) {
        static const QRegularExpression nameRe(QStringLiteral("^[A-Za-z0-9_-]+$"));
        const QString temp = QDir::cleanPath(ctx->env.value(QStringLiteral("TEMP_PATH")));
        const QString root = QDir::cleanPath(ctx->env.value(QStringLiteral("PROJECTS_ROOT_PATH")));
        const QString name = ctx->env.value(QStringLiteral("PROJECT_NAME"));
        auto unsafe = [](const QString& p) {
            return p.isEmpty() || !QDir::isAbsolutePath(p) || p == QLatin1String("/") || p == QDir::homePath() || QDir(p).isRoot();
        };
        if (unsafe(temp) || unsafe(root) || !nameRe.match(name).hasMatch()) {
            done(false, QStringLiteral("refusing to delete: TEMP_PATH ('%1'), PROJECTS_ROOT_PATH ('%2') or PROJECT_NAME ('%3') is not a safe value")
                            .arg(temp, root, name));
            return;
        }
        QDir tempDir(temp);
        for (const QFileInfo& fi : tempDir.entryInfoList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot | QDir::System)) {
            const bool ok = fi.isDir() && !fi.isSymLink() ? QDir(fi.absoluteFilePath()).removeRecursively() : QFile::remove(fi.absoluteFilePath());
            if (!ok)
                j.warn(QStringLiteral("could not delete %1").arg(fi.absoluteFilePath()));
        }
        const QString project = QDir(root).filePath(name);
        if (QFileInfo::exists(project) && !QDir(project).removeRecursively())
            j.warn(QStringLiteral("could not delete all of %1").arg(project));
        j.info(QStringLiteral("deleted %1 and the contents of %2").arg(project, temp));
        done(true, {});
    });
    job->addProcess(QStringLiteral("removing volumes and images"), [this, ctx]() {
        return composeSpec(ctx, {kProfile, kLocalLlm, QStringLiteral("down"), QStringLiteral("-v"), QStringLiteral("--rmi"), QStringLiteral("all"),
                                 QStringLiteral("--remove-orphans")});
    });
    return submit(job);
}

Job* Lifecycle::runAutonomous()
{
    Job* job = newJob(QStringLiteral("Run autonomous"), true);
    auto ctx = std::make_shared<Ctx>();
    addPrepare(job, ctx, {OperationMode::Autonomous, false});
    job->addTask({}, [ctx](Job& j, Job::Done done) {
        if (ctx->env.value(QStringLiteral("TASK_FILE")).isEmpty()) {
            j.setFailureStatus(Job::Status::Invalid);
            done(false, QStringLiteral("TASK_FILE: autonomous mode needs a task file (set TASK_FILE)"));
            return;
        }
        done(true, {});
    });
    addValidate(job);
    addFolders(job, ctx);
    // `compose run` starts no profile service: the task's model server must answer first.
    job->addProcess({}, [this, ctx, job]() {
        if (ctx->env.value(QStringLiteral("LLM_SOURCE")) != QLatin1String("ollama_docker"))
            return ProcessSpec{}; // LM Studio / FastFlow run on the host
        job->info(QStringLiteral("» starting the model server for the task (llm-backend)"));
        job->armCleanup();
        return composeSpec(ctx, {kProfile, kLocalLlm, QStringLiteral("up"), QStringLiteral("-d"), QStringLiteral("llm-backend")});
    });
    addOllamaWait(job, ctx);
    auto* tail = new FileTail(autonomousLogFile(), job);
    connect(tail, &FileTail::line, job, [this, job](const QString& l) {
        job->info(QStringLiteral("autonomous.log: %1").arg(l));
        Q_EMIT autonomousOutput(l);
    });
    auto run = std::make_shared<AutonomousRun>();
    job->addTask({}, [this, tail, ctx, run](Job& j, Job::Done done) {
        tail->start();
        m_autonomous = &j;
        m_lastMode = OperationMode::Autonomous;
        m_autonomousRunning = true;
        m_autonomousExit = -1;
        run->taskFile = ctx->env.value(QStringLiteral("TASK_FILE"));
        run->logFile = autonomousLogFile();
        j.setPhase(JobPhase::Running);
        j.info(QStringLiteral("autonomous run of %1; its output: %2").arg(run->taskFile, run->logFile));
        Q_EMIT autonomousStarted(&j, *run);
        done(true, {});
    });
    job->addProcess(QStringLiteral("running the task (OPERATION_MODE=autonomous)"), [this, ctx, job]() {
        job->armCleanup();
        ProcessSpec spec = composeSpec(ctx, {QStringLiteral("run"), QStringLiteral("--rm"), QStringLiteral("-T"), QStringLiteral("workspace")});
        spec.parseComposeProgress = false;
        return spec;
    });
    job->addCleanupTask(QStringLiteral("removing the run's container"), [this, ctx](Job& j, Job::Done done) {
        Q_EMIT stopRequested();
        if (!m_engine) {
            done(false, QStringLiteral("no Engine API connection: the run's container of %1, if any, is left").arg(ctx->project));
            return;
        }
        removeOneOffContainers(j, ctx->project, done);
    });
    connect(job, &Job::finished, this, [this, job, tail, run](Job::Status status) {
        tail->stop();
        const bool started = m_autonomousRunning && m_autonomous == job;
        m_autonomousRunning = false;
        m_autonomousExit = job->exitCode();
        if (!started)
            return; // refused or invalid before the task ran: nothing to announce
        run->status = status;
        run->exitCode = job->exitCode();
        run->durationMs = job->durationMs();
        Q_EMIT autonomousFinished(*run);
    });
    return submit(job);
}

void Lifecycle::removeOneOffContainers(Job& j, const QString& project, const Job::Done& done)
{
    QPointer<EngineClient> engine = m_engine;
    EngineApi::projectContainers(*engine, project, &j, [&j, engine, done](const EngineReply& r, const QList<ProjectContainer>& all) {
        if (!r.ok() || !engine) {
            done(false, QStringLiteral("listing the run's container failed: %1").arg(r.ok() ? QStringLiteral("the engine connection is gone") : r.describe()));
            return;
        }
        auto left = std::make_shared<QStringList>();
        for (const ProjectContainer& c : all) {
            if (c.oneOff)
                *left << c.name;
        }
        if (left->isEmpty()) {
            done(true, {});
            return;
        }
        auto errors = std::make_shared<QStringList>();
        const QStringList names = *left;
        for (const QString& name : names) {
            EngineApi::removeContainer(*engine, name, &j, [&j, name, left, errors, done](const EngineReply& rr, bool ok) {
                if (ok)
                    j.info(QStringLiteral("removed the run's container %1").arg(name));
                else
                    *errors << QStringLiteral("%1: %2").arg(name, rr.describe());
                left->removeOne(name);
                if (left->isEmpty())
                    done(errors->isEmpty(),
                         errors->isEmpty() ? QString() : QStringLiteral("removing the run's container failed: %1").arg(errors->join(QStringLiteral("; "))));
            });
        }
    });
}

OperationMode Lifecycle::currentMode() const
{
    return m_lastMode.value_or(EnvValues::load(m_checkout.envFile()).mode());
}

QString Lifecycle::autonomousLogFile() const
{
    return QDir(EnvValues::load(m_checkout.envFile()).projectLogsDir(m_checkout.root())).filePath(QStringLiteral("autonomous.log"));
}

void Lifecycle::checkHealth(std::function<void(ModeHealthReport)> done)
{
    const OperationMode mode = m_autonomousRunning ? OperationMode::Autonomous : currentMode();
    if (mode == OperationMode::Autonomous) {
        done(ModeHealth::autonomous(m_autonomousRunning, m_autonomousExit, autonomousLogFile()));
        return;
    }
    const int port = EnvValues::load(m_checkout.envFile()).frontEndPort(mode);
    ModeHealth::probeHttp(m_nam, mode, port, 3000, std::move(done));
}
