#!/usr/bin/env bash
# Proves the set-up on a pristine Debian 12 root filesystem: a clean `git archive` of HEAD in a
# minbase chroot, where an unprivileged operator first gets only the one `sudo apt-get install`
# line, root then runs scripts/ensure-deps.sh, and the operator builds every target, runs the
# unit and GUI tests, builds the package and starts the panel under Xvfb.
#   fresh-check.sh [WORK_DIR]   (default build/fresh; needs root and debootstrap)
# The minbase root is cached as a tarball in WORK_DIR/../rootfs (see scripts/rootfs.sh). Every
# mount lives in a private mount namespace, so nothing stays mounted when a step fails; the
# chroot itself is removed at the end, whatever happened.
set -euo pipefail
src="$(cd "$(dirname "$0")/.." && pwd)"
work="${1:-$src/build/fresh}"
[[ $(id -u) == 0 ]] || { echo "fresh-check: needs root (debootstrap, chroot)" >&2; exit 1; }
mkdir -p "$work"; work="$(cd "$work" && pwd)"
root="$work/root"
start=$(date +%s)
step() { printf '[fresh-check %4ss] %s\n' "$(( $(date +%s) - start ))" "$*"; }

cleanup() {
  local rc=$?
  if findmnt -rn -o TARGET | grep -q "^$root"; then
    findmnt -rn -o TARGET | grep "^$root" | sort -r | xargs -r umount -l || true
  fi
  rm -rf "$root"
  if [[ $rc == 0 ]]; then step "passed"; else step "FAILED (exit $rc)"; fi
}
trap cleanup EXIT

rm -rf "$root"
step "pristine Debian 12 minbase root in $root"
"$src/scripts/rootfs.sh" unpack "$root" "$work/../rootfs"

# The machine's own apt sources (its mirror, updates and security), nothing written by us.
cp /etc/apt/sources.list "$root/etc/apt/sources.list" 2>/dev/null || : > "$root/etc/apt/sources.list"
for f in /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
  [[ -f "$f" ]] && cp "$f" "$root/etc/apt/sources.list.d/"
done
cp /etc/resolv.conf "$root/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"
chroot "$root" useradd --create-home --uid 1000 --user-group --shell /bin/bash sandboxop

step "clean git archive of HEAD ($(git -C "$src" rev-parse --short HEAD))"
mkdir -p "$root/home/sandboxop/src"
git -C "$src" archive --format=tar HEAD | tar -x -C "$root/home/sandboxop/src"
chroot "$root" chown -R sandboxop:sandboxop /home/sandboxop/src

# The main build's compiler cache, read-only inside (the Makefile keys it relative to the tree):
# the operator's build reuses it instead of compiling everything a second time.
host_ccache=$(ccache -k cache_dir 2>/dev/null || true)
[[ -d "$host_ccache" ]] || host_ccache=""

# Everything inside runs in a private mount and PID namespace: mounts and processes end with it.
unshare --mount --pid --fork --propagation private \
  env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin ROOT="$root" START="$start" HOST_CCACHE="$host_ccache" \
  bash "$src/scripts/fresh-check-inside.sh"
