#!/usr/bin/env bash
# Installs what Hark needs to build and run, and only what is missing: Debian packages, the sherpa-onnx C API
# (PyPI wheel sherpa-onnx-core, unpacked into .deps/), a UTF-8 locale. Fast when everything is present.
set -euo pipefail
cd "$(dirname "$0")/.."

SHERPA_VERSION=2.0.1
PACKAGES=(libncurses-dev libasound2-dev libsndfile1-dev libopencc-dev libopencc-data libopenblas-dev
          sox libsox-fmt-all espeak-ng tmux alsa-utils libasound2-plugins pulseaudio python3-pip locales curl bzip2 sqlite3)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The TUI needs a UTF-8 locale or CJK text silently disappears.
if ! locale -a 2>/dev/null | grep -qi '^c\.utf-\?8$'; then
  echo "setup: C.UTF-8 locale is missing; install the locales package" >&2
fi

lib=.deps/sherpa/sherpa_onnx/lib/libsherpa-onnx-c-api.so
stamp=.deps/sherpa/.version
if [ ! -f "$lib" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$SHERPA_VERSION" ]; then
  echo "setup: installing sherpa-onnx-core $SHERPA_VERSION into .deps/sherpa"
  rm -rf .deps/sherpa
  python3 -m pip install -q --disable-pip-version-check --no-deps --target .deps/sherpa "sherpa-onnx-core==$SHERPA_VERSION"
  echo "$SHERPA_VERSION" > "$stamp"
fi

command -v swift >/dev/null || { echo "setup: swift is not on PATH (expected /opt/swift/usr/bin)" >&2; exit 1; }
