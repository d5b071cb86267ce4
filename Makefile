# The two commands: `make run` opens the app on the seed's example, `make test` runs every test.
# Each installs what is missing (Debian 12), configures once and builds incrementally.
SCENARIO ?= resources/scenarios/potatoes.py
JOBS ?= $(shell nproc)
SHELL := /bin/bash
FUZZ_SECONDS ?= 60

.PHONY: all deps build run test test-asan bench fuzz install clean

all: build

deps:
	@tools/install-deps.sh

build/build.ninja: | deps
	@cmake --preset dev >/dev/null

build: deps build/build.ninja
	@cmake --build build -j $(JOBS)
	@test -x build/bin/loopscope-cli

run: build
	@build/bin/loopscope $(SCENARIO)

test: build
	@ctest --preset dev -j $(JOBS)

# Re-configured when the presets change, so an old build-asan picks up new flags and options.
build-asan/build.ninja: CMakePresets.json | deps
	@LOOPSCOPE_DEPS_EXTRA=asan tools/install-deps.sh
	@cmake --preset asan >/dev/null

test-asan: deps build-asan/build.ninja
	@cmake --build build-asan -j $(JOBS)
	@ctest --preset asan -j $(JOBS)

build-release/build.ninja: | deps
	@LOOPSCOPE_DEPS_EXTRA=bench tools/install-deps.sh
	@cmake --preset release >/dev/null

bench: deps build-release/build.ninja
	@cmake --build build-release -j $(JOBS)
	@python3 bench/run_bench.py --build build-release

fuzz:
	@FUZZ_SECONDS=$(FUZZ_SECONDS) JOBS=$(JOBS) tools/run_fuzz.sh $(FUZZ_SECONDS)

install: build
	@cmake --install build

clean:
	@rm -rf build build-asan build-release
