#include "Job.h"

#include "core/logging/Redaction.h"

#include <QPointer>
#include <QTimer>

namespace {
constexpr qsizetype kMaxHistory = 5000;
constexpr qsizetype kMaxStderr = 200;
constexpr qsizetype kMaxLine = 64 * 1024;
} // namespace

Job::Job(const QString& name, bool mutating, QObject* parent)
    : QObject(parent)
    , m_name(name)
    , m_mutating(mutating)
{
    m_factory = [](QObject* p) { return new QProcess(p); };
}

Job::~Job()
{
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->disconnect(this);
        m_process->kill();
        m_process->waitForFinished(3000);
    }
}

void Job::addProcess(const QString& label, std::function<ProcessSpec()> spec, bool failOnError)
{
    m_steps.push_back({label, std::move(spec), {}, failOnError});
}

void Job::addTask(const QString& label, Task task)
{
    m_steps.push_back({label, {}, std::move(task), true});
}

void Job::addCleanupProcess(const QString& label, std::function<ProcessSpec()> spec)
{
    m_cleanup.push_back({label, std::move(spec), {}, false});
}

void Job::addCleanupTask(const QString& label, Task task)
{
    m_cleanup.push_back({label, {}, std::move(task), false});
}

bool Job::isFinished() const
{
    return m_status != Status::Pending && m_status != Status::Running;
}

QString jobSeconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 1);
}

qint64 Job::durationMs() const
{
    if (m_duration >= 0)
        return m_duration;
    return m_clock.isValid() ? m_clock.elapsed() : 0;
}

int Job::cliExitCode() const
{
    if (m_engineLost)
        return 3;
    switch (m_status) {
    case Status::Succeeded: return 0;
    case Status::Invalid: return 1;
    case Status::Refused: return 4;
    default: return 5;
    }
}

QString Job::statusName(Status status)
{
    switch (status) {
    case Status::Pending: return QStringLiteral("pending");
    case Status::Running: return QStringLiteral("running");
    case Status::Succeeded: return QStringLiteral("succeeded");
    case Status::Failed: return QStringLiteral("failed");
    case Status::Invalid: return QStringLiteral("invalid settings");
    case Status::Refused: return QStringLiteral("refused");
    case Status::Cancelled: return QStringLiteral("cancelled");
    }
    return {};
}

void Job::start()
{
    if (m_status != Status::Pending)
        return;
    m_status = Status::Running;
    m_clock.start();
    Q_EMIT started();
    setPhase(JobPhase::Preparing);
    runNext();
}

void Job::refuse(const QString& reason)
{
    if (isFinished())
        return;
    m_error = reason;
    m_cause = reason; // the last line says it
    finish(Status::Refused);
}

void Job::engineLost(const QString& cause)
{
    if (m_status != Status::Running)
        return;
    m_engineLost = true;
    ++m_stepToken; // a task's late answer is dropped
    if (m_killTimer)
        m_killTimer->stop();
    if (m_process && m_process->state() != QProcess::NotRunning)
        m_process->kill(); // its end finds the job finished
    m_error = cause;
    m_cause = cause;
    finish(Status::Failed);
}

void Job::cancel()
{
    if (isFinished() || m_cancelRequested)
        return;
    m_cancelRequested = true;
    if (m_status == Status::Pending) {
        m_error = QStringLiteral("cancelled before it started");
        finish(Status::Cancelled);
        return;
    }
    Q_EMIT cancelling();
    emitLine(QStringLiteral("cancelling %1 ...").arg(m_name), Stream::Warning);
    if (m_inCleanup)
        return; // let the cleanup bring the stack to a known state
    if (m_process && m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_killTimer) {
            m_killTimer = new QTimer(this);
            m_killTimer->setSingleShot(true);
            connect(m_killTimer, &QTimer::timeout, this, [this]() {
                if (m_process && m_process->state() != QProcess::NotRunning) {
                    emitLine(QStringLiteral("%1 did not stop within %2 ms: killing it").arg(m_process->program()).arg(m_graceMs), Stream::Warning);
                    m_process->kill();
                }
            });
        }
        m_killTimer->start(m_graceMs);
        return;
    }
    // A task step runs: abandon it (its done() is ignored) and clean up.
    ++m_stepToken;
    QTimer::singleShot(0, this, [this]() { beginCleanup(); });
}

void Job::runNext()
{
    const auto& steps = m_inCleanup ? m_cleanup : m_steps;
    if (m_index >= steps.size()) {
        finish(m_inCleanup ? m_pendingOutcome : Status::Succeeded);
        return;
    }
    const Step& step = steps[m_index];
    if (!step.label.isEmpty())
        emitLine(QStringLiteral("» %1").arg(step.label), Stream::Info);
    if (step.process)
        runProcess(step);
    else
        runTask(step);
}

