/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The one PRNG tests and benchmarks draw their data from: splitmix64, so a
 * failure or a figure reproduces from its seed on any machine. Any seed is
 * valid, zero included.
 */
#ifndef ADX_TESTS_COMMON_RNG_H
#define ADX_TESTS_COMMON_RNG_H

#include <stdint.h>

#include "adx/util/splitmix64.h"

struct rng {
	uint64_t state;
};

static inline uint64_t rng_next(struct rng *r)
{
	return adx_splitmix64_next(&r->state);
}

/* Uniform in [0, n), n > 0 (the modulo bias is negligible for test sizes). */
static inline uint64_t rng_below(struct rng *r, uint64_t n)
{
	return rng_next(r) % n;
}

/* Noise, uniform in [-1, 1): a test signal with every sample different. */
static inline float rng_noise(struct rng *r)
{
	return (float)((double)(rng_next(r) >> 40) / 8388608.0 - 1.0);
}

/* Uniform in [lo, hi]. */
static inline uint64_t rng_range(struct rng *r, uint64_t lo, uint64_t hi)
{
	return lo + rng_below(r, hi - lo + 1u);
}

#endif
