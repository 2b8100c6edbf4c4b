// SPDX-License-Identifier: BSD-3-Clause
/*
 * Allocation failure at every site (SQLite's discipline), issue 6 item 1.
 *
 * A scenario is the whole life of a DAX pipeline (host copier -> dax ->
 * DAI copier), driven two ways: through the pipeline API, and through IPC
 * messages as a host driver sends them (create, init x3, bind x2, PAUSED,
 * RUNNING, a tuning blob in two LARGE_CONFIG_SET fragments, a control,
 * RESET, delete). It runs once to count its allocations, then once per
 * allocation n = 1..N with the n-th failing. Every run must:
 *  - end each step with a named error (-ENOMEM / ADX_IPC_NO_MEMORY) or a
 *    defined pass-through (the DAX module counts a refused engine region
 *    and keeps playing), nothing else;
 *  - keep per-module tracking and the heap walk in agreement for every
 *    live module (used_bytes == adx_mem_owner_walk_bytes);
 *  - after cleanup: heap used bytes and blocks back to the baseline, no
 *    leak reported, adx_heap_validate clean;
 *  - leave the firmware usable: the scenario runs again, uninjected, to
 *    the end, and plays audio.
 * Every policy of the DAX module is covered. The number of sites (runs
 * with one injected failure) is printed.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/modules/dax.h"
#include "adx/dsp/tuning.h"
#include "adx/ipc/ipc.h"
#include "adx/modules/copier.h"
#include "adx/modules/gateway.h"
#include "adx/audio/pipeline.h"

#define HEAP_BYTES (1024u * 1024u)
#define PERIOD 48u
#define RUN_TICKS 24u
#define STREAM_FRAMES (PERIOD * 64u)
#define GW_HOST 12u
#define GW_DAI 13u

struct mem_stream {
	int32_t *data;
	uint64_t frames;
	uint64_t pos;
};

struct env {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct mem_stream in, out;
	struct adx_gateway host_gw, dai_gw;
	struct adx_stream_params params;
	uint64_t fails_seen;      /* injected failures the heap reported */
	size_t base_used;
	uint32_t base_blocks;
};

struct outcome {
	int failed_step;          /* -1: every step succeeded */
	bool pass_through;        /* an engine region was refused and the stream kept playing */
	uint64_t frames_played;
};

static uint64_t sites, named_errors, pass_throughs;
/* --deep: also every failure from the n-th on (sticky), and the sys_heap model. */
static bool deep, sticky, sysheap;

static uint32_t gw_read(void *ctx, void *dst, uint32_t frames)
{
	struct mem_stream *s = ctx;
	uint64_t n = s->frames - s->pos < frames ? s->frames - s->pos : frames;

	memcpy(dst, s->data + s->pos * 2, (size_t)n * 8);
	s->pos += n;
	return (uint32_t)n;
}

static uint32_t gw_write(void *ctx, const void *src, uint32_t frames)
{
	struct mem_stream *s = ctx;
	uint64_t n = s->frames - s->pos < frames ? s->frames - s->pos : frames;

	memcpy(s->data + s->pos * 2, src, (size_t)n * 8);
	s->pos += n;
	return (uint32_t)n;
}

static void observe(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev)
{
	struct env *e = ctx;

	(void)heap;
	if (ev->kind == ADX_HEAP_EV_FAIL)
		e->fails_seen++;
}

static void env_init(struct env *e)
{
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct adx_heap_stats st;

	memset(e, 0, sizeof(*e));
	e->arena = aligned_alloc(64, HEAP_BYTES);
	assert_non_null(e->arena);
	e->heap = sysheap ? adx_heap_init_sysheap(e->arena, HEAP_BYTES)
			  : adx_heap_init_tlsf(e->arena, HEAP_BYTES);
	assert_non_null(e->heap);
	adx_heap_set_observer(e->heap, observe, e);
	assert_int_equal(adx_sched_init(&e->sched, &cfg), 0);
	e->params = (struct adx_stream_params){ .rate = 48000, .channels = 2,
						.format = ADX_FMT_S32_LE };
	e->in.frames = e->out.frames = STREAM_FRAMES;
	e->in.data = calloc(STREAM_FRAMES * 2, sizeof(int32_t));
	e->out.data = calloc(STREAM_FRAMES * 2, sizeof(int32_t));
	assert_non_null(e->in.data);
	assert_non_null(e->out.data);
	for (uint64_t i = 0; i < STREAM_FRAMES * 2; i++)
		e->in.data[i] = (int32_t)(i * 40000u);
	e->host_gw = (struct adx_gateway){ .name = "host", .params = e->params,
					   .read = gw_read, .ctx = &e->in };
	e->dai_gw = (struct adx_gateway){ .name = "dai", .params = e->params,
					  .write = gw_write, .ctx = &e->out };
	adx_gateway_unregister(GW_HOST);
	adx_gateway_unregister(GW_DAI);
	assert_int_equal(adx_gateway_register(GW_HOST, &e->host_gw), 0);
	assert_int_equal(adx_gateway_register(GW_DAI, &e->dai_gw), 0);
	adx_heap_get_stats(e->heap, &st);
	e->base_used = st.used_bytes;
	e->base_blocks = st.used_blocks;
}