void Job::runTask(const Step& step)
{
    m_parseProgress = false; // a task's output (Job::output) is not compose's progress
    const quint64 token = ++m_stepToken;
    QPointer<Job> self(this);
    Done done = [self, token](bool ok, const QString& error) {
        if (!self || self->m_stepToken != token || self->isFinished())
            return;
        ++self->m_stepToken; // only once
        // Finish asynchronously so a task may call done() from inside itself.
        QTimer::singleShot(0, self, [self, ok, error]() {
            if (self)
                self->stepFinished(ok, error);
        });
    };
    step.task(*this, done);
}

void Job::runProcess(const Step& step)
{
    const ProcessSpec spec = step.process();
    if (spec.program.isEmpty()) { // the step does not apply to these settings
        stepFinished(true, {});
        return;
    }
    m_parseProgress = spec.parseComposeProgress;
    m_capture = spec.captureStdout;
    if (m_capture)
        m_captured.clear();
    m_parser.reset();
    m_stderrTail.clear();
    m_partial[0].clear();
    m_partial[1].clear();
    const bool failOnError = step.failOnError;
    m_process = m_factory(this);
    m_process->setProgram(spec.program);
    m_process->setArguments(spec.arguments);
    m_process->setWorkingDirectory(spec.workingDirectory);
    m_process->setProcessEnvironment(spec.environment);
    // No step reads input: an open stdin pipe keeps `opencode run` waiting for EOF.
    m_process->setStandardInputFile(QProcess::nullDevice());
    QProcess* p = m_process;
    connect(p, &QProcess::readyReadStandardOutput, this, [this, p]() { drain(p, QProcess::StandardOutput, false); });
    connect(p, &QProcess::readyReadStandardError, this, [this, p]() { drain(p, QProcess::StandardError, false); });
    auto onEnd = [this, p, failOnError]() {
        if (p != m_process)
            return;
        drain(p, QProcess::StandardOutput, true);
        drain(p, QProcess::StandardError, true);
        if (m_killTimer)
            m_killTimer->stop();
        const bool started = p->error() != QProcess::FailedToStart;
        const bool normal = started && p->exitStatus() == QProcess::NormalExit;
        m_exitCode = normal ? p->exitCode() : -1;
        const QString program = p->program();
        m_process = nullptr;
        p->deleteLater();
        if (!started) {
            stepFinished(false, QStringLiteral("%1 could not be started: %2").arg(program, p->errorString()));
            return;
        }
        if (normal && m_exitCode == 0) {
            stepFinished(true, {});
            return;
        }
        const QString error = normal ? QStringLiteral("%1 failed with exit code %2").arg(program).arg(m_exitCode)
                                     : QStringLiteral("%1 was terminated").arg(program);
        const QString detail = m_stderrTail.mid(qMax<qsizetype>(0, m_stderrTail.size() - 40)).join(QLatin1Char('\n'));
        if (!failOnError) {
            warn(detail.isEmpty() ? error : error + QStringLiteral(":\n") + detail);
            stepFinished(true, {});
            return;
        }
        m_processDetail = detail; // its lines were shown as they came: errorText() only
        stepFinished(false, error);
    };
    connect(p, &QProcess::finished, this, onEnd);
    connect(p, &QProcess::errorOccurred, this, [onEnd](QProcess::ProcessError e) {
        if (e == QProcess::FailedToStart)
            onEnd();
    });
    p->start();
}

void Job::drain(QProcess* p, QProcess::ProcessChannel channel, bool flush)
{
    p->setReadChannel(channel);
    if (channel == QProcess::StandardOutput && m_capture) {
        m_captured += p->readAll();
        if (m_captured.size() > 16 * 1024 * 1024)
            m_captured.truncate(16 * 1024 * 1024);
        return;
    }
    splitOutput(channel == QProcess::StandardOutput ? Stream::Stdout : Stream::Stderr, p->readAll(), flush);
}

void Job::output(Stream stream, const QByteArray& bytes, bool flush)
{
    if (stream == Stream::Stdout || stream == Stream::Stderr)
        splitOutput(stream, bytes, flush);
}

void Job::splitOutput(Stream stream, const QByteArray& bytes, bool flush)
{
    QByteArray& buf = m_partial[stream == Stream::Stdout ? 0 : 1];
    buf += bytes;
    qsizetype start = 0;
    for (qsizetype i = 0; i < buf.size(); ++i) {
        const char c = buf.at(i);
        if (c == '\n' || c == '\r' || i - start >= kMaxLine) {
            const QByteArray line = buf.mid(start, i - start);
            start = (c == '\n' || c == '\r') ? i + 1 : i;
            if (!line.isEmpty())
                emitLine(stripAnsi(QString::fromUtf8(line)), stream);
        }
    }
    buf.remove(0, start);
    if (flush && !buf.isEmpty()) {
        emitLine(stripAnsi(QString::fromUtf8(buf)), stream);
        buf.clear();
    }
}

