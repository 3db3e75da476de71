#pragma once

#include <QString>

/// Keeps secrets out of logs, CLI output and widgets.
namespace Redaction {
/// The mask shown instead of a secret value.
inline constexpr const char* kMask = "********";
/// True for GITHUB_TOKEN, GH_TOKEN, LM_STUDIO_API_KEY and any key naming TOKEN, SECRET,
/// PASSWORD or API_KEY.
bool isSecretKey(const QString& key);
/// kMask for a non-empty value, empty for an empty one.
QString mask(const QString& value);
/// Remembers a secret value so redact() removes it wherever it appears. Short values are ignored.
void registerSecretValue(const QString& value);
/// Masks registered secret values, KEY=value pairs with secret keys and well-known token shapes.
QString redact(const QString& text);
std::string redact(const std::string& text);
} // namespace Redaction
