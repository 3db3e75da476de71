#pragma once

#include "core/settings/EnvFile.h"
#include "core/settings/Finding.h"

/// Lines of a `.env` that the shell reads differently from docker-compose. The checkout's
/// `make validate` sources the file with `set -a; . .env` under `set -e`, so a line the shell
/// runs as a command, an unterminated quote or CRLF line endings make it fail: those are errors.
namespace EnvShellCheck {
Findings check(const EnvFile& env);
}
