#!/bin/sh
# expect_refused.sh VALIDATE MODULE: a module built against another interface
# version is refused with exit 2 and a message naming both versions.
validate=$1 module=$2
err=$("$validate" "$module" 2>&1 >/dev/null)
rc=$?
printf '%s\n' "$err"
[ "$rc" -eq 2 ] || { echo "expected exit 2, got $rc" >&2; exit 1; }
printf '%s\n' "$err" | grep -q "built against module interface version 2, this adx provides version 1" ||
	{ echo "expected the refusal to name both versions" >&2; exit 1; }
