/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Engine test vectors, computed the same way on the PC and on each target:
 * integer-generated input (so the input is bit-identical everywhere) through
 * a few engine configurations; the output bytes are hashed and handed to a
 * writer, so check-qemu can compare the PC's and the target's output.
 */
#ifndef TB_ENGINE_VECTORS_H
#define TB_ENGINE_VECTORS_H

#include <stddef.h>
#include <stdint.h>

/* Called once per period with that period's output bytes. */
typedef void (*tb_vector_sink)(void *ctx, const char *config, const void *bytes, size_t n);

struct tb_vector_result {
	const char *config;
	uint32_t fnv1a;       /* FNV-1a over every output byte */
	uint32_t bytes;
	int error;            /* 0, or the failing engine call's errno */
};

#define TB_VECTOR_CONFIGS 4u

/* Runs every configuration; results[] gets one entry each. 0 or the first error. */
int tb_engine_vectors_run(struct tb_vector_result results[TB_VECTOR_CONFIGS],
			  tb_vector_sink sink, void *ctx);

#endif
