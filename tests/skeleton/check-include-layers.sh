#!/usr/bin/env bash
# The include rules of the layers (README, Layout): every project include names its layer
# ("core/...", "ui/..."); core/ never includes ui/; no area of core/ includes the facade's
# folder core/sandbox/ (only app/ and ui/ do). Prints each breach as file:line.
#   check-include-layers.sh SOURCE_DIR
set -uo pipefail
cd "$1" || exit 2
bad=0
breach() { echo "$1"; bad=1; }
# A quoted include with a folder that is not layer-rooted (same-folder includes have no slash).
while IFS= read -r hit; do breach "not layer-rooted: $hit"; done < <(
  grep -rnE '^\s*#\s*include\s+"[^"/]+/[^"]+"' core ui app tests benchmarks --include='*.cpp' --include='*.h' |
  grep -vE '#\s*include\s+"(core/|ui/|\.\./)')
while IFS= read -r hit; do breach "core includes ui: $hit"; done < <(
  grep -rnE '^\s*#\s*include\s+"ui/' core --include='*.cpp' --include='*.h')
while IFS= read -r hit; do breach "an area of core includes the facade: $hit"; done < <(
  grep -rnE '^\s*#\s*include\s+"core/sandbox/' core --include='*.cpp' --include='*.h' | grep -v '^core/sandbox/')
exit $bad
