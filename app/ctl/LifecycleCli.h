#pragma once

#include "CtlCommand.h"

class EngineClient;
class Job;
class QObject;
struct Notification;

/// Shared by cmd_lifecycle.cpp and cmd_info.cpp.
namespace LifecycleCli {
/// The CLI's Engine API client (DOCKER_HOST / docker context), owned by \a context.
EngineClient* engine(QObject* context);
/// One notifier notification: `notify SEVERITY TITLE: DETAIL`, or with --json a line holding a
/// `notification` object (README: `events`).
void printNotification(CtlContext& c, const Notification& n);
/// Streams \a job's output to the context's streams until it finishes (SIGINT/SIGTERM cancel it).
/// Returns the CLI exit code.
int runJob(CtlContext& c, Job* job);
} // namespace LifecycleCli
