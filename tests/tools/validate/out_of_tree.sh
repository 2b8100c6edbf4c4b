#!/bin/sh
# out_of_tree.sh BUILD_DIR EXAMPLE_DIR: installs adx from BUILD_DIR into a
# temporary prefix, builds the example module against it (CMake package and
# pkg-config), validates both builds with the installed adx-validate and runs
# the module in the installed adx-testbench (DC in, DC gone out).
set -eu
build=$1 example=$2
here=$(dirname "$0")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$example" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
so=$(find "$tmp/cmake" -name "*adx_dc_block*.so")
"$tmp/prefix/bin/adx-validate" "$so" --strictness 3

PKG_CONFIG_PATH=$(dirname "$(find "$tmp/prefix" -name adx.pc)") pkg-config --cflags adx >"$tmp/cflags"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -fPIC -shared $(cat "$tmp/cflags") \
	-o "$tmp/dc_block_pc.so" "$example/dc_block.c" -lm
"$tmp/prefix/bin/adx-validate" "$tmp/dc_block_pc.so" --strictness 2

python3 "$here/dc_wav.py" write "$tmp/in.wav"
"$tmp/prefix/bin/adx-testbench" -q -i "$tmp/in.wav" -o "$tmp/out.wav" --module-lib "$so"
python3 "$here/dc_wav.py" check "$tmp/out.wav"
