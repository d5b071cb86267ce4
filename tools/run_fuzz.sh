#!/usr/bin/env bash
# Builds the libFuzzer targets in build-fuzz (clang-14, ASan+UBSan) and runs each one for
# FUZZ_SECONDS on a scratch copy of its seed corpus, after replaying its crash regressions.
# Usage: tools/run_fuzz.sh [seconds] [target ...]   (make fuzz FUZZ_SECONDS=N)
# Exits non-zero if any target crashed, leaked, timed out or ran out of memory; the reproducer
# is left in build-fuzz/fuzz-out/<target>/ (turn it into tests/fuzz/regressions/<target>/<name>).
set -uo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-${FUZZ_SECONDS:-60}}
shift || true
build=${LOOPSCOPE_FUZZ_BUILD:-$root/build-fuzz}
jobs=${JOBS:-2}
cc=${FUZZ_CC:-clang-14}
cxx=${FUZZ_CXX:-clang++-14}

if ! command -v "$cxx" >/dev/null; then
    echo "run_fuzz: $cxx not found (apt-get install -y clang-14 libclang-rt-14-dev)" >&2
    exit 2
fi
if [[ ! -f $build/build.ninja ]]; then
    CC=$cc CXX=$cxx cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DLOOPSCOPE_BUILD_FUZZ=ON -DLOOPSCOPE_BUILD_GUI=OFF -DLOOPSCOPE_BUILD_TESTS=OFF \
        -DLOOPSCOPE_BUILD_BENCH=OFF >/dev/null || exit 2
fi
cmake --build "$build" -j "$jobs" --target fuzzers || exit 2

targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
    for exe in "$build"/fuzz/fuzz_*; do [[ -x $exe ]] && targets+=("$(basename "$exe")"); done
fi

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/fuzz/lsan.supp:print_suppressions=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
status=0
summary=()
for t in "${targets[@]}"; do
    exe=$build/fuzz/$t
    if [[ ! -x $exe ]]; then echo "run_fuzz: $t was not built (see tests/fuzz/CMakeLists.txt)"; status=1; continue; fi
    out=$build/fuzz-out/$t
    rm -rf "$out"; mkdir -p "$out/corpus" "$out/artifacts"
    # A copy, so the new inputs libFuzzer finds never land in the source tree.
    if [[ -d $root/tests/fuzz/corpus/$t ]]; then cp -r "$root/tests/fuzz/corpus/$t/." "$out/corpus/"; fi
    # The scenario corpus seeds the program fuzzers and the trace importer without keeping copies.
    case $t in
        fuzz_frontend|fuzz_scenario) cp "$root"/tests/scenarios/*.py "$out/corpus/" ;;
        fuzz_traceimport) cp "$root"/tests/scenarios/*.trace "$out/corpus/" ;;
    esac
    regressions=$root/tests/fuzz/regressions/$t
    if compgen -G "$regressions/*" >/dev/null; then
        echo "== $t: replaying regressions"
        if ! "$exe" -timeout=10 -rss_limit_mb=2048 "$regressions"/* >"$out/regressions.log" 2>&1; then
            echo "run_fuzz: $t fails a regression input; see $out/regressions.log"; status=1
            summary+=("$t: REGRESSION FAILED"); continue
        fi
    fi
    echo "== $t: fuzzing for ${seconds}s"
    "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
        -artifact_prefix="$out/artifacts/" "$out/corpus" >"$out/fuzz.log" 2>&1
    rc=$?
    last=$(grep -E '^#[0-9]+' "$out/fuzz.log" | tail -1)
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$out/fuzz.log")
    cov=$(sed -n 's/.* cov: \([0-9]*\).*/\1/p' <<<"$last")
    ft=$(sed -n 's/.* ft: \([0-9]*\).*/\1/p' <<<"$last")
    echo "$last"
    if [[ $rc -ne 0 ]]; then
        status=1
        summary+=("$t: CRASH (rc $rc) after ${execs:-?} executions: $(ls "$out/artifacts" | tr '\n' ' ')")
        grep -m3 -E 'ERROR: (AddressSanitizer|libFuzzer|LeakSanitizer)|runtime error:|SUMMARY' "$out/fuzz.log"
    else
        summary+=("$t: ok, ${execs:-?} executions, cov ${cov:-?}, ft ${ft:-?}")
    fi
done
echo "== summary"
printf '%s\n' "${summary[@]}"
exit $status