static void env_rewind(struct env *e)
{
	e->in.pos = e->out.pos = 0;
}

static void env_destroy(struct env *e)
{
	adx_sched_destroy(&e->sched);
	assert_int_equal(adx_heap_validate(e->heap), 0);
	adx_gateway_unregister(GW_HOST);
	adx_gateway_unregister(GW_DAI);
	adx_heap_retire(e->heap);
	free(e->arena);
	free(e->in.data);
	free(e->out.data);
}

/* Heap used and blocks back where they were, heap sound. */
static void assert_baseline(const struct env *e, const char *what, uint64_t nth)
{
	struct adx_heap_stats st;

	adx_heap_get_stats(e->heap, &st);
	if (st.used_bytes != e->base_used || st.used_blocks != e->base_blocks)
		fail_msg("%s, allocation %llu: heap holds %zu bytes in %u blocks, baseline %zu in %u",
			 what, (unsigned long long)nth, st.used_bytes, st.used_blocks,
			 e->base_used, e->base_blocks);
	assert_int_equal(adx_heap_validate(e->heap), 0);
}

static void assert_owner_agrees(const struct adx_mem_owner *owner)
{
	if (owner->used_bytes != adx_mem_owner_walk_bytes(owner))
		fail_msg("%s: tracking says %zu bytes, heap walk finds %zu", owner->name,
			 owner->used_bytes, adx_mem_owner_walk_bytes(owner));
}

static void assert_pipeline_tracking(const struct adx_pipeline *ppl)
{
	assert_owner_agrees(&ppl->mem);
	for (int i = 0; i < ppl->num_modules; i++)
		assert_owner_agrees(&ppl->modules[i]->mem);
}

static bool dax_passes_through(const struct adx_module *dax)
{
	struct adx_dax_stats st;

	/* Counted and kept playing (a later trigger may retry and win the memory). */
	return dax && !adx_dax_get_stats(dax, &st) && st.alloc_failures;
}

static const uint8_t *tuning_blob(void)
{
	static uint32_t words[10];
	float ceiling = -2.0f, amount = 3.0f;

	words[0] = ADX_TUNING_LIMITER;
	words[1] = 20;
	words[2] = ADX_TUNING_ANY;
	words[3] = ADX_TUNING_ANY;
	memcpy(&words[4], &ceiling, 4);
	words[5] = ADX_TUNING_DIALOGUE;
	words[6] = 20;
	words[7] = ADX_TUNING_ANY;
	words[8] = ADX_TUNING_ANY;
	memcpy(&words[9], &amount, 4);
	return (const uint8_t *)words;
}

/* ---- the scenario through the pipeline API ---- */

static struct outcome run_api(struct env *e, enum adx_dax_policy policy, uint64_t nth)
{
	static struct adx_pipeline ppl;
	struct adx_module *host = NULL, *dax = NULL, *dai = NULL;
	struct adx_host_copier_init hi = { GW_HOST };
	struct adx_dai_copier_init di = { GW_DAI };
	struct adx_dax_init init = { .policy = policy, .max_channels = 2 };
	struct outcome o = { .failed_step = -1 };
	uint8_t vol[4] = { 0, 0, 0, 0x40 };
	int step = 0, ret = 0;

