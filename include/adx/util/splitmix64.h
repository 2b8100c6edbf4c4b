/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * splitmix64 (Steele, Lea and Flood, 2014): one 64-bit state, every seed
 * valid (zero included), streams independent of the order they are drawn
 * in. The one generator behind the tests' data, the story generator and the
 * validator's checks, so a seed means the same thing in each.
 */
#ifndef ADX_UTIL_SPLITMIX64_H
#define ADX_UTIL_SPLITMIX64_H

#include <stdint.h>

static inline uint64_t adx_splitmix64_next(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

#endif
