#!/usr/bin/env bash
# The steps of fresh-check.sh, run in its private mount/PID namespace (ROOT: the chroot).
set -euo pipefail
step() { printf '[fresh-check %4ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }
mount -t proc proc "$ROOT/proc"
mount -t sysfs sysfs "$ROOT/sys"
mount --bind /dev "$ROOT/dev"
mount --bind /dev/pts "$ROOT/dev/pts"
mount -t tmpfs -o mode=1777 tmpfs "$ROOT/dev/shm"
mount -t tmpfs -o mode=1777 tmpfs "$ROOT/tmp"
ccache_env=()
if [[ -n "${HOST_CCACHE:-}" ]]; then
  mkdir -p "$ROOT/var/cache/host-ccache"
  mount --bind "$HOST_CCACHE" "$ROOT/var/cache/host-ccache"
  mount -o remount,bind,ro "$ROOT/var/cache/host-ccache"
  ccache_env=(CCACHE_DIR=/var/cache/host-ccache CCACHE_READONLY=1 CCACHE_NOSTATS=1 CCACHE_TEMPDIR=/tmp/ccache-tmp)
fi

as_root() { chroot "$ROOT" env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }
as_operator() {
  chroot --userspec=sandboxop:sandboxop "$ROOT" env -i HOME=/home/sandboxop USER=sandboxop \
    PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 "${ccache_env[@]}" bash -c "cd /home/sandboxop/src && $1"
}

step "root: make, the one program a reader of the README must have besides git"
as_root apt-get update -q >/dev/null
as_root apt-get install -y -q --no-install-recommends make >/dev/null

step "operator without packages: make test prints the one install line and does nothing else"
set +e
out=$(as_operator "make test 2>&1"); rc=$?
set -e
echo "$out" | sed 's/^/    /'
if [[ $rc == 0 ]] || ! grep -q '^  sudo apt-get install -y ' <<<"$out" || [[ -e "$ROOT/home/sandboxop/src/build" ]]; then
  echo "fresh-check: expected a failing make test that only prints 'sudo apt-get install -y ...'" >&2; exit 1
fi

step "root: scripts/ensure-deps.sh"
as_root bash /home/sandboxop/src/scripts/ensure-deps.sh > "$ROOT/tmp/ensure-deps.log" 2>&1 \
  || { tail -n 40 "$ROOT/tmp/ensure-deps.log" >&2; exit 1; }
grep -E '^(Need to get|After this operation|[0-9]+ upgraded)' "$ROOT/tmp/ensure-deps.log" | sed 's/^/    /'
as_root bash /home/sandboxop/src/scripts/ensure-deps.sh # now a no-op: everything is there

step "operator: make test-fast (configure, build every target, unit and GUI tests${HOST_CCACHE:+; with the main build compiler cache, read-only})"
as_operator "make test-fast"

step "operator: make package"
as_operator "make package >/dev/null && ls build/*.deb"

step "operator: the fuzz build's toolchain (clang, libFuzzer, sanitizers) links a fuzzer"
as_operator "printf '%s\n' '#include <cstdint>' '#include <cstddef>' \
  'extern \"C\" int LLVMFuzzerTestOneInput(const uint8_t*, size_t) { return 0; }' > /tmp/f.cpp \
  && clang++ -fsanitize=fuzzer,address,undefined /tmp/f.cpp -o /tmp/f && /tmp/f -runs=10 2>/dev/null"

step "operator: the panel starts on the demo sandbox in a real X server (xcb)"
as_operator "scripts/prepare-demo.sh build/demo-sandbox >/dev/null \
  && xvfb-run -a -s '-screen 0 1280x800x24' timeout 8 build/app/sandbox-panel --sandbox build/demo-sandbox \
     > /tmp/panel.log 2>&1; rc=\$?; cat /tmp/panel.log; [ \$rc = 124 ] && ! grep -qi 'platform plugin' /tmp/panel.log"
