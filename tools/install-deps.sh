#!/usr/bin/env bash
# Installs the Debian 12 packages Loopscope needs, and only the missing ones, so that
# `make run` and `make test` work on a fresh machine and stay quiet on a prepared one.
set -euo pipefail

packages=(g++ cmake ninja-build pkg-config qt6-base-dev libqt6opengl6-dev qt6-charts-dev qt6-svg-dev
          libgmp-dev xvfb xauth ffmpeg python3)
[ "${LOOPSCOPE_DEPS_EXTRA:-}" = asan ] && packages+=(clang-14 libclang-rt-14-dev)
[ "${LOOPSCOPE_DEPS_EXTRA:-}" = bench ] && packages+=(python3-uvloop)

missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "loopscope: missing packages (${missing[*]}) and no apt-get; install them by hand" >&2
    exit 1
fi
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "loopscope: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
