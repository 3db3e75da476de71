#pragma once

#include <QProcessEnvironment>
#include <QStringList>

#include <functional>

class QObject;

/// Runs \a program with \a args (no shell) without blocking; \a done gets the exit code (-1 when
/// it did not start, crashed or exceeded \a timeoutMs) and the merged output. It runs in
/// \a workingDirectory (empty: the current one).
void runAsync(QObject* context, const QString& program, const QStringList& args, const QProcessEnvironment& env, int timeoutMs,
              std::function<void(int exitCode, const QString& output)> done, const QString& workingDirectory = {});
