// SPDX-License-Identifier: BSD-3-Clause
#include <string.h>

#include "rel_ramp.h"

static uint32_t ramp_read(void *ctx, void *dst, uint32_t frames)
{
	struct rel_ramp *r = ctx;
	int32_t *out = dst;
	uint64_t n = atomic_fetch_add(&r->next_in, frames);

	for (uint32_t i = 0; i < frames; i++) {
		out[2 * i] = (int32_t)((n + i) & 0x7fffffff);
		out[2 * i + 1] = -out[2 * i];
	}
	return frames;
}

static uint32_t ramp_write(void *ctx, const void *src, uint32_t frames)
{
	struct rel_ramp *r = ctx;
	const int32_t *in = src;
	uint64_t last = atomic_load(&r->last_out);

	for (uint32_t i = 0; i < frames; i++) {
		uint64_t v = (uint64_t)(uint32_t)in[2 * i];

		if (!in[2 * i] && !in[2 * i + 1]) {
			atomic_fetch_add(&r->silent_out, 1);
			continue;
		}
		if (in[2 * i + 1] != -in[2 * i])
			atomic_fetch_add(&r->corrupt, 1);
		else if (last && v <= last)
			atomic_fetch_add(&r->duplicated, 1);
		else if (last && v != last + 1 && !atomic_exchange(&r->flush_allowed, 0))
			atomic_fetch_add(&r->lost, 1);
		last = v;
		atomic_fetch_add(&r->frames_out, 1);
	}
	atomic_store(&r->last_out, last);
	return frames;
}

int rel_ramp_init(struct rel_ramp *r, uint32_t host_id, uint32_t dai_id)
{
	struct adx_stream_params p = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE };
	int ret;

	memset(r, 0, sizeof(*r));
	atomic_store(&r->next_in, 1);
	r->host = (struct adx_gateway){ .name = "ramp-in", .params = p, .read = ramp_read,
					.ctx = r };
	r->dai = (struct adx_gateway){ .name = "ramp-out", .params = p, .write = ramp_write,
				       .ctx = r };
	adx_gateway_unregister(host_id);
	adx_gateway_unregister(dai_id);
	ret = adx_gateway_register(host_id, &r->host);
	return ret ? ret : adx_gateway_register(dai_id, &r->dai);
}

void rel_ramp_flush(struct rel_ramp *r)
{
	atomic_store(&r->flush_allowed, 1);
	atomic_fetch_add(&r->flushes, 1);
}
