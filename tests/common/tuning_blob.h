/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Tuning blobs for the tests (docs/tuning-blob.md; little-endian host):
 * built word by word, or, for the one-value records most control tests
 * stage, in one call.
 */
#ifndef ADX_TEST_TUNING_BLOB_H
#define ADX_TEST_TUNING_BLOB_H

#include <stdint.h>
#include <string.h>

#include "adx/dsp/tuning.h"

struct blob {
	uint32_t words[1024];
	uint32_t count;
	uint32_t record_start;
};

static inline void blob_u32(struct blob *b, uint32_t v)
{
	b->words[b->count++] = v;
}

static inline void blob_f32(struct blob *b, float v)
{
	uint32_t w;

	memcpy(&w, &v, sizeof(w));
	blob_u32(b, w);
}

static inline void blob_begin(struct blob *b, uint32_t id)
{
	b->record_start = b->count;
	blob_u32(b, id);
	blob_u32(b, 0);
}

static inline void blob_end(struct blob *b)
{
	b->words[b->record_start + 1] = (b->count - b->record_start) * 4u;
}

static inline size_t blob_bytes(const struct blob *b)
{
	return b->count * 4u;
}

#define TUNING_SCALAR_RECORD_BYTES 20u

/*
 * A record holding one f32 for one device and profile (LIMITER: ceiling in
 * dBFS; DIALOGUE: amount), written to `out` (any alignment).
 */
static inline size_t tuning_put_scalar_record(uint8_t *out, uint32_t id, uint32_t device,
					      uint32_t profile, float value)
{
	uint32_t words[5] = { id, TUNING_SCALAR_RECORD_BYTES, device, profile, 0 };

	memcpy(&words[4], &value, sizeof(value));
	memcpy(out, words, sizeof(words));
	return sizeof(words);
}

/* A flat EQ, no content processing parameters touched. */
static inline void blob_flat_eq(struct blob *b, uint32_t device, uint32_t profile)
{
	blob_begin(b, ADX_TUNING_EQ);
	blob_u32(b, device);
	blob_u32(b, profile);
	blob_u32(b, 0);
	blob_end(b);
}

#endif
