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
/// Serialised JSON with the characters escape() would show written as JSON escapes (`\u001b`,
/// `\u009b`): the same JSON value, and nothing a terminal acts on (QJsonDocument writes DEL, C1
/// and the Unicode ones raw).
QString json(const QString& serialised);
} // namespace VisibleText
