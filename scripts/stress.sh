#!/usr/bin/env bash
# `make stress` (never in CI): a hostile afternoon in a few minutes, against the release build.
#   1. kill -9 and clean stops at random moments of `hark import`, `hark work` (real Whisper on real calls) and
#      re-scoring: every call must end imported once, transcribed once, scored, with the long call's progress
#      kept across restarts and its transcript the same as an uninterrupted run's;
#   2. a flood of odd files: no absurd duration stored, no raw control character and no library line on the
#      terminal;
#   3. a resize storm with keys on a large store: the desk never dies and gives the terminal back.
# STRESS_ONLY=import,work,odd,resize picks parts; STRESS_IMPORT_KILLS, STRESS_WORK_STOPS, STRESS_RESCORE_KILLS, STRESS_ODD_FILES, STRESS_RESIZES and STRESS_STORE
# (a large store for the resize storm, default bench-out/archive-100000.sqlite when present) tune it.
set -uo pipefail
cd "$(dirname "$0")/.."
export LANG=C.UTF-8 LC_ALL=C.UTF-8
hark=$PWD/.build/release/hark
models=${HARK_MODELS:-$PWD/models}
import_kills=${STRESS_IMPORT_KILLS:-20}
work_stops=${STRESS_WORK_STOPS:-20}
rescore_kills=${STRESS_RESCORE_KILLS:-10}
odd_files=${STRESS_ODD_FILES:-400}
resizes=${STRESS_RESIZES:-1000}
big=${STRESS_STORE:-bench-out/archive-100000.sqlite}
only=${STRESS_ONLY:-import,work,odd,resize}   # rescoring runs with work, on its store
want() { [[ ",$only," == *",$1,"* ]]; }
out=$(mktemp -d)
socket="hark-stress-$$"
trap 'tmux -L "$socket" kill-server 2>/dev/null || true; rm -rf "$out"' EXIT
problems=0
bad() { echo "  ✗ $*"; problems=$((problems + 1)); }
q() { sqlite3 "$1" "$2"; }
# A random moment in [lo, hi) seconds.
pause() { awk -v lo="$1" -v hi="$2" -v r="$RANDOM" 'BEGIN { printf "%.2f", lo + (hi - lo) * r / 32768 }'; }
integrity() { [[ "$(q "$1" 'PRAGMA integrity_check')" == ok ]] || bad "integrity_check failed on $1"; }

if want import; then
echo "== 1a. hark import, killed -9 $import_kills times"
mkdir -p "$out/calls"
for i in $(seq 300); do sox -n -r 8000 -c 2 "$out/calls/call-$i.wav" synth 0.5 sine $((200 + i)) 2>/dev/null; done
store=$out/import.sqlite
for _ in $(seq "$import_kills"); do
  "$hark" import --quiet --store "$store" "$out/calls" >/dev/null 2>&1 & pid=$!
  sleep "$(pause 0 1)"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
"$hark" import --quiet --store "$store" "$out/calls" >/dev/null 2>&1
calls=$(q "$store" 'SELECT count(*) FROM call'); dupes=$(q "$store" 'SELECT count(*) - count(DISTINCT sha256) FROM call')
jobs=$(q "$store" "SELECT count(*) FROM job WHERE kind = 'transcribe'")
echo "  calls $calls/300 · duplicated $dupes · transcribe jobs $jobs"
[[ $calls == 300 && $dupes == 0 && $jobs == 300 ]] || bad "import: $calls calls, $dupes duplicated, $jobs jobs"
integrity "$store"
fi

if want work; then
echo "== 1b. hark work on real calls, stopped (SIGINT) or killed -9 $work_stops times"
long=sample-calls/calls/c03-angry-refund.ogg
work=$out/work.sqlite ref=$out/reference.sqlite
for s in "$work" "$ref"; do
  "$hark" import --quiet --store "$s" sample-calls/calls/c01-zh-short-balance.ogg sample-calls/calls/c02-en-short-delivery.ogg \
    sample-calls/calls/c04-polite-repair.ogg sample-calls/calls/c05-confused-elderly.ogg "$long" >/dev/null
