#!/usr/bin/env bash
# A pristine Debian 12 (bookworm) minbase root filesystem, made once with debootstrap from the
# mirror this machine's apt already uses (read from its sources; no host name is written here)
# and cached as a tarball, for the fresh-machine check (and anything else that needs one).
#   rootfs.sh unpack DEST CACHE_DIR   unpack the cached root into DEST (made on first use)
#   rootfs.sh tarball CACHE_DIR [--include PKG,PKG...]
#                                     print the path of the cached root tarball (made on first
#                                     use; with --include, a variant holding those packages too)
#   rootfs.sh mirror                  print the bookworm mirror of this machine's apt sources
set -euo pipefail

mirror() {
  local uri
  # One-line style: deb [options] URI SUITE COMPONENTS...
  uri=$(sed -E 's/\[[^]]*\]//' /etc/apt/sources.list 2>/dev/null |
        awk '$1 == "deb" && $3 == "bookworm" { print $2; exit }' || true)
  if [[ -z "$uri" ]]; then
    # deb822 style: a paragraph with "Suites: ... bookworm ..." and its "URIs:".
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '
      /^[[:space:]]*$/ { if (s && u) { print u; exit } s = 0; u = ""; next }
      tolower($1) == "uris:" { u = $2 }
      tolower($1) == "suites:" { for (i = 2; i <= NF; i++) if ($i == "bookworm") s = 1 }
      END { if (s && u) print u }' | head -n 1 || true)
  fi
  [[ -n "$uri" ]] || { echo "rootfs: no bookworm mirror in this machine's apt sources" >&2; return 1; }
  echo "$uri"
}

# clear_tmp DIR: removes a half-made root; a killed debootstrap leaves its /proc mounted there.
clear_tmp() {
  local m
  [[ -e $1 ]] || return 0
  for m in $(awk -v d="$(cd "$1" && pwd)/" 'index($2, d) == 1 { print $2 }' /proc/mounts | sort -r); do
    umount -l "$m" || true
  done
  rm -rf --one-file-system "$1"
}

# make_tarball CACHE_DIR INCLUDE: echoes the cached tarball's path, running debootstrap once.
# The plain minbase root is bookworm-minbase.tar; a variant with packages is named after them.
make_tarball() {
  local cache=$1 include=$2 tarball tmp m name=bookworm-minbase
  [[ -n "$include" ]] && name="$name-$(printf '%s' "$include" | sha256sum | cut -c1-12)"
  mkdir -p "$cache"; tarball="$cache/$name.tar"
  if [[ ! -s "$tarball" ]]; then
    command -v debootstrap >/dev/null || { echo "rootfs: debootstrap is missing (make deps)" >&2; exit 1; }
    [[ $(id -u) == 0 ]] || { echo "rootfs: debootstrap needs root (run once as root: $0 tarball $cache${include:+ --include $include})" >&2; exit 1; }
    tmp="$cache/$name.tmp"; clear_tmp "$tmp"
    m=$(mirror)
    echo "rootfs: debootstrap --variant=minbase${include:+ --include=$include} bookworm (once; cached in $tarball)" >&2
    debootstrap --variant=minbase ${include:+--include="$include"} bookworm "$tmp" "$m" > "$cache/$name.log" 2>&1 \
      || { tail -n 20 "$cache/$name.log" >&2; clear_tmp "$tmp"; exit 1; }
    rm -rf "$tmp/var/cache/apt/archives/"*.deb "$tmp/var/lib/apt/lists/"* 2>/dev/null || true
    tar --numeric-owner -C "$tmp" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
    clear_tmp "$tmp"
  fi
  echo "$tarball"
}

case "${1:-}" in
  mirror) mirror ;;
  unpack)
    dest=${2:?dest}; cache=${3:?cache dir}
    tarball=$(make_tarball "$cache" "")
    mkdir -p "$dest"
    tar --numeric-owner -xpf "$tarball" -C "$dest"
    ;;
  tarball)
    cache=${2:?cache dir}; include=""
    [[ "${3:-}" == --include ]] && include=${4:?packages}
    make_tarball "$cache" "$include"
    ;;
  *) echo "usage: rootfs.sh unpack DEST CACHE_DIR | tarball CACHE_DIR [--include PKGS] | mirror" >&2; exit 2 ;;
esac