void Job::stepFinished(bool ok, const QString& error)
{
    if (isFinished())
        return;
    if (m_inCleanup) {
        if (!ok && !error.isEmpty())
            warn(QStringLiteral("cleanup: %1").arg(error));
        ++m_index;
        runNext();
        return;
    }
    if (m_cancelRequested) {
        beginCleanup();
        return;
    }
    if (!ok) {
        m_error = m_processDetail.isEmpty() ? error : error + QStringLiteral(":\n") + m_processDetail;
        m_processDetail.clear();
        // Said once, in the last line (finish), unless the analysis finds a deeper cause.
        m_cause = QString(error).replace(QStringLiteral(":\n"), QStringLiteral(": ")).replace(QLatin1Char('\n'), QStringLiteral("; "));
        m_pendingOutcome = m_failStatus;
        if (!m_analysis || m_failStatus != Status::Failed) {
            afterFailure({});
            return;
        }
        // Like a task step: a cancel abandons it (the token), the answer comes back once.
        const quint64 token = ++m_stepToken;
        QPointer<Job> self(this);
        m_analysis(*this, [self, token](bool, const QString& cause) {
            if (!self || self->m_stepToken != token || self->isFinished())
                return;
            ++self->m_stepToken;
            QTimer::singleShot(0, self, [self, cause]() {
                if (self)
                    self->afterFailure(cause);
            });
        });
        return;
    }
    ++m_index;
    runNext();
}

void Job::afterFailure(const QString& cause)
{
    if (isFinished())
        return;
    if (!cause.isEmpty()) {
        emitLine(m_cause, Stream::Stderr); // the failing step's own words; the cause goes last
        m_cause = cause;
        m_error = cause + QLatin1Char('\n') + m_error;
    }
    if (!m_cleanupOnFailure || !m_cleanupArmed || m_cleanup.empty()) {
        finish(m_failStatus);
        return;
    }
    m_inCleanup = true;
    m_index = 0;
    setPhase(JobPhase::CleaningUp);
    emitLine(QStringLiteral("%1 failed: bringing the stack back to a known state").arg(m_name), Stream::Warning);
    runNext();
}

void Job::beginCleanup()
{
    if (isFinished() || m_inCleanup)
        return;
    m_pendingOutcome = Status::Cancelled;
    if (m_error.isEmpty())
        m_error = QStringLiteral("%1 was cancelled").arg(m_name);
    m_inCleanup = true;
    m_index = 0;
    if (!m_cleanupArmed || m_cleanup.empty()) {
        emitLine(QStringLiteral("cancelled; nothing to clean up"), Stream::Warning);
        finish(Status::Cancelled);
        return;
    }
    setPhase(JobPhase::CleaningUp);
    emitLine(QStringLiteral("cancelled: bringing the stack back to a known state"), Stream::Warning);
    runNext();
}

void Job::finish(Status status)
{
    if (isFinished())
        return;
    m_status = status;
    m_duration = m_clock.isValid() ? m_clock.elapsed() : 0;
    if (status == Status::Succeeded) {
        setProgress(100);
        setPhase(JobPhase::Done);
    }
    // The last line names the cause: a user reads it first.
    QString last = QStringLiteral("%1: %2 after %3 s").arg(m_name, statusName(status), jobSeconds(m_duration));
    if (status != Status::Succeeded && status != Status::Cancelled && !m_cause.isEmpty())
        last += QStringLiteral(": ") + m_cause;
    emitLine(last, status == Status::Succeeded ? Stream::Info : Stream::Warning);
    Q_EMIT finished(status);
}

void Job::info(const QString& line)
{
    emitLine(line, Stream::Info);
}

void Job::warn(const QString& line)
{
    m_warnings << Redaction::redact(line);
    emitLine(line, Stream::Warning);
}

void Job::setPhase(JobPhase phase)
{
    if (phase == m_phase)
        return;
    m_phase = phase;
    m_phaseClock.start();
    Q_EMIT phaseChanged(phase);
    // A percentage is known only within a build; any other phase waits for an end it cannot measure.
    if (phase != JobPhase::Building && phase != JobPhase::Done)
        setProgress(-1);
}

void Job::setProgress(int percent)
{
    if (percent == m_progress)
        return;
    m_progress = percent;
    Q_EMIT progressChanged(percent);
}

void Job::emitLine(const QString& raw, Stream stream)
{
    const QString line = Redaction::redact(raw);
    if (stream == Stream::Stderr) {
        m_stderrTail << line;
        if (m_stderrTail.size() > kMaxStderr)
            m_stderrTail.removeFirst();
    }
    m_history << line;
    if (m_history.size() > kMaxHistory)
        m_history.removeFirst();
    if (m_parseProgress && (stream == Stream::Stdout || stream == Stream::Stderr) && !m_inCleanup) {
        const auto u = m_parser.feed(line);
        if (u.phaseChanged)
            setPhase(u.phase);
        if (u.percent >= 0)
            setProgress(qMin(u.percent, 99)); // "Step 7/7" starts the last step: 100 % is the job's end
    }
    Q_EMIT outputLine(line, stream);
}
