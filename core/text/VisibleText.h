#pragma once

#include <QString>

/// Text from inside the sandbox (report fields, process names) made safe to show in a terminal,
/// a widget, a tooltip or a notification: control characters (C0, DEL, C1), line and paragraph
/// separators and bidirectional overrides are shown as escapes (`\x1b`, `\u{202e}`), so the
/// agent cannot retitle a terminal, erase a line or reorder what the operator reads.
namespace VisibleText {
QString escape(const QString& text);
/// True when escape() would change \a text.
bool needsEscape(const QString& text);
} // namespace VisibleText
