#!/usr/bin/env bash
# TUI responsiveness: drives the release `hark` in a detached tmux as a user would (scroll, page, sort, search,
# open a call, switch screens, walk the Forms screen) on the 100,000-call bench archive and, as the reference, on a small store, then
# prints key-to-redraw p50/p99 and cold start to first frame from the TUI's own in-process timings.
# Usage: scripts/bench-tui.sh BIG_STORE SMALL_STORE
set -euo pipefail
cd "$(dirname "$0")/.."
big=$1 small=$2
hark=${HARK_BIN:-.build/release/hark}
out=$(mktemp -d)
socket="hark-bench-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$out"' EXIT

drive() {  # store label
  local store=$1 label=$2 timings="$out/$2.txt"
  tmux -L "$socket" new-session -d -s bench -x 120 -y 40 \
    "LANG=C.UTF-8 HARK_TUI_TIMINGS='$timings' '$hark' --store '$store' --workers 0 --audio-device null"
  sleep 3
  key() { tmux -L "$socket" send-keys -t bench "$@"; sleep 0.06; }
  for _ in $(seq 60); do key j; done
  for _ in $(seq 20); do key PageDown; done
  for _ in $(seq 10); do key PageUp; done
  for _ in $(seq 4); do key s; done
  for _ in $(seq 30); do key k; done
  key /; tmux -L "$socket" send-keys -t bench -l "退款"; sleep 0.1; key Enter; sleep 1
  key Enter; sleep 1
  for _ in $(seq 20); do key j; done
  key 3; key 4; key 5; sleep 0.5; key 6; sleep 0.5; key j; key j
  key 7; sleep 0.5; for k in j j l j j j h j G l k; do key "$k"; done
  key 1; key Escape
  key Q
  # A large archive's background readers (aggregates, the Forms tallies) are waited for on the way out.
  for _ in $(seq 100); do [[ -s "$timings" ]] && break; sleep 0.1; done
  printf '%-8s' "$label"; tr '\n' ' ' < "$timings"; echo
  tmux -L "$socket" kill-server 2>/dev/null || true
}
echo "TUI responsiveness (release build, 120×40, $(sqlite3 "$big" 'select count(*) from call' 2>/dev/null || echo '?') calls vs reference store):"
drive "$small" small
drive "$big" big
