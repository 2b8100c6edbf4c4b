/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Text tunings <-> tuning blobs (format: docs/tuning-blob.md). Host code:
 * it allocates and uses stdio freely.
 */
#ifndef ADX_TUNING_TEXT_H
#define ADX_TUNING_TEXT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct tuning_blob {
	uint32_t *words;
	size_t count;      /* words used */
	size_t capacity;
};

/*
 * Compiles text (named name in messages) into blob. On error returns -1 and
 * writes "name:line: what was wrong" into message. The result is checked
 * with the engine's own validator, so a blob that compiles also loads.
 */
int tuning_compile(const char *text, const char *name, struct tuning_blob *blob,
		   char *message, size_t message_bytes);

/* Writes blob as text; -1 with a message if the blob is invalid. */
int tuning_decompile(const void *blob, size_t bytes, FILE *out, char *message,
		     size_t message_bytes);

void tuning_blob_free(struct tuning_blob *blob);

#endif
