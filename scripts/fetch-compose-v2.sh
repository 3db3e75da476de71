#!/usr/bin/env bash
# Compose v2 for the build and test world, from Debian 13 (trixie)'s docker-compose package (a
# static Go binary that runs on Debian 12). Installs nothing system-wide.
#   fetch-compose-v2.sh BUILD_DIR   prints the path of the docker-compose v2 binary
# Uses the machine's own apt mirror (read from /etc/apt/sources.list and sources.list.d/), a
# separate sources list, state and cache under BUILD_DIR/compose-v2; downloads once (cached).
set -euo pipefail
build=${1:?usage: fetch-compose-v2.sh BUILD_DIR}
mkdir -p "$build/compose-v2"
dir="$(cd "$build/compose-v2" && pwd)"
root="$dir/root"
binary="$root/usr/libexec/docker/cli-plugins/docker-compose"

works() { [[ -x "$binary" ]] && "$binary" version >/dev/null 2>&1; }
if works; then echo "$binary"; exit 0; fi

exec 9>"$dir/.lock"
flock 9
if works; then echo "$binary"; exit 0; fi

# The Debian archive mirror the machine already uses: URIs of the entries whose suite is the
# plain release name (not -security / -updates), from deb822 .sources and one-line .list files.
mirror_uris() {
  local f
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    awk 'BEGIN { RS = ""; FS = "\n" }
      { uris = ""; suites = ""; enabled = 1; types = ""
        for (i = 1; i <= NF; i++) {
          line = $i; if (line ~ /^[ \t]*#/) continue
          split(line, kv, ":"); key = tolower(kv[1]); val = substr(line, length(kv[1]) + 2)
          gsub(/^[ \t]+|[ \t]+$/, "", val)
          if (key == "uris") uris = val; else if (key == "suites") suites = val
          else if (key == "enabled" && tolower(val) == "no") enabled = 0
          else if (key == "types") types = val
        }
        if (!enabled || types !~ /(^| )deb( |$)/) next
        n = split(suites, s, /[ \t]+/)
        for (j = 1; j <= n; j++) if (s[j] ~ /^[a-z]+$/) { m = split(uris, u, /[ \t]+/); for (k = 1; k <= m; k++) print u[k] }
      }' "$f"
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    sed -E -n 's/^[ \t]*deb[ \t]+(\[[^]]*\][ \t]+)?([^ \t]+)[ \t]+([a-z]+)[ \t].*/\2/p' "$f"
  done
}

uri=""
for candidate in $(mirror_uris | awk '!seen[$0]++'); do
  case "$candidate" in */debian|*/debian/) uri=${candidate%/}; break ;; esac
done
[[ -n "$uri" ]] || uri=$(mirror_uris | head -n 1)
if [[ -z "$uri" ]]; then
  echo "fetch-compose-v2: no Debian mirror found in /etc/apt/sources.list or /etc/apt/sources.list.d/" >&2
  exit 1
fi

keyring=/usr/share/keyrings/debian-archive-keyring.gpg
mkdir -p "$dir/etc/sources.list.d" "$dir/etc/preferences.d" "$dir/state/lists/partial" \
  "$dir/cache/archives/partial" "$dir/deb"
echo "deb [signed-by=$keyring] $uri trixie main" > "$dir/etc/sources.list"
apt_opts=(-o "Dir::State=$dir/state" -o "Dir::Cache=$dir/cache"
  -o "Dir::Etc::SourceList=$dir/etc/sources.list" -o "Dir::Etc::SourceParts=$dir/etc/sources.list.d"
  -o "Dir::Etc::PreferencesParts=$dir/etc/preferences.d" -o "Dir::Etc::Preferences=$dir/etc/preferences"
  -o "APT::Sandbox::User=$(id -un)" -o "Debug::NoLocking=true" -q)
echo "fetch-compose-v2: fetching docker-compose from trixie (mirror of this machine's apt sources)" >&2
apt-get "${apt_opts[@]}" update >&2
(cd "$dir/deb" && rm -f docker-compose_*.deb && apt-get "${apt_opts[@]}" download docker-compose >&2)
deb=$(ls "$dir"/deb/docker-compose_*.deb | head -n 1)
rm -rf "$root"
dpkg-deb -x "$deb" "$root"
if [[ ! -x "$binary" ]]; then
  found=$(find "$root" -type f -name docker-compose -perm -u+x | head -n 1)
  [[ -n "$found" ]] || { echo "fetch-compose-v2: no docker-compose binary in $deb" >&2; exit 1; }
  mkdir -p "$(dirname "$binary")"; ln -sf "$found" "$binary"
fi
rm -rf "$dir/state" "$dir/cache"
works || { echo "fetch-compose-v2: $binary does not run" >&2; exit 1; }
echo "$binary"
