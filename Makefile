# Hark: `make run` sets everything up and opens the TUI on the sample calls; `make test` runs the test suite.
SHELL := /bin/bash
export PATH := $(PATH):/opt/swift/usr/bin
export LANG ?= C.UTF-8
export LC_ALL ?= C.UTF-8

STORE ?= $(HOME)/.local/share/hark/calls.sqlite
HARK := .build/debug/hark
SWIFT_TEST_FLAGS ?=

.PHONY: all setup build models test run bench accuracy stress clean help

all: build

help:
	@echo "make run    set up, build, install models, import sample calls, open the TUI"
	@echo "make test   set up, build, install models, run all tests"
	@echo "make bench  benchmarks (store, analysis, speech, playback): figures as ratios to reference runs"
	@echo "make accuracy  markers, masked exports and transcripts through Whisper against the sample calls' truth"
	@echo "               (ACCURACY_ARGS='--calls DIR' for another folder of calls with truth files)"
	@echo "make stress kill/stop loops, odd-file floods and a resize storm against the release build (minutes; not in CI)"
	@echo "make models install speech models into models/ (HARK_MODEL_MIRROR=DIR to copy from a folder)"

setup:
	@scripts/setup.sh

build: setup
	swift build

models:
	@scripts/install-models.sh

test: setup models
	swift build --build-tests
	HARK_MODELS=$(CURDIR)/models swift test --skip-build --disable-xctest --no-parallel --skip PlayerDeviceLossTests $(SWIFT_TEST_FLAGS)
	@# Suites run one after another (about 100 s instead of 70 s on 2 cores): several start servers (tmux,
	@# pulseaudio) and background threads, and one process is all they share.
	@# A private PulseAudio server sets PULSE_* for the whole test process and runs libpulse in it, and the test
	@# kills the server mid-call: that suite gets a process of its own, shared with no other test.
	HARK_MODELS=$(CURDIR)/models swift test --skip-build --disable-xctest --filter PlayerDeviceLossTests

run: build models
	@if [ -d sample-calls/calls ]; then $(HARK) import --quiet --store "$(STORE)" sample-calls/calls || true; fi
	@$(HARK) forms import --store "$(STORE)" forms/sample-centre.toml
	$(HARK) --store "$(STORE)" --models models

bench: setup models
	scripts/bench.sh

accuracy: setup models
	scripts/accuracy.sh $(ACCURACY_ARGS)

stress: setup models
	swift build -c release --product hark
	scripts/stress.sh

clean:
	rm -rf .build