	env_rewind(e);
	adx_heap_inject_failure(e->heap, nth, sticky && nth);
	if (adx_pipeline_create(&ppl, 1, "alloc", e->heap, &e->sched, PERIOD)) {
		adx_heap_inject_failure(e->heap, 0, false);
		o.failed_step = 0;
		return o;
	}
#define STEP(expr) do { step++; if (!ret) ret = (expr); if (ret && o.failed_step < 0) o.failed_step = step; } while (0)
	STEP(adx_pipeline_add_module(&ppl, &adx_host_copier_driver, "host", &hi, sizeof(hi), &host));
	STEP(adx_pipeline_add_module(&ppl, &adx_dax_driver, "dax", &init, sizeof(init), &dax));
	STEP(adx_pipeline_add_module(&ppl, &adx_dai_copier_driver, "dai", &di, sizeof(di), &dai));
	STEP(adx_pipeline_connect(&ppl, host, dax, &e->params, 4 * PERIOD));
	STEP(adx_pipeline_connect(&ppl, dax, dai, &e->params, 4 * PERIOD));
	STEP(adx_module_set_configuration(dax, ADX_DAX_CFG_TUNING, ADX_CFG_SINGLE, 40,
					  tuning_blob(), 40));
	STEP(adx_pipeline_set_state(&ppl, ADX_PPL_PAUSED));
	STEP(adx_pipeline_set_state(&ppl, ADX_PPL_RUNNING));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS));
	STEP(adx_module_set_configuration(dax, ADX_DAX_CFG_VOLUME, ADX_CFG_SINGLE, 4, vol, 4));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS));
	/* hw_free then prepare again (a PCM re-opened): prepare-time memory again. */
	STEP(adx_pipeline_set_state(&ppl, ADX_PPL_RESET));
	STEP(adx_pipeline_set_state(&ppl, ADX_PPL_PAUSED));
	STEP(adx_pipeline_set_state(&ppl, ADX_PPL_RUNNING));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS));
#undef STEP
	adx_heap_inject_failure(e->heap, 0, false);
	if (ret && ret != -ENOMEM)
		fail_msg("api/%s, allocation %llu: step %d failed with %d, not -ENOMEM",
			 adx_dax_policy_name(policy), (unsigned long long)nth, o.failed_step, ret);
	o.pass_through = dax_passes_through(dax);
	assert_pipeline_tracking(&ppl);
	if (dai) {
		const struct adx_copier_stats *cs = adx_copier_get_stats(dai);

		o.frames_played = cs ? cs->frames : 0;
	}
	assert_int_equal(adx_pipeline_set_state(&ppl, ADX_PPL_RESET), 0);
	assert_int_equal(adx_pipeline_destroy(&ppl), 0); /* 0 leaked blocks */
	return o;
}

/* ---- the same through IPC messages ---- */

struct ipc_host {
	struct adx_ipc ipc;
	uint8_t reply[ADX_IPC_MAILBOX_BYTES];
};

static uint32_t send(struct ipc_host *h, uint32_t type, uint32_t target, uint32_t ext,
		     const void *payload, uint32_t size)
{
	uint8_t msg[ADX_IPC_MAILBOX_BYTES];
	struct adx_ipc_msg_header hdr = { type, target, ext, size };
	struct adx_ipc_reply_header rh;
	size_t len = adx_ipc_build(msg, sizeof(msg), &hdr, payload), reply_size;

	assert_true(len > 0);
	assert_int_equal(adx_ipc_process(&h->ipc, msg, len, h->reply, sizeof(h->reply),
					 &reply_size), 0);
	assert_int_equal(adx_ipc_read_reply(h->reply, reply_size, &rh), 0);
	return rh.status;
}

static uint32_t init_instance(struct ipc_host *h, uint32_t inst, uint32_t type,
			      const void *data, uint32_t size)
{
	uint8_t payload[64];

	adx_ipc_put_u32(payload, type);
	memcpy(payload + 4, data, size);
	return send(h, ADX_IPC_INIT_INSTANCE, inst, 1, payload, 4 + size);
}

static uint32_t bind(struct ipc_host *h, uint32_t src, uint32_t dst)
{
	uint8_t p[16];

	adx_ipc_put_u32(p, 4 * PERIOD);
	adx_ipc_put_u32(p + 4, 48000);
	adx_ipc_put_u32(p + 8, 2);
	adx_ipc_put_u32(p + 12, ADX_FMT_S32_LE);
	return send(h, ADX_IPC_BIND, src, dst, p, sizeof(p));
}

static uint32_t large_set(struct ipc_host *h, uint32_t inst, uint32_t flags, uint32_t off_size,
			  const uint8_t *data, uint32_t size)
{
	uint8_t p[128];

	adx_ipc_put_u32(p, ADX_DAX_CFG_TUNING);
	adx_ipc_put_u32(p + 4, off_size);
	memcpy(p + 8, data, size);
	return send(h, ADX_IPC_LARGE_CONFIG_SET, inst, flags, p, 8 + size);
}

