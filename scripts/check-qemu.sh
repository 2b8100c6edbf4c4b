#!/usr/bin/env bash
# make check-qemu: builds the firmware core for Cortex-M7 (mps2-an500) and
# Cortex-M4F (mps2-an386), runs the on-target tests under qemu-system-arm
# with semihosting, and compares the engine vectors with the PC build's.
#
# Fails when a build fails or an on-target test fails. The engine comparison
# is reported, not enforced: the PC and the targets differ through the C
# math library (glibc vs picolibc sinf/cosf/expf/powf/log10f), a known gap
# (issue 16) until the engine owns its transcendental math.
# Environment: BUILD (the PC build folder, default build), JOBS (default 2).
set -euo pipefail

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
JOBS=${JOBS:-2}
targets=(cortex-m7 cortex-m4f)
packages=(gcc-arm-none-eabi picolibc-arm-none-eabi qemu-system-arm)
start=$(date +%s)

missing=()
for pkg in "${packages[@]}"; do
	status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
	[[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if [[ ${#missing[@]} -gt 0 ]]; then
	echo "check-qemu: installing ${missing[*]}"
	if [[ $(id -u) -ne 0 ]]; then
		echo "check-qemu: not root; install them with: sudo apt-get install -y ${missing[*]}" >&2
		exit 1
	fi
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null
fi

echo "== PC reference: engine vectors"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$BUILD" -j"$JOBS" --target adx-engine-vectors >/dev/null
pc_dir="$BUILD/engine-vectors"
rm -rf "$pc_dir" && mkdir -p "$pc_dir"
"$BUILD/tests/target/adx-engine-vectors" "$pc_dir"

status=0
for target in "${targets[@]}"; do
	dir="build-$target"
	echo "== $target: build"
	cmake -S . -B "$dir" -DCMAKE_TOOLCHAIN_FILE="cmake/toolchains/$target.cmake" \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build "$dir" -j"$JOBS" >/dev/null
	echo "== $target: on-target tests under QEMU"
	rm -f "$dir"/tests/target/engine-*.raw
	log="$dir/target-tests.log"
	ctest_ok=true
	ctest --test-dir "$dir" -V >"$log" 2>&1 || ctest_ok=false
	sed -n 's/^[0-9]*: //p' "$log" | grep -vE '^(Test command|Working Directory|Test timeout)' || true
	if ! $ctest_ok; then
		echo "check-qemu: $target: on-target tests FAILED (log: $log)" >&2
		status=1
	fi
	echo "== $target: engine output vs the PC"
	python3 tests/target/compare_vectors.py "$pc_dir" "$dir/tests/target" || true
done

echo "check-qemu: $(( $(date +%s) - start )) s, $([[ $status -eq 0 ]] && echo passed || echo FAILED)"
exit $status
