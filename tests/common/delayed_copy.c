// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "delayed_copy.h"

static bool all_zero(const uint8_t *bytes, size_t size)
{
	for (size_t i = 0; i < size; i++)
		if (bytes[i])
			return false;
	return true;
}

void assert_delayed_copy(const struct adx_memory_stream *out,
			 const struct adx_memory_stream *in, uint64_t latency)
{
	size_t fb = out->frame_bytes;

	assert_int_equal(in->frame_bytes, fb);
	assert_int_equal(atomic_load(&out->pos), out->frames);
	for (uint64_t n = 0; n < out->frames; n++) {
		const uint8_t *got = out->data + n * fb;

		if (n < latency || n - latency >= in->frames) {
			if (!all_zero(got, fb))
				fail_msg("frame %llu: not silence (latency %llu, %llu input frames)",
					 (unsigned long long)n, (unsigned long long)latency,
					 (unsigned long long)in->frames);
		} else if (memcmp(got, in->data + (n - latency) * fb, fb)) {
			fail_msg("frame %llu: not input frame %llu", (unsigned long long)n,
				 (unsigned long long)(n - latency));
		}
	}
}
