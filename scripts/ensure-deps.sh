#!/usr/bin/env bash
# Installs what building, running and testing need on Debian 12 / Ubuntu (apt-get as root or
# through sudo); otherwise prints the one command to run and fails.
set -euo pipefail
PACKAGES=(cmake ninja-build g++ clang clang-format libclang-rt-dev pkg-config ccache
  qt6-base-dev qt6-base-dev-tools libqt6opengl6-dev qt6-charts-dev libqt6svg6 libgl-dev
  libyaml-cpp-dev libspdlog-dev
  docker.io docker-compose iproute2 iptables
  xvfb xauth qt6-qpa-plugins desktop-file-utils dpkg-dev file python3 debootstrap git jq)
# The demo image's OpenCode comes from the npm registry (`npm pack`): Debian's npm only when no
# npm command exists (a nodejs installed from elsewhere brings its own).
command -v npm >/dev/null || PACKAGES+=(npm)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0
if [[ $(id -u) -eq 0 ]]; then SUDO=(); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=(sudo); else
  echo "Missing packages. Run:" >&2
  echo "  sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -q
"${SUDO[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
