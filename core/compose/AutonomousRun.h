#pragma once

#include "core/compose/Job.h"

#include <QMetaType>
#include <QString>

/// One autonomous run (OPERATION_MODE=autonomous `run --rm workspace`): what the panel's run
/// view, the notifier and `sandbox-ctl up --mode autonomous` say about it.
struct AutonomousRun {
    QString taskFile; ///< TASK_FILE as written in .env (relative to the project)
    QString logFile;  ///< the project's logs/autonomous.log
    Job::Status status = Job::Status::Running;
    int exitCode = -1; ///< the task's exit status; -1 while running or when it never ran
    qint64 durationMs = 0;

    bool finished() const { return status != Job::Status::Running && status != Job::Status::Pending; }
    /// Ended on its own with exit 0.
    bool succeeded() const { return status == Job::Status::Succeeded && exitCode == 0; }
    /// "running", "finished (exit 0) after 12.3 s", "failed (exit 2) after 4.0 s", "cancelled after 1.0 s".
    QString summary() const;
};
Q_DECLARE_METATYPE(AutonomousRun)
