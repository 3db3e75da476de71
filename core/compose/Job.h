#pragma once

#include "core/compose/ComposeProgress.h"

#include <QElapsedTimer>
#include <QObject>
#include <QProcess>
#include <QStringList>

#include <functional>
#include <vector>

class QTimer;

/// One program a job step runs (argument list, never a shell).
struct ProcessSpec {
    QString program;
    QStringList arguments;
    QString workingDirectory;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    bool parseComposeProgress = true;
    bool captureStdout = false; ///< keep stdout in Job::capturedStdout() instead of showing it
};

/// "12.3" for 12345 ms: how jobs, phases and runs say their duration.
QString jobSeconds(qint64 ms);

/// Creates the QProcess a step runs; swapped in unit tests.
using ProcessFactory = std::function<QProcess*(QObject* parent)>;

/// One lifecycle operation (start, stop, build, ...): a sequence of steps run in order with
/// streamed output lines (secrets redacted), phase and progress, cancel, exit status and duration.
class Job : public QObject {
    Q_OBJECT
public:
    enum class Status {
        Pending,
        Running,
        Succeeded,
        Failed,  ///< the operation failed (compose failed, timeout): CLI exit 5
        Invalid, ///< refused because settings are invalid: CLI exit 1
        Refused, ///< refused (confirmation missing, another job): CLI exit 4
        Cancelled,
    };
    Q_ENUM(Status)
    enum class Stream { Stdout, Stderr, Info, Warning };
    Q_ENUM(Stream)

    /// A task step finishes by calling this once (further calls are ignored).
    using Done = std::function<void(bool ok, const QString& error)>;
    using Task = std::function<void(Job& job, Done done)>;

    Job(const QString& name, bool mutating, QObject* parent = nullptr);
    ~Job() override;

    QString name() const { return m_name; }
    /// Mutating jobs change the stack; one at a time per sandbox.
    bool isMutating() const { return m_mutating; }

    /// Appends a step running a program; the spec is computed when the step starts (a spec
    /// without a program skips the step).
    void addProcess(const QString& label, std::function<ProcessSpec()> spec, bool failOnError = true);
    /// Appends an asynchronous step (engine calls, waits, probes).
    void addTask(const QString& label, Task task);
    /// Steps run after a cancel (and after a failure when cleanupOnFailure) to leave a known state.
    void addCleanupProcess(const QString& label, std::function<ProcessSpec()> spec);
    void addCleanupTask(const QString& label, Task task);
    /// Cleanup steps only run once the stack was touched: call from a step before it changes it.
    void armCleanup() { m_cleanupArmed = true; }
    void setCleanupOnFailure(bool on) { m_cleanupOnFailure = on; }
    void setCancelGracePeriod(int ms) { m_graceMs = ms; }
    void setProcessFactory(ProcessFactory factory) { m_factory = std::move(factory); }
    /// Status a failing task step leaves (default Failed); e.g. Invalid for validation errors.
    void setFailureStatus(Status status) { m_failStatus = status; }
    /// Runs when a step fails (status Failed), before the cleanup: it finds the cause (done's
    /// text, empty when none is known), which then leads errorText() and the job's last line.
    void setFailureAnalysis(Task analysis) { m_analysis = std::move(analysis); }

    void start();
    /// Terminate, kill after the grace period, then run the cleanup steps.
    void cancel();
    /// Marks the job refused without running it (used by JobRunner).
    void refuse(const QString& reason);
    /// The engine went away while the job ran: it ends at once (status Failed, CLI exit 3) with
    /// \a cause as its last line; its program is killed, no cleanup runs (nothing could reach it).
    void engineLost(const QString& cause);
    bool lostEngine() const { return m_engineLost; }

    Status status() const { return m_status; }
    bool isFinished() const;
    bool cancelRequested() const { return m_cancelRequested; }
    JobPhase phase() const { return m_phase; }
    /// 0..99 within a build, 100 once succeeded, -1 while no fraction is known (any other phase).
    int progress() const { return m_progress; }
    /// Exit code of the last program run (-1 when none ran or it crashed).
    int exitCode() const { return m_exitCode; }
    /// Why the job failed or was refused (compose's stderr included); empty on success.
    QString errorText() const { return m_error; }
    /// The cause in one line (the failure analysis's, else the failing step's message), as the
    /// job's last line and its notification say it; empty on success.
    QString failureCause() const { return m_cause; }
    QStringList warnings() const { return m_warnings; }
    qint64 durationMs() const;
    /// Time spent in the current phase so far (the panel shows it beside the phase).
    qint64 phaseElapsedMs() const { return m_phaseClock.isValid() ? m_phaseClock.elapsed() : 0; }
    /// The output so far (bounded), for views that attach late.
    QStringList history() const { return m_history; }
    /// Stdout of the last step that asked for captureStdout.
    QByteArray capturedStdout() const { return m_captured; }
    /// Stderr lines of the last program run (bounded).
    QStringList lastStderr() const { return m_stderrTail; }
    /// CLI exit code for the outcome (CLI.md): 0, 1, 3 (the engine went away), 4, 5 (cancelled: 5).
    int cliExitCode() const;
    static QString statusName(Status status);

    /// For task steps: output lines and state.
    void info(const QString& line);
    void warn(const QString& line);
    void setPhase(JobPhase phase);
    void setProgress(int percent);
    /// For task steps: raw output of a program run elsewhere (a command in a container), cut
    /// into lines like a step's own program output; \a flush ends a last unfinished line.
    void output(Stream stream, const QByteArray& bytes, bool flush = false);

Q_SIGNALS:
    void started();
    void outputLine(const QString& line, Job::Stream stream);
    void phaseChanged(JobPhase phase);
    void progressChanged(int percent);
    void cancelling();
    void finished(Job::Status status);

private:
    struct Step {
        QString label;
        std::function<ProcessSpec()> process;
        Task task;
        bool failOnError = true;
    };
    void runNext();
    void runProcess(const Step& step);
    void runTask(const Step& step);
    void stepFinished(bool ok, const QString& error);
    void afterFailure(const QString& cause);
    void beginCleanup();
    void finish(Status status);
    void emitLine(const QString& line, Stream stream);
    void drain(QProcess* p, QProcess::ProcessChannel channel, bool flush);
    void splitOutput(Stream stream, const QByteArray& bytes, bool flush);

    QString m_name;
    bool m_mutating;
    std::vector<Step> m_steps;
    std::vector<Step> m_cleanup;
    size_t m_index = 0;
    bool m_inCleanup = false;
    bool m_cleanupOnFailure = false;
    bool m_cleanupArmed = false;
    Status m_failStatus = Status::Failed;
    Status m_pendingOutcome = Status::Succeeded;
    Status m_status = Status::Pending;
    bool m_cancelRequested = false;
    bool m_engineLost = false;
    JobPhase m_phase = JobPhase::Idle;
    int m_progress = -1;
    int m_exitCode = -1;
    QString m_error;
    QString m_cause;
    QString m_processDetail; ///< the failed program's stderr tail (already shown as it streamed)
    Task m_analysis;
    QStringList m_warnings;
    QStringList m_history;
    QStringList m_stderrTail;
    QElapsedTimer m_clock;
    QElapsedTimer m_phaseClock;
    qint64 m_duration = -1;
    int m_graceMs = 5000;
    ProcessFactory m_factory;
    QProcess* m_process = nullptr;
    QTimer* m_killTimer = nullptr;
    QByteArray m_partial[2];
    ComposeProgress m_parser;
    bool m_parseProgress = false;
    bool m_capture = false;
    QByteArray m_captured;
    quint64 m_stepToken = 0;
};
