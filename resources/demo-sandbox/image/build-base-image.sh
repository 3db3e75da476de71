#!/usr/bin/env bash
# Builds the demo's base image from busybox-static with `docker import` (no registry involved).
# Usage: build-base-image.sh [--force]   (DOCKER_HOST is honoured)
set -euo pipefail
IMAGE=sandbox-demo-base:1
if [[ "${1:-}" != "--force" ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  exit 0
fi
BUSYBOX=$(command -v busybox || true)
[[ -x /bin/busybox ]] && BUSYBOX=/bin/busybox
if [[ -z "$BUSYBOX" ]] || ! file -L "$BUSYBOX" 2>/dev/null | grep -q 'statically linked'; then
  if ! ldd "$BUSYBOX" 2>&1 | grep -q 'not a dynamic'; then
    echo "build-base-image: a static busybox is needed: apt-get install busybox-static" >&2
    exit 1
  fi
fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,usr/bin,usr/local/bin,etc,tmp,var/tmp,run,srv/www,proc,sys,dev}
mkdir -p "$root"/home/agent/{projects,shared,temp,.config,.cache,.local}
cp "$BUSYBOX" "$root/bin/busybox"
for applet in $("$root/bin/busybox" --list); do
  [[ -e "$root/bin/$applet" ]] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nagent:x:1000:1000:agent:/home/agent:/bin/sh\n' > "$root/etc/passwd"
printf 'root:x:0:\nagent:x:1000:\n' > "$root/etc/group"
echo '<html><body><h1>Demo sandbox workspace</h1></body></html>' > "$root/srv/www/index.html"
chmod 1777 "$root/tmp" "$root/var/tmp"
chown -R 1000:1000 "$root/home/agent"
tar -C "$root" --numeric-owner -cf - . |
  docker import --change 'ENV PATH=/usr/local/bin:/bin' --change 'CMD ["/bin/sh"]' - "$IMAGE" >/dev/null
echo "built $IMAGE"
