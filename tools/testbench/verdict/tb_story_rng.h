/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The story generator's random numbers: splitmix64 (Steele, Lea and Flood
 * 2014), chosen because one 64-bit state per story makes every story
 * independent of every other and of the order stories are generated in,
 * which is what lets shards generate only their own slice.
 */
#ifndef ADX_TB_STORY_RNG_H
#define ADX_TB_STORY_RNG_H

#include <stdint.h>

#include "adx/util/splitmix64.h"

struct tb_rng {
	uint64_t state;
};

static inline uint64_t tb_rng_next(struct tb_rng *r)
{
	return adx_splitmix64_next(&r->state);
}

/* The stream for story `index` of `seed`: a mix of both, never their sum. */
static inline struct tb_rng tb_rng_for_story(uint64_t seed, uint32_t index)
{
	struct tb_rng r = { seed };
	uint64_t mixed = tb_rng_next(&r) ^ ((uint64_t)index * 0xd1b54a32d192ed03ull);

	r.state = mixed;
	(void)tb_rng_next(&r);
	return r;
}

/* Uniform in [lo, hi] (inclusive); hi - lo stays far below 2^32 here. */
static inline uint32_t tb_rng_range(struct tb_rng *r, uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(tb_rng_next(r) % ((uint64_t)hi - lo + 1));
}

/* True with probability percent / 100. */
static inline int tb_rng_chance(struct tb_rng *r, uint32_t percent)
{
	return tb_rng_range(r, 0, 99) < percent;
}

#endif
