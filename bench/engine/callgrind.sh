#!/bin/sh
# Instructions per second of audio for one bench configuration, counted by
# callgrind inside FUNCTION only (the engine's process call, or the plain
# copy), so input generation and engine set-up are not counted.
# usage: callgrind.sh BENCH_BINARY CONFIG SECONDS FUNCTION
set -eu
bench=$1 config=$2 seconds=$3 function=$4
out=$(mktemp /tmp/adx-callgrind.XXXXXX)
trap 'rm -f "$out"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$out" --toggle-collect="$function" \
	"$bench" --measure "$config" --seconds "$seconds" >/dev/null 2>&1
# "totals:" (or "summary:") holds the collected instruction count.
instructions=$(sed -n 's/^\(totals\|summary\): *\([0-9]*\).*/\2/p' "$out" | head -n 1)
echo $((instructions / seconds))
