#pragma once

#include "CtlCommand.h"

#include "compose/EngineAccess.h"

class Job;
class QObject;
struct Notification;

/// Shared by cmd_lifecycle.cpp and cmd_info.cpp.
namespace LifecycleCli {
/// Blocking Engine API call for the CLI (local event loop).
EngineResult engineCall(const EngineRequest& engine, const QByteArray& method, const QString& path);
/// The engine request the CLI uses (core/docker's client once it is there).
EngineRequest engine(QObject* context);
/// One notifier notification: `notify SEVERITY TITLE: DETAIL`, or with --json a line holding a
/// `notification` object (README: `events`).
void printNotification(CtlContext& c, const Notification& n);
/// Streams \a job's output to the context's streams until it finishes (SIGINT/SIGTERM cancel it).
/// Returns the CLI exit code.
int runJob(CtlContext& c, Job* job);
} // namespace LifecycleCli
