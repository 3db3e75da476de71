#!/usr/bin/env bash
# Lays out a runnable instance of the demo sandbox in DEST (absolute paths filled in).
# Usage: prepare-demo.sh DEST     Keeps an existing DEST/.env (the operator's settings).
set -euo pipefail
src="$(cd "$(dirname "$0")/../resources/demo-sandbox" && pwd)"
dest="$(mkdir -p "$1" && cd "$1" && pwd)"
keep_env=0; [[ -f "$dest/.env" ]] && keep_env=1
tar -C "$src" --exclude=./.env -cf - . | tar -C "$dest" -xf -
if [[ $keep_env == 0 ]]; then
  # The workspace runs as HOST_UID:HOST_GID and writes into projects/ and temp/: the operator's
  # own ids, or 1000:1000 (given those folders below) when prepared as root.
  uid=1000; gid=1000; [[ $(id -u) == 0 ]] || { uid=$(id -u); gid=$(id -g); }
  sed -e "s#__DEMO_ROOT__#$dest#g" -e "s/^HOST_UID=.*/HOST_UID=$uid/" -e "s/^HOST_GID=.*/HOST_GID=$gid/" \
    "$src/.env" > "$dest/.env"
fi
chmod 600 "$dest/.env"
mkdir -p "$dest"/{projects/demo_project/logs,shared,temp,logs}
if [[ $(id -u) == 0 ]]; then chown -R 1000:1000 "$dest/projects" "$dest/temp"; fi
echo "$dest"
