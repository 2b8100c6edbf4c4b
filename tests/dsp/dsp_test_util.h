/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Helpers for the engine tests: an engine in guarded memory, test signals
 * and simple measurements. Everything is static inline so each test program
 * takes only what it uses.
 */
#ifndef ADX_DSP_TEST_UTIL_H
#define ADX_DSP_TEST_UTIL_H

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "adx/dsp/engine.h"
#include "rng.h"

#define TEST_RATE 48000.0
#define TEST_PI 3.14159265358979323846
#define GUARD_BYTES 256
#define GUARD_PATTERN 0xA5

struct engine_box {
	struct adx_dsp_config config;
	struct adx_dsp *engine;
	uint8_t *persistent_block; /* guard | region | guard */
	uint8_t *scratch_block;
	size_t persistent_bytes;
	size_t scratch_bytes;
};

static inline uint8_t *guarded_alloc(size_t bytes)
{
	size_t total = bytes + 2 * GUARD_BYTES;
	uint8_t *block = aligned_alloc(ADX_DSP_ALIGN, (total + ADX_DSP_ALIGN - 1) & ~(size_t)(ADX_DSP_ALIGN - 1));

	if (block)
		memset(block, GUARD_PATTERN, total);
	return block;
}

static inline int guard_intact(const uint8_t *block, size_t bytes)
{
	size_t i;

	for (i = 0; i < GUARD_BYTES; i++)
		if (block[i] != GUARD_PATTERN || block[GUARD_BYTES + bytes + i] != GUARD_PATTERN)
			return 0;
	return 1;
}

/* A region between two guards, for the parts that take raw memory (virtualiser, CTC). */
struct guarded {
	uint8_t *base;  /* guard | region | guard */
	void *mem;      /* the region, ADX_DSP_ALIGN aligned */
	size_t bytes;
};

static inline void guarded_region_alloc(struct guarded *g, size_t bytes)
{
	g->base = guarded_alloc(bytes);
	g->mem = g->base ? g->base + GUARD_BYTES : NULL;
	g->bytes = bytes;
}

/* Frees the region; 1 if both guards were intact. */
static inline int guarded_region_release(struct guarded *g)
{
	int intact = g->base && guard_intact(g->base, g->bytes);

	free(g->base);
	return intact;
}

/* Opens an engine; 0 on success. */
static inline int box_open(struct engine_box *b, uint32_t channels, enum adx_dsp_format format)
{
	memset(b, 0, sizeof(*b));
	b->config.sample_rate = 48000;
	b->config.in_channels = channels;
	b->config.out_channels = 2;
	b->config.format = format;
	b->persistent_bytes = adx_dsp_persistent_bytes(&b->config);
	b->scratch_bytes = adx_dsp_scratch_bytes(&b->config);
	if (!b->persistent_bytes || !b->scratch_bytes)
		return -1;
	b->persistent_block = guarded_alloc(b->persistent_bytes);
	b->scratch_block = guarded_alloc(b->scratch_bytes);
	if (!b->persistent_block || !b->scratch_block)
		return -1;
	return adx_dsp_init(&b->engine, &b->config, b->persistent_block + GUARD_BYTES,
			    b->persistent_bytes, b->scratch_block + GUARD_BYTES,
			    b->scratch_bytes);
}

static inline int box_guards_intact(const struct engine_box *b)
{
	return guard_intact(b->persistent_block, b->persistent_bytes) &&
	       guard_intact(b->scratch_block, b->scratch_bytes);
}

static inline void box_close(struct engine_box *b)
{
	if (b->engine)
		adx_dsp_free(b->engine);
	free(b->persistent_block);
	free(b->scratch_block);
	memset(b, 0, sizeof(*b));
}

/*
 * Runs whole periods of float interleaved audio (FLOAT32 engines):
 * frames must be a multiple of the period. Returns 0 or the first error.
 */
static inline int box_run_float(struct engine_box *b, const float *in, float *out,
				size_t frames)
{
	size_t f;
	int ret;

	for (f = 0; f < frames; f += ADX_DSP_PERIOD_FRAMES) {
		ret = adx_dsp_process(b->engine, in + f * b->config.in_channels, out + 2 * f);
		if (ret)
			return ret;
	}
	return 0;
}

/* Amplitude of frequency f in x (least squares over whole samples). */
static inline double tone_amplitude(const float *x, size_t stride, size_t n, double f)
{
	double c = 0.0, s = 0.0, w = 2.0 * TEST_PI * f / TEST_RATE;
	size_t i;

	for (i = 0; i < n; i++) {
		c += x[i * stride] * cos(w * (double)i);
		s += x[i * stride] * sin(w * (double)i);
	}
	return 2.0 * sqrt(c * c + s * s) / (double)n;
}

static inline double rms(const float *x, size_t stride, size_t n)
{
	double sum = 0.0;
	size_t i;

	for (i = 0; i < n; i++)
		sum += (double)x[i * stride] * x[i * stride];
	return sqrt(sum / (double)n);
}

static inline double db(double ratio)
{
	return 20.0 * log10(ratio);
}

#endif
