// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "runtime_fixture.h"

/* A signal where every sample differs from its neighbours: lost or repeated frames show. */
static void fill_ramp(struct adx_memory_stream *s, const struct adx_stream_params *p)
{
	uint64_t samples = s->frames * p->channels;

	for (uint64_t i = 0; i < samples; i++) {
		int32_t v = (int32_t)((i * 2654435761u) & 0x7fff) - 0x4000;

		switch (p->format) {
		case ADX_FMT_S16_LE: ((int16_t *)s->data)[i] = (int16_t)v; break;
		case ADX_FMT_S32_LE: ((int32_t *)s->data)[i] = v * 65536; break;
		case ADX_FMT_FLOAT32: ((float *)s->data)[i] = (float)v / 32768.0f; break;
		}
	}
}

void rt_fixture_init(struct rt_fixture *f, enum adx_exec_mode mode, size_t heap_bytes,
		     const struct adx_stream_params *params, uint64_t frames,
		     uint64_t out_frames)
{
	struct adx_sched_config cfg = { .mode = mode, .tick_us = 1000 };

	memset(f, 0, sizeof(*f));
	f->arena = aligned_alloc(64, heap_bytes);
	f->heap = adx_heap_init_tlsf(f->arena, heap_bytes);
	assert_non_null(f->heap);
	assert_int_equal(adx_sched_init(&f->sched, &cfg), 0);
	f->params = *params;
	adx_gateway_init_memory_source(&f->host_gw, "host", params, &f->in,
				       calloc(frames + 1, adx_frame_bytes(params)), frames);
	fill_ramp(&f->in, params);
	adx_gateway_init_memory_sink(&f->dai_gw, "dai", params, &f->out,
				     calloc(out_frames + 1, adx_frame_bytes(params)), out_frames);
	assert_int_equal(adx_gateway_register(0, &f->host_gw), 0);
	assert_int_equal(adx_gateway_register(1, &f->dai_gw), 0);
}

void rt_fixture_destroy(struct rt_fixture *f)
{
	adx_sched_destroy(&f->sched);
	adx_gateway_unregister(0);
	adx_gateway_unregister(1);
	free(f->in.data);
	free(f->out.data);
	free(f->arena);
}

size_t rt_heap_used(struct rt_fixture *f)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(f->heap, &st);
	return st.used_bytes;
}
