// SPDX-License-Identifier: BSD-3-Clause
/*
 * Whole pipelines on the target in virtual time: host copier -> a DP
 * module (its cycles run on a DP coroutine of the bare port) -> DAI copier.
 * With a pass-through DP module every input frame reaches the output, in
 * order, behind the pipeline's latency; with the DAX module, each of its
 * four memory policies runs the engine, keeps ownership clean and gives
 * every heap byte back when the pipeline is destroyed.
 */
#include <stdio.h>
#include <string.h>

#include "adx/audio/observe.h"
#include "adx/audio/pipeline.h"
#include "adx/mem/heap.h"
#include "adx/modules/copier.h"
#include "adx/modules/dax.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/gateway.h"
#include "adx/platform/bare/coro_stack.h"
#include "adx/platform/platform.h"
#include "adx/sched/sched.h"
#include "target_tests.h"

#define PERIOD_FRAMES 48u
#define IN_FRAMES 4800u
#define OUT_FRAMES 9600u
#define RUN_TICKS 160u
#define CHANNELS 2u
#define HEAP_BYTES (512u * 1024u) /* one DAX engine (8 channels) and the buffers */

static uint8_t heap_arena[HEAP_BYTES] __attribute__((aligned(64)));
static int16_t in_samples[(IN_FRAMES + 1u) * CHANNELS];
static int16_t out_samples[(OUT_FRAMES + 1u) * CHANNELS];

struct chain {
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_stream_params params;
	struct adx_memory_stream in, out;
	struct adx_gateway host_gw, dai_gw;
	struct adx_pipeline ppl;
	struct adx_module *host, *dp, *dai;
};

/* Never zero, so the first non-zero output sample marks the end of the latency. */
static int16_t input_sample(uint32_t i)
{
	return (int16_t)(((i * 2654435761u) & 0x3fffu) + 1u);
}

struct dp_module {
	const struct adx_module_driver *driver;
	const char *name;
	const void *init;
	size_t init_bytes;
};

static bool chain_build(struct chain *c, const struct dp_module *mid)
{
	static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
	static const struct adx_dai_copier_init dai_init = { .gateway_id = 1 };
	const struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };

	c->params = (struct adx_stream_params){ .rate = 48000, .channels = CHANNELS,
						.format = ADX_FMT_S16_LE };
	for (uint32_t i = 0; i < IN_FRAMES * CHANNELS; i++)
		in_samples[i] = input_sample(i);
	c->heap = adx_heap_init_tlsf(heap_arena, sizeof(heap_arena));
	TB_CHECK(c->heap);
	TB_CHECK(adx_sched_init(&c->sched, &cfg) == 0);
	adx_gateway_init_memory_source(&c->host_gw, "host", &c->params, &c->in, in_samples,
				       IN_FRAMES);
	adx_gateway_init_memory_sink(&c->dai_gw, "dai", &c->params, &c->out, out_samples,
				     OUT_FRAMES);
	TB_CHECK(adx_gateway_register(0, &c->host_gw) == 0);
	TB_CHECK(adx_gateway_register(1, &c->dai_gw) == 0);
	TB_CHECK(adx_pipeline_create(&c->ppl, 1, "p1", c->heap, &c->sched, PERIOD_FRAMES) == 0);
	TB_CHECK(adx_pipeline_add_module(&c->ppl, &adx_host_copier_driver, "host", &host_init,
					 sizeof(host_init), &c->host) == 0);
	TB_CHECK(adx_pipeline_add_module(&c->ppl, mid->driver, mid->name, mid->init,
					 mid->init_bytes, &c->dp) == 0);
	TB_CHECK(adx_pipeline_add_module(&c->ppl, &adx_dai_copier_driver, "dai", &dai_init,
					 sizeof(dai_init), &c->dai) == 0);
	TB_CHECK(adx_pipeline_connect(&c->ppl, c->host, c->dp, &c->params, 2 * PERIOD_FRAMES) == 0);
	TB_CHECK(adx_pipeline_connect(&c->ppl, c->dp, c->dai, &c->params, 4 * PERIOD_FRAMES) == 0);
	return true;
}

