#pragma once

#include "settings/Finding.h"

/// The format rules of the checkout's allowlist files, as its `make validate` checks them:
/// `#` comment lines and empty lines allowed; apt entries match ^[a-z0-9][a-z0-9+._-]*$ in byte
/// order without duplicates; port entries are digits, numerically sorted, without duplicates.
namespace AllowlistFormat {
/// Findings (key: the file's path relative to the checkout) for the files present in \a checkoutRoot.
Findings check(const QString& checkoutRoot);
}
