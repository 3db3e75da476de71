#!/usr/bin/env bash
# A pristine Debian 12 (bookworm) minbase root filesystem, made once with debootstrap from the
# mirror this machine's apt already uses (read from its sources; no host name is written here)
# and cached as a tarball, for the fresh-machine check (and anything else that needs one).
#   rootfs.sh unpack DEST CACHE_DIR   unpack the cached root into DEST (made on first use)
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

case "${1:-}" in
  mirror) mirror ;;
  unpack)
    dest=${2:?dest}; cache=${3:?cache dir}
    mkdir -p "$cache"; tarball="$cache/bookworm-minbase.tar"
    if [[ ! -s "$tarball" ]]; then
      command -v debootstrap >/dev/null || { echo "rootfs: debootstrap is missing (make deps)" >&2; exit 1; }
      tmp="$cache/bootstrap.tmp"; rm -rf "$tmp"
      m=$(mirror)
      echo "rootfs: debootstrap --variant=minbase bookworm (once; cached in $tarball)" >&2
      debootstrap --variant=minbase bookworm "$tmp" "$m" > "$cache/debootstrap.log" 2>&1 \
        || { tail -n 20 "$cache/debootstrap.log" >&2; rm -rf "$tmp"; exit 1; }
      rm -rf "$tmp/var/cache/apt/archives/"*.deb "$tmp/var/lib/apt/lists/"* 2>/dev/null || true
      tar --numeric-owner -C "$tmp" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
      rm -rf "$tmp"
    fi
    mkdir -p "$dest"
    tar --numeric-owner -xpf "$tarball" -C "$dest"
    ;;
  *) echo "usage: rootfs.sh unpack DEST CACHE_DIR | mirror" >&2; exit 2 ;;
esac
