#!/bin/sh
# out_of_tree.sh BUILD_DIR EXAMPLE_DIR: installs adx from BUILD_DIR into a
# temporary prefix, builds the example module against it (CMake package and
# pkg-config) and validates both builds with the installed adx-validate.
set -eu
build=$1 example=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cmake -S "$example" -B "$tmp/cmake" -DCMAKE_PREFIX_PATH="$tmp/prefix" >/dev/null
cmake --build "$tmp/cmake" >/dev/null
"$tmp/prefix/bin/adx-validate" "$(find "$tmp/cmake" -name "*adx_dc_block*.so")" --strictness 3
PKG_CONFIG_PATH=$(dirname "$(find "$tmp/prefix" -name adx.pc)") pkg-config --cflags adx >"$tmp/cflags"
${CC:-cc} -std=c11 -Wall -Wextra -Werror -fPIC -shared $(cat "$tmp/cflags") \
	-o "$tmp/dc_block_pc.so" "$example/dc_block.c" -lm
"$tmp/prefix/bin/adx-validate" "$tmp/dc_block_pc.so" --strictness 2