done
start=$(date +%s)
"$hark" work --store "$ref" --models "$models" >/dev/null 2>&1
reference_seconds=$(( $(date +%s) - start ))
kept=0 restarts=0
for n in $(seq "$work_stops"); do
  [[ $(q "$work" "SELECT count(*) FROM job WHERE state IN ('queued', 'running')") == 0 ]] && break
  "$hark" work --store "$work" --models "$models" >/dev/null 2>&1 & pid=$!
  sleep "$(pause 2 9)"
  if (( n % 2 )); then kill -INT "$pid" 2>/dev/null; else kill -9 "$pid" 2>/dev/null; fi
  wait "$pid" 2>/dev/null
  restarts=$((restarts + 1))
  # A checkpoint left for the long call means the next run continues where this one stopped.
  [[ $(q "$work" "SELECT count(*) FROM job_checkpoint") -gt 0 ]] && kept=$((kept + 1))
done
"$hark" work --store "$work" --models "$models" >/dev/null 2>&1
failed=$(q "$work" "SELECT count(*) FROM call WHERE status != 'done'")
dup_utts=$(q "$work" 'SELECT count(*) FROM (SELECT call_id, idx FROM utterance GROUP BY call_id, idx HAVING count(*) > 1)')
same=$(diff <(q "$work" 'SELECT call_id, idx, text FROM utterance ORDER BY call_id, idx') \
            <(q "$ref" 'SELECT call_id, idx, text FROM utterance ORDER BY call_id, idx') >/dev/null && echo yes || echo no)
echo "  $restarts stops/kills · calls not done $failed · duplicated utterances $dup_utts · checkpoint kept after $kept of them"
echo "  transcripts identical to an uninterrupted run: $same (that run took ${reference_seconds} s)"
[[ $failed == 0 && $dup_utts == 0 && $same == yes ]] || bad "work: $failed not done, $dup_utts duplicated, identical=$same"
integrity "$work"

echo "== 1c. re-scoring after a dictionary change, killed -9 $rescore_kills times"
"$hark" dict add --store "$work" 不满 太慢了 >/dev/null
for _ in $(seq "$rescore_kills"); do
  "$hark" work --store "$work" --models "$models" >/dev/null 2>&1 & pid=$!
  sleep "$(pause 0 2)"; kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
done
"$hark" work --store "$work" --models "$models" >/dev/null 2>&1
left=$(q "$work" "SELECT count(*) FROM job WHERE state != 'done'")
unscored=$(q "$work" "SELECT count(*) FROM call WHERE status = 'done' AND score IS NULL")
echo "  jobs not done $left · transcribed calls without a score $unscored"
[[ $left == 0 && $unscored == 0 ]] || bad "rescore: $left jobs left, $unscored unscored"
integrity "$work"
fi

if want odd; then
echo "== 2. $odd_files odd files"
odd=$out/odd; mkdir -p "$odd"
sox -n -r 16000 -c 1 "$out/good.ogg" synth 3 sine 400 2>/dev/null
sox -n -r 16000 -c 1 "$out/good.flac" synth 3 sine 500 2>/dev/null
sox -n -r 16000 -c 2 "$out/good.wav" synth 3 sine 600 2>/dev/null
for i in $(seq "$odd_files"); do
  case $((i % 8)) in
    0) head -c $((RANDOM % 4000)) /dev/urandom > "$odd/random-$i.mp3" ;;
    1) head -c $((100 + RANDOM % 3000)) "$out/good.ogg" > "$odd/truncated-$i.ogg" ;;
    2) head -c $((50 + RANDOM % 2000)) "$out/good.flac" > "$odd/truncated-$i.flac" ;;
    3) head -c $((20 + RANDOM % 60)) "$out/good.wav" > "$odd/header-$i.wav" ;;
    4) printf 'agent: \e[2Jx\n' > "$odd/escape-$i.wav"; printf '{"agent": "\\u001b[2J坐席%d", "customer": "x\\ny"}' "$i" > "$odd/escape-$i.json" ;;
    5) sox -n -r $((8000 + RANDOM % 40000)) -c 1 "$odd/odd-rate-$i.wav" synth 0.$((RANDOM % 9 + 1)) sine 300 2>/dev/null ;;
    6) ln -sf "$odd/loop-$i.wav" "$odd/loop-$i.wav" ;;
    7) printf '{ not json' > "$odd/sidecar-$i.json"; cp "$out/good.wav" "$odd/sidecar-$i.wav"; printf '%d' "$i" >> "$odd/sidecar-$i.wav" ;;
  esac
