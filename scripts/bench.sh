#!/usr/bin/env bash
# `make bench`: release builds of the benchmark executables, each printing its figures against a reference run in
# the same process (LIKE scan, naive matcher, sherpa-onnx's own Python decode, the wall clock, a small store).
# BENCH_CALLS shrinks the synthetic archives for a quick look; BENCH_ONLY=store,analysis,... picks benches.
set -uo pipefail
cd "$(dirname "$0")/.."
calls=${BENCH_CALLS:-100000}
only=${BENCH_ONLY:-store,analysis,whatif,forms,diarization,speech,live,playback,tui,accuracy}
status=0
want() { [[ ",$only," == *",$1,"* ]]; }
section() { printf '\n== %s\n' "$1"; }

swift build -c release 2>&1 | grep -E 'error|Build' | tail -3

if want store; then
  section "store (archive of $calls calls, reused from bench-out/ when present)"
  BENCH_CALLS=$calls .build/release/hark-bench-store || status=1
fi
if want analysis; then
  section "analysis (rescore $calls calls × 40 utterances)"
  .build/release/hark-bench-analysis "$calls" 40 200 || status=1
fi
if want whatif; then
  section "dictionary what-if preview over the archive (vs the same preview on one thread)"
  .build/release/hark what-if --store "bench-out/archive-$calls.sqlite" --add 不满=太慢 --remove 满意=谢谢 --top 0 || status=1
fi
if want forms; then
  section "QA forms: re-score and what-if after a form edit ($calls analysed calls, vs the same on one thread)"
  BENCH_CALLS=$calls .build/release/hark-bench-forms || status=1
fi
if want diarization; then
  section "diarization of mono recordings (GE2E + clustering) against human RTTM / truth turns"
  real=../shared/real-calls; sc=sample-calls/calls; args=()
  [ -f "$real/pyannote-sample.rttm" ] && args+=("$real/pyannote-sample.wav:$real/pyannote-sample.rttm" "$real/google-commercial-mono.wav")
  for c in c08-negation-mono-tel8k c15-sichuan-outbound-mono; do [ -f "$sc/$c.ogg" ] && args+=("$sc/$c.ogg:$sc/$c.truth.json"); done
  .build/release/hark-bench-diarization --models models "${args[@]}" || status=1
fi
if want speech; then
  section "speech pipeline vs sherpa-onnx Python (sample calls)"
  .build/release/hark-bench-speech --calls sample-calls/calls --models models || status=1
fi
if want live; then
  section "live intake: calls written at real-time pace into a watched folder (alert, final report, calls at once)"
  .build/release/hark-bench-live --models models --calls sample-calls/calls --max-calls "${BENCH_LIVE_CALLS:-4}" \
    --soak-minutes "${BENCH_SOAK_MINUTES:-0}" || status=1
fi
if want playback; then
  section "playback on a PulseAudio null sink vs the wall clock"
  .build/release/hark-bench-playback 60 || status=1
fi
if want tui; then
  section "TUI responsiveness"
  small=$(mktemp -d)/small.sqlite
  .build/release/hark import --quiet --store "$small" sample-calls/calls >/dev/null || true
  scripts/bench-tui.sh "bench-out/archive-$calls.sqlite" "$small" || status=1
  rm -rf "$(dirname "$small")"
fi
if want accuracy; then
  section "accuracy through Whisper against the sample calls' truth (markers, masked exports, transcripts)"
  scripts/accuracy.sh --quiet || status=1
fi
exit $status