static bool pipeline_with_dp_delivers_every_frame_in_order(void)
{
	static const struct adx_dp_passthrough_init dp_init = {
		.block_frames = PERIOD_FRAMES, .period_us = 1000, .cycle_cost_ns = 100000 };
	static const struct dp_module mid = { &adx_dp_passthrough_driver, "dp", &dp_init,
					      sizeof(dp_init) };
	static struct chain c;
	uint32_t first = 0;
	const struct adx_dp_task_stats *dp;

	memset(&c, 0, sizeof(c));
	memset(out_samples, 0, sizeof(out_samples));
	if (!chain_build(&c, &mid))
		return false;
	TB_CHECK(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING) == 0);
	TB_CHECK(adx_sched_run_ticks(&c.sched, RUN_TICKS) == 0);
	dp = adx_observe_dp_stats(c.dp);
	TB_CHECK(dp && dp->cycles >= RUN_TICKS / 2u);
	TB_CHECK(dp->deadline_misses == 0);
	while (first < OUT_FRAMES * CHANNELS && out_samples[first] == 0)
		first++;
	TB_CHECK(first % CHANNELS == 0);             /* latency is whole frames */
	TB_CHECK(first < 8u * PERIOD_FRAMES * CHANNELS);
	for (uint32_t i = 0; i < IN_FRAMES * CHANNELS; i++)
		TB_CHECK(out_samples[first + i] == in_samples[i]);
	TB_CHECK(adx_pipeline_destroy(&c.ppl) == 0);
	adx_sched_destroy(&c.sched);
	adx_gateway_unregister(0);
	adx_gateway_unregister(1);
	return true;
}

static bool dax_policy_lifecycle(uint32_t policy)
{
	const struct adx_dax_init dax_init = { .policy = policy, .max_channels = CHANNELS };
	const struct dp_module mid = { &adx_dax_driver, "dax", &dax_init, sizeof(dax_init) };
	static struct chain c;
	struct adx_dax_stats st;
	struct adx_heap_stats heap_st;
	uint64_t out_before;

	memset(&c, 0, sizeof(c));
	memset(out_samples, 0, sizeof(out_samples));
	if (!chain_build(&c, &mid))
		return false;
	TB_CHECK(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING) == 0);
	TB_CHECK(adx_sched_run_ticks(&c.sched, RUN_TICKS) == 0);
	TB_CHECK(adx_dax_get_stats(c.dp, &st) == 0);
	TB_CHECK(st.policy == policy);
	TB_CHECK(st.owns_memory);
	TB_CHECK(st.processed_frames >= (RUN_TICKS / 2u) * PERIOD_FRAMES);
	TB_CHECK(st.alloc_failures == 0);
	TB_CHECK(st.ownership_violations == 0 && st.poisoned_engine_seen == 0);
	out_before = adx_copier_get_stats(c.dai)->frames;
	TB_CHECK(out_before > 0);
	/* hw_free then a new stream: reset releases (or keeps) the memory by policy */
	TB_CHECK(adx_pipeline_set_state(&c.ppl, ADX_PPL_RESET) == 0);
	TB_CHECK(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING) == 0);
	TB_CHECK(adx_sched_run_ticks(&c.sched, RUN_TICKS / 4u) == 0);
	TB_CHECK(adx_dax_get_stats(c.dp, &st) == 0);
	TB_CHECK(st.owns_memory && st.ownership_violations == 0);
	TB_CHECK(adx_pipeline_destroy(&c.ppl) == 0);
	adx_sched_destroy(&c.sched);
	adx_gateway_unregister(0);
	adx_gateway_unregister(1);
	adx_heap_get_stats(c.heap, &heap_st);
	TB_CHECK(heap_st.used_blocks == 0);
	TB_CHECK(adx_bare_coro_deepest_destroyed() < ADX_CORO_STACK_DEFAULT);
	printf("  deepest DP coroutine stack so far: %u of %u B\n",
	       (unsigned)adx_bare_coro_deepest_destroyed(), (unsigned)ADX_CORO_STACK_DEFAULT);
	return adx_heap_validate(c.heap) == 0;
}

static bool dax_pipeline_policy_init(void)
{
	return dax_policy_lifecycle(ADX_DAX_POLICY_INIT);
}

static bool dax_pipeline_policy_prepare(void)
{
	return dax_policy_lifecycle(ADX_DAX_POLICY_PREPARE);
}

static bool dax_pipeline_policy_static(void)
{
	return dax_policy_lifecycle(ADX_DAX_POLICY_STATIC);
}

static bool dax_pipeline_policy_shared(void)
{
	return dax_policy_lifecycle(ADX_DAX_POLICY_SHARED);
}

const struct tb_target_test tb_target_pipeline_tests[] = {
	{ "dax_pipeline_policy_init", dax_pipeline_policy_init },
	{ "dax_pipeline_policy_prepare", dax_pipeline_policy_prepare },
	{ "dax_pipeline_policy_static", dax_pipeline_policy_static },
	{ "dax_pipeline_policy_shared", dax_pipeline_policy_shared },
	{ "pipeline_with_dp_delivers_every_frame_in_order",
	  pipeline_with_dp_delivers_every_frame_in_order },
};
const unsigned tb_target_pipeline_test_count =
	sizeof(tb_target_pipeline_tests) / sizeof(tb_target_pipeline_tests[0]);