done
mkfifo "$odd/fifo.wav"
oddstore=$out/odd.sqlite
timeout 300 "$hark" import --store "$oddstore" "$odd" > "$out/odd.out" 2> "$out/odd.err"; status=$?
absurd=$(q "$oddstore" "SELECT count(*) FROM call WHERE duration > 86400 OR duration < 0 OR duration != duration")
raw=$(cat "$out/odd.out" "$out/odd.err" | LC_ALL=C grep -c $'[\x01-\x08\x0b-\x1f\x7f]')
# Every line is Hark's own: imported / failed / duplicate / the summary.
foreign=$(grep -cvE '^(imported|failed|duplicate)' "$out/odd.out" "$out/odd.err" | awk -F: '{ s += $NF } END { print s + 0 }')
echo "  exit $status · calls $(q "$oddstore" 'SELECT count(*) FROM call') · absurd durations $absurd · raw control characters $raw · lines not Hark's $foreign"
[[ $status != 124 && $absurd == 0 && $raw == 0 && $foreign == 0 ]] || bad "odd files: exit $status, $absurd absurd, $raw raw, $foreign foreign lines"
fi

if want resize; then
echo "== 3. $resizes resizes with keys on $( [[ -f $big ]] && q "$big" 'SELECT count(*) FROM call' || echo "the sample") calls"
# A copy: the desk upgrades and re-analyses the store it opens, and the bench archive must stay as built.
if [[ -f $big ]]; then cp "$big" "$out/big.sqlite"; else "$hark" import --quiet --store "$out/big.sqlite" sample-calls/calls >/dev/null; fi
big=$out/big.sqlite
# The shell notes the desk's exit in a file: keys typed after it would scroll a note on the screen away.
tmux -L "$socket" new-session -d -s desk -x 120 -y 40 \
  "'$hark' --store '$big' --workers 0 --audio-device null --reports '$out/reports'; echo \"exited \$? \$(stty -a | tr ' ;' '\\n\\n' | grep -xE -- '-?echo')\" > '$out/exit.txt'; sleep 60"
sleep 3
# No q or Esc: twice on the Calls screen they quit (after asking), and the storm is about staying alive.
keys=(j k PageDown PageUp s / Enter 1 2 3 4 5 6 Tab ? h l g G x)
for i in $(seq "$resizes"); do
  tmux -L "$socket" resize-window -t desk -x $((20 + RANDOM % 200)) -y $((6 + RANDOM % 60)) 2>/dev/null
  tmux -L "$socket" send-keys -t desk "${keys[$((RANDOM % ${#keys[@]}))]}" 2>/dev/null
  (( i % 100 == 0 )) && sleep 0.05
done
tmux -L "$socket" resize-window -t desk -x 120 -y 40
sleep 1
alive=$([[ -f $out/exit.txt ]] && echo no || echo yes)
# The storm's keys may still be queued: keep asking (Esc closes a prompt or the help, Q quits) for a while.
drained=$(date +%s)
for _ in $(seq 120); do
  [[ -f $out/exit.txt ]] && break
  tmux -L "$socket" send-keys -t desk Escape Q 2>/dev/null
  sleep 0.5
done
drained=$(( $(date +%s) - drained ))
after=$(cat "$out/exit.txt" 2>/dev/null)
echo "  desk alive after the storm: $alive · on Q: ${after:-no exit seen} (after ${drained} s)"
[[ $alive == yes && $after == "exited 0 echo" ]] || bad "resize storm: alive=$alive, exit '$after'"
fi

echo
if (( problems == 0 )); then echo "stress: all held"; else echo "stress: $problems problem(s)"; exit 1; fi