static struct outcome run_ipc(struct env *e, struct ipc_host *h, enum adx_dax_policy policy,
			      uint64_t nth)
{
	struct adx_host_copier_init hi = { GW_HOST };
	struct adx_dai_copier_init di = { GW_DAI };
	struct adx_dax_init init = { .policy = policy, .max_channels = 2 };
	struct outcome o = { .failed_step = -1 };
	uint8_t period[8], vol[4] = { 0, 0, 0, 0x40 };
	const uint8_t *blob = tuning_blob();
	uint32_t status = ADX_IPC_OK;
	int step = 0;

	env_rewind(e);
	adx_ipc_put_u32(period, PERIOD);
	adx_ipc_put_u32(period + 4, 0);
	adx_heap_inject_failure(e->heap, nth, sticky && nth);
#define STEP(expr) do { step++; if (status == ADX_IPC_OK) { status = (expr); if (status != ADX_IPC_OK) o.failed_step = step; } } while (0)
	STEP(send(h, ADX_IPC_CREATE_PIPELINE, 1, 0, period, sizeof(period)));
	STEP(init_instance(h, 1, ADX_IPC_MODULE_HOST_COPIER, &hi, sizeof(hi)));
	STEP(init_instance(h, 2, ADX_IPC_MODULE_DAX, &init, sizeof(init)));
	STEP(init_instance(h, 3, ADX_IPC_MODULE_DAI_COPIER, &di, sizeof(di)));
	STEP(bind(h, 1, 2));
	STEP(bind(h, 2, 3));
	STEP(large_set(h, 2, ADX_IPC_INIT_BLOCK, 40, blob, 24));
	STEP(large_set(h, 2, ADX_IPC_FINAL_BLOCK, 24, blob + 24, 16));
	STEP(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_PAUSED, NULL, 0));
	STEP(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_RUNNING, NULL, 0));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS) ? ADX_IPC_FAILED : ADX_IPC_OK);
	STEP(send(h, ADX_IPC_SET_CONFIG, 2, ADX_DAX_CFG_VOLUME, vol, 4));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS) ? ADX_IPC_FAILED : ADX_IPC_OK);
	STEP(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_RESET, NULL, 0));
	STEP(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_PAUSED, NULL, 0));
	STEP(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_RUNNING, NULL, 0));
	STEP(adx_sched_run_ticks(&e->sched, RUN_TICKS) ? ADX_IPC_FAILED : ADX_IPC_OK);
#undef STEP
	adx_heap_inject_failure(e->heap, 0, false);
	if (status != ADX_IPC_OK && status != ADX_IPC_NO_MEMORY)
		fail_msg("ipc/%s, allocation %llu: step %d answered %s", adx_dax_policy_name(policy),
			 (unsigned long long)nth, o.failed_step, adx_ipc_status_name(status));
	o.pass_through = dax_passes_through(adx_ipc_instance_module(&h->ipc, 2));
	if (adx_ipc_pipeline(&h->ipc, 1))
		assert_pipeline_tracking(adx_ipc_pipeline(&h->ipc, 1));
	assert_owner_agrees(&h->ipc.mem);
	if (adx_ipc_instance_module(&h->ipc, 3)) {
		const struct adx_copier_stats *cs =
			adx_copier_get_stats(adx_ipc_instance_module(&h->ipc, 3));

		o.frames_played = cs ? cs->frames : 0;
	}
	/* The host cleans up as after any failure: reset and delete what exists. */
	if (adx_ipc_pipeline(&h->ipc, 1)) {
		assert_int_equal(send(h, ADX_IPC_SET_PIPELINE_STATE, 1, ADX_IPC_PPL_RESET, NULL, 0),
				 ADX_IPC_OK);
		assert_int_equal(send(h, ADX_IPC_DELETE_PIPELINE, 1, 0, NULL, 0), ADX_IPC_OK);
	}
	return o;
}

/* ---- the sweep ---- */

static void check_outcome(const struct env *e, const struct outcome *o, const char *what,
			  uint64_t nth, uint64_t fails_before)
{
	bool injected = e->fails_seen > fails_before;

	if (!injected)
		return; /* the n-th allocation was never reached */
	sites++;
	if (o->failed_step >= 0)
		named_errors++;
	else if (o->pass_through)
		pass_throughs++;
	else
		fail_msg("%s, allocation %llu: the failure was swallowed (no error, no pass-through)",
			 what, (unsigned long long)nth);
	assert_baseline(e, what, nth);
}

