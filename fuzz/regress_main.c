// SPDX-License-Identifier: BSD-3-Clause
/*
 * Without libFuzzer: runs a target once on every file of the folders named
 * on the command line (seed corpus, saved crashes), so every build replays
 * them as a regression test. Prints how many inputs ran.
 */
#define _DEFAULT_SOURCE
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	long size;

	if (!f)
		return 0;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc(size > 0 ? (size_t)size : 1);
	if (!data || (size > 0 && fread(data, 1, (size_t)size, f) != (size_t)size)) {
		fprintf(stderr, "%s: cannot read\n", path);
		exit(2);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, (size_t)size);
	free(data);
	return 1;
}

int main(int argc, char **argv)
{
	unsigned int runs = 0;

	for (int i = 1; i < argc; i++) {
		DIR *dir = opendir(argv[i]);
		struct dirent *e;
		char path[4096];

		if (!dir)
			continue; /* no crashes saved yet */
		while ((e = readdir(dir))) {
			if (e->d_name[0] == '.')
				continue;
			snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
			runs += (unsigned int)run_file(path);
		}
		closedir(dir);
	}
	printf("RELIABILITY fuzz-regress %s: inputs=%u\n", argv[0], runs);
	return runs ? 0 : 1;
}
