/* SPDX-License-Identifier: BSD-3-Clause */
/* Shared by the audio tests: the one PRNG they draw test data from. */
#ifndef ADX_TESTS_AUDIO_UTIL_H
#define ADX_TESTS_AUDIO_UTIL_H

#include <stdint.h>

/* xorshift64*: deterministic, so a failure reproduces from the same seed. */
static inline uint64_t xorshift64s_next(uint64_t *state)
{
	*state ^= *state >> 12;
	*state ^= *state << 25;
	*state ^= *state >> 27;
	return *state * 0x2545f4914f6cdd1du;
}

#endif
