/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * "Bit-exact with latency L" (docs/design.md §3), as one assertion: what a
 * memory sink recorded is what a memory source played, delayed by L frames.
 */
#ifndef ADX_TEST_DELAYED_COPY_H
#define ADX_TEST_DELAYED_COPY_H

#include <stdint.h>

#include "adx/modules/gateway.h"

/*
 * The sink is full, and its frame n is the source's frame n - latency byte
 * for byte; frames before the latency and after the source's end are
 * silence (all bytes zero).
 */
void assert_delayed_copy(const struct adx_memory_stream *out,
			 const struct adx_memory_stream *in, uint64_t latency);

#endif