static void sweep_api(enum adx_dax_policy policy)
{
	static struct env e;
	struct outcome clean;
	uint64_t before, count;
	char what[40];

	snprintf(what, sizeof(what), "api/%s%s%s", adx_dax_policy_name(policy),
		 sticky ? "/sticky" : "", sysheap ? "/sysheap" : "");
	env_init(&e);
	before = e.heap->alloc_attempts;
	clean = run_api(&e, policy, 0);
	count = e.heap->alloc_attempts - before;
	assert_int_equal(clean.failed_step, -1);
	assert_true(clean.frames_played > 0);
	assert_baseline(&e, what, 0);
	for (uint64_t nth = 1; nth <= count + 1; nth++) {
		uint64_t fails = e.fails_seen;
		struct outcome o = run_api(&e, policy, nth);

		check_outcome(&e, &o, what, nth, fails);
		/* Usable again: the same scenario, uninjected, plays to the end. */
		o = run_api(&e, policy, 0);
		assert_int_equal(o.failed_step, -1);
		assert_false(o.pass_through);
		assert_int_equal(o.frames_played, clean.frames_played);
		assert_baseline(&e, what, nth);
	}
	printf("RELIABILITY alloc-sites %s: allocations=%llu\n", what, (unsigned long long)count);
	env_destroy(&e);
}

static void sweep_ipc(enum adx_dax_policy policy)
{
	static struct env e;
	static struct ipc_host h;
	struct adx_ipc_config cfg;
	struct outcome clean;
	uint64_t before, count;
	char what[40];

	snprintf(what, sizeof(what), "ipc/%s%s%s", adx_dax_policy_name(policy),
		 sticky ? "/sticky" : "", sysheap ? "/sysheap" : "");
	env_init(&e);
	cfg = (struct adx_ipc_config){ .heap = e.heap, .sched = &e.sched };
	assert_int_equal(adx_ipc_init(&h.ipc, &cfg), 0);
	assert_int_equal(adx_ipc_register_module_type(&h.ipc, ADX_IPC_MODULE_DAX, &adx_dax_driver), 0);
	adx_heap_get_stats(e.heap, &(struct adx_heap_stats){ 0 });
	{
		struct adx_heap_stats st;

		adx_heap_get_stats(e.heap, &st);
		e.base_used = st.used_bytes;
		e.base_blocks = st.used_blocks;
	}
	before = e.heap->alloc_attempts;
	clean = run_ipc(&e, &h, policy, 0);
	count = e.heap->alloc_attempts - before;
	assert_int_equal(clean.failed_step, -1);
	assert_true(clean.frames_played > 0);
	assert_baseline(&e, what, 0);
	for (uint64_t nth = 1; nth <= count + 1; nth++) {
		uint64_t fails = e.fails_seen;
		struct outcome o = run_ipc(&e, &h, policy, nth);

		check_outcome(&e, &o, what, nth, fails);
		o = run_ipc(&e, &h, policy, 0);
		assert_int_equal(o.failed_step, -1);
		assert_int_equal(o.frames_played, clean.frames_played);
		assert_baseline(&e, what, nth);
	}
	assert_int_equal(adx_ipc_free(&h.ipc), 0);
	printf("RELIABILITY alloc-sites %s: allocations=%llu\n", what, (unsigned long long)count);
	env_destroy(&e);
}

static void for_each_variant(void (*sweep)(enum adx_dax_policy))
{
	for (int k = 0; k < (deep ? 4 : 1); k++) {
		sticky = k & 1;
		sysheap = k & 2;
		for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++)
			sweep((enum adx_dax_policy)p);
	}
	sticky = sysheap = false;
}

static void every_allocation_of_a_pipeline_api_life_can_fail(void **state)
{
	(void)state;
	for_each_variant(sweep_api);
}

static void every_allocation_of_an_ipc_driven_life_can_fail(void **state)
{
	(void)state;
	for_each_variant(sweep_ipc);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_allocation_of_a_pipeline_api_life_can_fail),
		cmocka_unit_test(every_allocation_of_an_ipc_driven_life_can_fail),
	};
	int failed;

	deep = argc > 1 && !strcmp(argv[1], "--deep");
	failed = cmocka_run_group_tests(tests, NULL, NULL);
	printf("RELIABILITY alloc-sites total: sites=%llu named_errors=%llu pass_through=%llu "
	       "failures=%d\n", (unsigned long long)sites, (unsigned long long)named_errors,
	       (unsigned long long)pass_throughs, failed);
	return failed;
}
