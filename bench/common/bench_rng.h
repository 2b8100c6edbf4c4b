/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The benchmarks' PRNG: splitmix64, so every figure is reproducible from its
 * seed on any machine.
 */
#ifndef ADX_BENCH_RNG_H
#define ADX_BENCH_RNG_H

#include <stdint.h>

struct rng {
	uint64_t state;
};

static inline uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->state += 0x9E3779B97F4A7C15ull);

	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

/* Uniform in [lo, hi]. */
static inline uint32_t rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(rng_next(r) % (hi - lo + 1u));
}

#endif
