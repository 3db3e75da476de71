#pragma once

#include <QString>

/// Names of the app's per-checkout state files under Logging::stateDir().
namespace StateName {
/// "<folder name>-<12 hex of sha1(clean path)>": unique per checkout, readable by a person.
QString forCheckout(const QString& checkoutRoot);
} // namespace StateName
