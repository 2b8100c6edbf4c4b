#!/usr/bin/env bash
# make size: .text/.rodata/.data/.bss per layer of the firmware core, from
# the linker map of adx-core-image (every core function linked, see
# tests/target/core_image.c) in a Cortex-M build folder (default
# build-cortex-m7, made by `make check-qemu`). Exit 1 when it is missing.
set -euo pipefail

dir=${1:-build-cortex-m7}
map="$dir/tests/target/adx-core-image.map"
if [[ ! -f "$map" ]]; then
	echo "size: $map not found; run make check-qemu first (or build $dir)" >&2
	exit 1
fi
exec python3 "$(dirname "$0")/../tests/target/size_table.py" "$map"
