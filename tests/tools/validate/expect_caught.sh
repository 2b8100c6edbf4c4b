#!/bin/sh
# expect_caught.sh VALIDATE MODULE CHECK: the default run of MODULE must fail
# (exit 1) and CHECK must be among the failed checks.
validate=$1 module=$2 check=$3
out=$("$validate" "$module" --timeout-ms 120000)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne 1 ]; then
	echo "expected exit 1 (a check failed), got $rc" >&2
	exit 1
fi
if ! printf '%s\n' "$out" | grep -q "^FAIL  $check "; then
	echo "expected $check to fail" >&2
	exit 1
fi
