// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-engine-vectors DIR: the PC side of check-qemu's comparison; writes
 * the engine vectors under DIR (which must exist) and prints their hashes.
 * Exit status: 0 done, 1 an engine call or a file write failed, 2 usage.
 */
#include <stdio.h>
#include <string.h>

#include "vector_files.h"

int main(int argc, char **argv)
{
	if (argc != 2 || !strcmp(argv[1], "--help")) {
		fprintf(stderr, "usage: adx-engine-vectors DIR\n"
				"Writes DIR/engine-<config>.raw for each engine test vector\n"
				"and prints one \"vector <config> fnv1a=<hex> bytes=<n>\" line each.\n");
		return argc == 2 ? 0 : 2;
	}
	return tb_vector_files_write(argv[1]) ? 0 : 1;
}
