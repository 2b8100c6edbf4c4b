#!/usr/bin/env bash
# The 10,000-story sweep of `make demo` (same budgets and seed), timed. The
# goal (issue 12) is under 5 minutes on 2 cores; the figure printed here is
# the measurement, on whatever load the machine has.
set -euo pipefail
testbench=$1
out=$2
stories=${BENCH_STORIES:-10000}
budgets=$(sed -n 's/^DEMO_BUDGETS ?= //p' Makefile)
mkdir -p "$out"
start=$(date +%s.%N)
"$testbench" --stories "$stories" --seed 1 --budgets "$budgets" --no-plots --out "$out" -q
end=$(date +%s.%N)
cells=$((4 * 2 * $(tr ',' '\n' <<<"$budgets" | wc -l)))
awk -v s="$start" -v e="$end" -v n="$stories" -v c="$cells" -v j="$(nproc)" 'BEGIN {
	w = e - s
	printf "bench-verdict: %d stories x %d cells = %d runs in %.1f s wall on %d cores " \
	       "(%.2f ms per run; goal: under 300 s)\n", n, c, n * c, w, j, 1000 * w / (n * c) * j
}'
