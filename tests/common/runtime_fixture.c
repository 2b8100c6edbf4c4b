// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/volume.h"

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

void rt_chain_build(struct rt_fixture *f, struct rt_chain *c, int32_t gain, bool with_dp,
		    uint64_t dp_cost_ns)
{
	static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
	static const struct adx_dai_copier_init dai_init = { .gateway_id = 1 };
	struct adx_volume_config vol = { .gain_q8_23 = gain };
	struct adx_dp_passthrough_init dp = { .block_frames = RT_PERIOD_FRAMES, .period_us = 1000,
					      .cycle_cost_ns = dp_cost_ns };
	struct adx_module *before_dai;
	const uint32_t period = RT_PERIOD_FRAMES;

	memset(c, 0, sizeof(*c));
	assert_int_equal(adx_pipeline_create(&c->ppl, 1, "p1", f->heap, &f->sched, period), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_host_copier_driver, "host",
						 &host_init, sizeof(host_init), &c->host), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_volume_driver, "vol", &vol,
						 sizeof(vol), &c->vol), 0);
	if (with_dp)
		assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_dp_passthrough_driver, "dp",
							 &dp, sizeof(dp), &c->dp), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_dai_copier_driver, "dai",
						 &dai_init, sizeof(dai_init), &c->dai), 0);
	assert_int_equal(adx_pipeline_connect(&c->ppl, c->host, c->vol, &f->params, 2 * period), 0);
	before_dai = c->vol;
	if (with_dp) {
		assert_int_equal(adx_pipeline_connect(&c->ppl, c->vol, c->dp, &f->params, 4 * period), 0);
		before_dai = c->dp;
	}
	assert_int_equal(adx_pipeline_connect(&c->ppl, before_dai, c->dai, &f->params, 4 * period), 0);
}
