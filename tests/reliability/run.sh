#!/usr/bin/env bash
# The reliability harness in one command (docs/reliability.md).
#   run.sh quick   CI: reliability-labelled tests, wall-clock timing, SPIN, TSan stress,
#                  fuzz short runs
#   run.sh deep    make check-deep: the long forms of all of them
# Logs go to out/reliability/; the "RELIABILITY ..." lines are the figures.
# Environment: BUILD (default build), JOBS (2), FUZZ_SECONDS (quick 20, deep 600).
set -euo pipefail
mode=${1:-quick}
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
BUILD=${BUILD:-build}
JOBS=${JOBS:-2}
TSAN_BUILD=${TSAN_BUILD:-build-tsan}
FUZZ_BUILD=${FUZZ_BUILD:-build-fuzz}
logs=out/reliability
mkdir -p "$logs"
status=0

figures() { grep -h -o "RELIABILITY.*" "$@" || true; }

stage() {
	local name=$1
	shift
	echo "== reliability: $name"
	if "$@" >"$logs/$name.log" 2>&1; then
		figures "$logs/$name.log"
	else
		figures "$logs/$name.log"
		tail -40 "$logs/$name.log"
		echo "reliability: $name FAILED (log: $logs/$name.log)"
		status=1
	fi
}

ctest_verbose() { # dir, ctest label arguments...
	local dir=$1
	shift
	ctest --test-dir "$dir" -j"$JOBS" --output-on-failure -V "$@"
}

build_tsan() {
	cmake -S . -B "$TSAN_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DADX_SANITIZE=thread >/dev/null
	cmake --build "$TSAN_BUILD" -j"$JOBS"
}

build_fuzz() {
	CC=clang cmake -S . -B "$FUZZ_BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DADX_SANITIZE=address,undefined -DADX_FUZZ=ON \
		-DCMAKE_C_FLAGS=-fsanitize=fuzzer-no-link >/dev/null
	cmake --build "$FUZZ_BUILD" -j"$JOBS" --target fuzz
}

# Each target for FUZZ_SECONDS from its committed corpus; new inputs go to a
# scratch corpus, crashes to out/reliability/crashes/ (see fuzz/README.md).
fuzz_runs() {
	local seconds=$1 total=0 t runs
	mkdir -p "$logs/crashes"
	for t in ipc tuning dax_config scenario audio; do
		local scratch
		scratch=$(mktemp -d)
		ASAN_OPTIONS=detect_leaks=1 "$FUZZ_BUILD/fuzz/fuzz_$t" -max_total_time="$seconds" \
			-timeout=20 -rss_limit_mb=2048 -print_final_stats=1 \
			-artifact_prefix="$logs/crashes/$t-" "$scratch" "fuzz/corpus/$t" \
			>"$logs/fuzz-$t.txt" 2>&1 || { tail -30 "$logs/fuzz-$t.txt"; rm -rf "$scratch"; return 1; }
		runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\)/\1/p' "$logs/fuzz-$t.txt")
		echo "RELIABILITY fuzz $t: executions=${runs:-0} seconds=$seconds crashes=0"
		total=$((total + ${runs:-0}))
		rm -rf "$scratch"
	done
	echo "RELIABILITY fuzz total: executions=$total crashes=0"
}

case $mode in
quick)
	stage tests ctest_verbose "$BUILD" -L reliability
	stage timing ctest_verbose "$BUILD" -L timing -LE deep
	stage spin tests/reliability/spin/run.sh
	stage tsan-build build_tsan
	stage tsan ctest_verbose "$TSAN_BUILD" -L "tsan|threads" -LE deep
	stage fuzz-build build_fuzz
	stage fuzz fuzz_runs "${FUZZ_SECONDS:-20}"
	;;
deep)
	stage deep-tests ctest_verbose "$BUILD" -L deep
	stage heap-stress ctest_verbose "$BUILD" -R '^test_heap_stress_slow$'
	SPIN_DEPTH=10000000 stage spin tests/reliability/spin/run.sh
	stage tsan-build build_tsan
	stage tsan-deep ctest_verbose "$TSAN_BUILD" -L tsan
	stage fuzz-build build_fuzz
	stage fuzz fuzz_runs "${FUZZ_SECONDS:-600}"
	;;
*)
	echo "usage: $0 quick|deep"
	exit 2
	;;
esac
echo "reliability ($mode): $([[ $status == 0 ]] && echo all passed || echo FAILED)"
exit $status
