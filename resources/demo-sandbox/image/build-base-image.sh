#!/usr/bin/env bash
# Builds the demo's base image sandbox-demo-base:1 with `docker import` (nothing is pulled from
# an image registry): a Debian 12 minbase root made by debootstrap (scripts/rootfs.sh, from this
# machine's apt mirror) with the packages below, OpenCode's Linux binary from the npm package
# opencode-linux-x64@OPENCODE_VERSION (the demo's .env), and the stand-in model server (llm/).
# Both downloads are cached in DEMO_IMAGE_CACHE (default: the source tree's build/demo-image),
# so they are made once per build tree; the image is rebuilt only when its label changes.
# Usage: build-base-image.sh [--force]   (DOCKER_HOST is honoured)
set -euo pipefail
IMAGE=sandbox-demo-base:1
here="$(cd "$(dirname "$0")" && pwd)"          # resources/demo-sandbox/image
demo="${here%/image}"
src="$(cd "$demo/../.." && pwd)"
cache="${DEMO_IMAGE_CACHE:-$src/build/demo-image}"
PACKAGES=bash,jq,iproute2,procps,curl,ca-certificates,python3,git,bsdextrautils,netcat-openbsd
version=$(sed -n 's/^OPENCODE_VERSION=//p' "$demo/.env" | tr -d '"')
[[ "$version" =~ ^[0-9][0-9A-Za-z.+-]*$ ]] || { echo "build-base-image: no OPENCODE_VERSION in $demo/.env" >&2; exit 1; }
files_sum=$(cat "$here/build-base-image.sh" "$demo/llm/demo-model-server" "$demo/llm/ollama" | sha256sum | cut -c1-12)
label="opencode=$version packages=$PACKAGES files=$files_sum"

current=$(docker image inspect --format '{{index .Config.Labels "sandbox.demo.base"}}' "$IMAGE" 2>/dev/null || true)
if [[ "${1:-}" != "--force" && "$current" == "$label" ]]; then
  exit 0
fi
started=$(date +%s)
mkdir -p "$cache"

# 1. The Debian root (root needed once for debootstrap; cached afterwards).
rootfs="$src/scripts/rootfs.sh"
[[ -x "$rootfs" ]] || { echo "build-base-image: $rootfs is missing" >&2; exit 1; }
base=$("$rootfs" tarball "$cache" --include "$PACKAGES")

# 2. OpenCode, as published in the npm registry (the package holds package/bin/opencode).
tgz="$cache/opencode-linux-x64-$version.tgz"
if [[ ! -s "$tgz" ]]; then
  command -v npm >/dev/null || { echo "build-base-image: npm is missing (make deps)" >&2; exit 1; }
  echo "build-base-image: npm pack opencode-linux-x64@$version (once; cached in $cache)" >&2
  (cd "$cache" && npm pack --silent "opencode-linux-x64@$version" >/dev/null)
  [[ -s "$tgz" ]] || { echo "build-base-image: npm pack gave no $tgz" >&2; exit 1; }
fi

# 3. Our files on top of the root: appended to a copy of its tarball (no root needed; the
#    engine refuses a path twice, so the two files we replace are deleted from the copy first).
stage=$(mktemp -d "$cache/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT
# No .config, .cache, .local: as in the real image they are only tmpfs mount points, which the
# engine then makes world-writable (mode 1777) for whichever HOST_UID the workspace runs as.
mkdir -p "$stage"/usr/local/bin "$stage"/etc "$stage"/home/agent/{projects,shared,temp,app}
tar -xzf "$tgz" -C "$stage" package/bin/opencode
mv "$stage/package/bin/opencode" "$stage/usr/local/bin/opencode"; rm -rf "$stage/package"
install -m 755 "$demo/llm/demo-model-server" "$demo/llm/ollama" "$stage/usr/local/bin/"
tar -xOf "$base" ./etc/passwd > "$stage/etc/passwd"; echo 'agent:x:1000:1000:agent:/home/agent:/bin/bash' >> "$stage/etc/passwd"
tar -xOf "$base" ./etc/group > "$stage/etc/group"; echo 'agent:x:1000:' >> "$stage/etc/group"
chmod 644 "$stage/etc/passwd" "$stage/etc/group"
cp "$base" "$stage/root.tar"
tar --delete -f "$stage/root.tar" ./etc/passwd ./etc/group
tar -rf "$stage/root.tar" -C "$stage" --numeric-owner --owner=0 --group=0 ./etc/passwd ./etc/group \
  ./usr/local/bin/opencode ./usr/local/bin/demo-model-server ./usr/local/bin/ollama
tar -rf "$stage/root.tar" -C "$stage" --numeric-owner --owner=1000 --group=1000 ./home/agent
docker import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV LANG=C.UTF-8' \
  --change "LABEL sandbox.demo.base=\"$label\"" \
  --change 'CMD ["/usr/local/bin/ollama", "serve"]' \
  "$stage/root.tar" "$IMAGE" >/dev/null
echo "built $IMAGE ($label) in $(( $(date +%s) - started )) s"
