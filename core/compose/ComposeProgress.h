#pragma once

#include <QString>

/// What a lifecycle job is doing right now.
enum class JobPhase {
    Idle,
    Preparing,       ///< detecting the tool, validating, creating folders
    Building,        ///< image build (v1 "Step n/m", v2 "#n [k/m]")
    Pulling,         ///< image pulls
    Creating,        ///< networks, volumes, containers created
    Starting,        ///< containers started
    WaitingHealthy,  ///< waiting for containers' health checks (or the model server) to answer
    WaitingOpenCode, ///< the stack is up; waiting for OpenCode (web UI or MCP bridge) to answer
    Configuring,     ///< network move, model pull
    Running,         ///< a foreground task runs (autonomous, logs)
    Stopping,
    Removing,
    CleaningUp, ///< after a cancel: bringing the stack to a known state
    Done,
};

/// Human name of a phase ("building", "waiting for healthy", ...).
QString jobPhaseName(JobPhase phase);

/// Turns compose output lines (v1 and v2, plain/no-ANSI) into a phase and a progress estimate.
class ComposeProgress {
public:
    struct Update {
        bool phaseChanged = false;
        JobPhase phase = JobPhase::Idle;
        int percent = -1; ///< 0..100 within the build, -1 when unknown
    };
    /// Feeds one line; returns the phase it implies (or the current one).
    Update feed(const QString& line);
    JobPhase phase() const { return m_phase; }
    void reset() { *this = ComposeProgress(); }

private:
    JobPhase m_phase = JobPhase::Idle;
};

/// Removes ANSI escape sequences and a trailing carriage return.
QString stripAnsi(const QString& line);
