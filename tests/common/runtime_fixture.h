/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Shared set-up for tests that run pipelines: a heap, a scheduler, and
 * memory-backed gateways (ids 0: host, 1: DAI) that play a generated
 * signal in and record what the DAI plays.
 */
#ifndef ADX_TEST_RUNTIME_FIXTURE_H
#define ADX_TEST_RUNTIME_FIXTURE_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/modules/gateway.h"
#include "adx/audio/pipeline.h"
#include "adx/sched/sched.h"

struct rt_fixture {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct adx_stream_params params;
	struct adx_memory_stream in;
	struct adx_memory_stream out;
	struct adx_gateway host_gw;
	struct adx_gateway dai_gw;
};

/* Heap of heap_bytes, scheduler in `mode`, `frames` of a ramp signal in, room for out_frames. */
void rt_fixture_init(struct rt_fixture *f, enum adx_exec_mode mode, size_t heap_bytes,
		     const struct adx_stream_params *params, uint64_t frames,
		     uint64_t out_frames);
void rt_fixture_destroy(struct rt_fixture *f);
size_t rt_heap_used(struct rt_fixture *f);

#define RT_PERIOD_FRAMES 48u

struct rt_chain {
	struct adx_pipeline ppl;
	struct adx_module *host, *vol, *dp, *dai;
};

/*
 * Pipeline 1 of f: host copier -> volume at `gain` (Q8.23) [-> a DP
 * pass-through costing dp_cost_ns per 1 ms cycle] -> DAI copier, created
 * and connected, not yet prepared.
 */
void rt_chain_build(struct rt_fixture *f, struct rt_chain *c, int32_t gain, bool with_dp,
		    uint64_t dp_cost_ns);

#endif
