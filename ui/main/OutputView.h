#pragma once

#include <QPlainTextEdit>

/// A read-only, unwrapped, monospace view of streamed output lines (job output, logs,
/// autonomous.log), keeping at most \a maxLines.
QPlainTextEdit* makeOutputView(const QString& objectName, int maxLines, QWidget* parent);
