// SPDX-License-Identifier: BSD-3-Clause
#include <stdio.h>
#include <string.h>

#include "engine_vectors.h"
#include "vector_files.h"

struct vector_writer {
	const char *dir;
	const char *config; /* whose file is open */
	FILE *file;
	bool failed;
};

static void writer_close(struct vector_writer *w)
{
	if (w->file && fclose(w->file) != 0)
		w->failed = true;
	w->file = NULL;
}

static void writer_sink(void *ctx, const char *config, const void *bytes, size_t n)
{
	struct vector_writer *w = ctx;
	char path[256];

	if (w->failed)
		return;
	if (!w->config || strcmp(w->config, config) != 0) {
		writer_close(w);
		w->config = config;
		snprintf(path, sizeof(path), "%s/engine-%s.raw", w->dir, config);
		w->file = fopen(path, "wb");
		if (!w->file) {
			printf("vector: cannot create %s\n", path);
			w->failed = true;
			return;
		}
	}
	if (fwrite(bytes, 1, n, w->file) != n) {
		printf("vector: short write to %s/engine-%s.raw\n", w->dir, config);
		w->failed = true;
	}
}

bool tb_vector_files_write(const char *dir)
{
	struct tb_vector_result results[TB_VECTOR_CONFIGS];
	struct vector_writer w = { .dir = dir };
	int ret = tb_engine_vectors_run(results, writer_sink, &w);

	writer_close(&w);
	for (unsigned i = 0; i < TB_VECTOR_CONFIGS; i++)
		printf("vector %s fnv1a=%08lx bytes=%lu error=%d\n", results[i].config,
		       (unsigned long)results[i].fnv1a, (unsigned long)results[i].bytes,
		       results[i].error);
	return ret == 0 && !w.failed;
}
