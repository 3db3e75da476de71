#!/usr/bin/env bash
# Installs the build into a scratch DESTDIR and validates the installed desktop entry and icon.
set -euo pipefail
build=$1; dest=$(mktemp -d); trap 'rm -rf "$dest"' EXIT
DESTDIR="$dest" cmake --install "$build" --prefix /usr >/dev/null
entry="$dest/usr/share/applications/sandbox-panel.desktop"
desktop-file-validate "$entry"
test -s "$dest/usr/share/icons/hicolor/scalable/apps/sandbox-panel.svg"
test -x "$dest/usr/bin/sandbox-panel" && test -x "$dest/usr/bin/sandbox-ctl"
grep -q '^Exec=sandbox-panel' "$entry"
echo "installed entry valid"
