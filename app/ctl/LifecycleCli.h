#pragma once

#include "CtlCommand.h"

class Job;
struct Notification;

/// Shared by cmd_lifecycle.cpp and cmd_engine.cpp.
namespace LifecycleCli {
/// One notifier notification: `notify SEVERITY TITLE: DETAIL`, or with --json a line holding a
/// `notification` object (README: `events`).
void printNotification(CtlContext& c, const Notification& n);
/// Streams \a job's output to the context's streams until it finishes (SIGINT/SIGTERM cancel it).
/// Returns the CLI exit code.
int runJob(CtlContext& c, Job* job);
} // namespace LifecycleCli
