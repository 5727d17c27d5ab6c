#!/usr/bin/env bash
# `make bench`: release builds of the benchmark executables, each printing figures against a reference run in
# the same process. BENCH_CALLS shrinks the synthetic archive for a quick look.
set -uo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product hark-bench-store && .build/release/hark-bench-store
