// SPDX-License-Identifier: BSD-3-Clause
/*
 * Ownership of the one STATIC or SHARED region between a speaker and a
 * headphone instance: priority order (running, then device, then init
 * priority), a prepared owner yields at once, a running owner yields at its
 * cycle boundary (a paused cycle ends first), a run-time device change
 * re-ranks, a waiting instance passes audio through bit-exactly and counts
 * it, gets the region when the owner resets, and reports the time to its
 * first processed frame; no region is ever used by two instances; a busy DP
 * thread cannot starve a claim.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"
#include "engine_slot.h"

#define FRAMES 48000u

struct pair {
	struct dax_t_env env;
	struct dax_t_ppl a, b;   /* a: speaker, b: headphone */
};

static void pair_build(struct pair *p, enum adx_dax_policy policy, enum adx_exec_mode mode)
{
	struct adx_dax_init spk = dax_t_init(policy, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_init hp = dax_t_init(policy, ADX_DAX_DEVICE_HEADPHONE);

	dax_t_env_init(&p->env, mode, 2u * 1024 * 1024, false);
	dax_t_ppl_build(&p->env, &p->a, 0, &spk, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_build(&p->env, &p->b, 1, &hp, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
}

static void pair_check_and_destroy(struct pair *p)
{
	const struct adx_module *mods[2] = { p->a.dax, p->b.dax };

	for (int i = 0; i < 2; i++) {
		assert_int_equal(dax_t_stats(mods[i]).ownership_violations, 0);
		assert_int_equal(dax_t_stats(mods[i]).poisoned_engine_seen, 0);
	}
	dax_t_ppl_destroy(&p->a);
	dax_t_ppl_destroy(&p->b);
	dax_t_env_destroy(&p->env, true);
}

static bool owns(const struct dax_t_ppl *p)
{
	return dax_t_stats(p->dax).owns_memory;
}

static void set_state(struct dax_t_ppl *p, enum adx_pipeline_state s)
{
	assert_int_equal(adx_pipeline_set_state(&p->ppl, s), 0);
}

static void priority_order(enum adx_dax_policy policy)
{
	struct pair p;

	pair_build(&p, policy, ADX_EXEC_VIRTUAL);
	set_state(&p.a, ADX_PPL_PAUSED);
	set_state(&p.b, ADX_PPL_PAUSED);
	assert_true(owns(&p.a) && !owns(&p.b));           /* both prepared: speaker */
	set_state(&p.b, ADX_PPL_RUNNING);
	assert_true(!owns(&p.a) && owns(&p.b));           /* running beats prepared */
	assert_int_equal(dax_t_stats(p.a.dax).handoffs_out, 1); /* prepared owner: at once */
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 20), 0);
	set_state(&p.a, ADX_PPL_RUNNING);
	assert_true(owns(&p.a) && !owns(&p.b));           /* both running: speaker */
	assert_int_equal(dax_t_stats(p.b.dax).handoffs_out, 1); /* running owner yielded */
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 20), 0);
	set_state(&p.a, ADX_PPL_PAUSED);
	assert_true(!owns(&p.a) && owns(&p.b));           /* stopped: running headphone wins */
	set_state(&p.b, ADX_PPL_RESET);
	assert_true(owns(&p.a) && !owns(&p.b));           /* waiting one gets it at reset */
	/* Ranking is configurable: headphone above speaker. */
	assert_int_equal(adx_dax_set_device_rank(ADX_DAX_DEVICE_HEADPHONE, 2), 0);
	set_state(&p.b, ADX_PPL_PAUSED);
	assert_true(!owns(&p.a) && owns(&p.b));
	assert_int_equal(adx_dax_set_device_rank(ADX_DAX_DEVICE_HEADPHONE, 0), 0);
	pair_check_and_destroy(&p);
}

static void test_priority_is_running_then_device_then_configurable(void **state)
{
	(void)state;
	priority_order(ADX_DAX_POLICY_STATIC);
	priority_order(ADX_DAX_POLICY_SHARED);
}

static void test_run_time_device_change_re_ranks(void **state)
{
	struct pair p;

	(void)state;
	pair_build(&p, ADX_DAX_POLICY_SHARED, ADX_EXEC_VIRTUAL);
	set_state(&p.a, ADX_PPL_RUNNING);
	set_state(&p.b, ADX_PPL_RUNNING);
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 30), 0);
	assert_true(owns(&p.a));
	assert_int_equal(dax_t_set_u32(p.a.dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_HEADPHONE), 0);
	assert_true(owns(&p.a));                           /* a tie: the owner keeps it */
	assert_int_equal(dax_t_set_u32(p.b.dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_SPEAKER), 0);
	assert_true(owns(&p.b) && !owns(&p.a));
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 30), 0);
	assert_true(dax_t_stats(p.b.dax).processed_frames > 0);
	pair_check_and_destroy(&p);
}

/* The waiting instance plays its input, delayed by the stated latency, bit for bit. */
static void test_waiting_instance_passes_through_and_gets_region_at_owner_reset(void **state)
{
	uint64_t ticks = 200, latency;
	struct adx_dax_stats st;
	struct pair p;

	(void)state;
	pair_build(&p, ADX_DAX_POLICY_STATIC, ADX_EXEC_VIRTUAL);
	set_state(&p.a, ADX_PPL_RUNNING);
	set_state(&p.b, ADX_PPL_RUNNING);
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, ticks), 0);
	st = dax_t_stats(p.b.dax);
	assert_int_equal(st.processed_frames, 0);
	assert_true(st.bypassed_frames >= (ticks * DAX_T_PERIOD) - 2 * 256);
	assert_int_equal(st.bypassed_frames, p.b.dax->stats.bypassed_frames);
	latency = p.b.ppl.latency_frames;
	assert_memory_equal(p.b.out.data + latency * 4, p.b.in.data,
			    (ticks * DAX_T_PERIOD - latency) * 4);
	assert_true(dax_t_stats(p.a.dax).processed_frames > 0);
	assert_int_equal(dax_t_stats(p.a.dax).bypassed_frames, 0);

	set_state(&p.a, ADX_PPL_RESET);
	assert_true(owns(&p.b));
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 20), 0);
	st = dax_t_stats(p.b.dax);
	assert_int_equal(st.switches_measured, 1);
	assert_true(st.switch_to_first_frames > 0 && st.switch_to_first_frames <= 256);
	assert_true(st.processed_frames > 0);
	pair_check_and_destroy(&p);
}

struct pause_at {
	const struct adx_dp_task *task;
	const char *site;
	bool armed;
};

static bool pause_hook(void *ctx, const struct adx_dp_task *task, const char *site)
{
	struct pause_at *pa = ctx;

	if (!pa->armed || task != pa->task || strcmp(site, pa->site))
		return false;
	pa->armed = false;
	return true;
}

/* A running owner paused inside a cycle: the claim waits for that cycle's end. */
static void test_running_owner_yields_at_its_cycle_boundary(void **state)
{
	struct pair p;
	struct pause_at pa;
	uint64_t processed;
	int ret = 0;

	(void)state;
	pair_build(&p, ADX_DAX_POLICY_SHARED, ADX_EXEC_VIRTUAL);
	set_state(&p.a, ADX_PPL_PAUSED);
	set_state(&p.b, ADX_PPL_RUNNING);
	assert_true(owns(&p.b));
	pa = (struct pause_at){ .task = adx_module_dp_task(p.b.dax), .site = "dax.engine.process",
				.armed = true };
	adx_sched_set_yield_hook(&p.env.sched, pause_hook, &pa);
	for (int i = 0; i < 50 && ret == 0; i++)
		ret = adx_sched_run_ticks(&p.env.sched, 1);
	assert_int_equal(ret, 1);                          /* paused holding the engine */
	processed = dax_t_stats(p.b.dax).processed_frames;
	set_state(&p.a, ADX_PPL_RUNNING);                  /* speaker outranks: b must yield */
	assert_true(owns(&p.a) && !owns(&p.b));
	/* The paused cycle ran to its end with the engine before the claim. */
	assert_int_equal(dax_t_stats(p.b.dax).processed_frames, processed + 256);
	adx_sched_set_yield_hook(&p.env.sched, NULL, NULL);
	assert_int_equal(adx_sched_run_ticks(&p.env.sched, 30), 0);
	assert_true(dax_t_stats(p.b.dax).bypassed_frames > 0);
	pair_check_and_destroy(&p);
}

struct busy_dp {
	struct adx_engine_slot *slot;
	_Atomic bool stop;
	_Atomic uint64_t cycles;
};

static void *busy_dp_thread(void *arg)
{
	struct busy_dp *b = arg;

	while (!atomic_load(&b->stop)) {
		void *e = adx_engine_slot_take(b->slot);

		for (volatile int i = 0; i < 2000; i++)
			;
		adx_engine_slot_put(b->slot, e);
		atomic_fetch_add(&b->cycles, 1);
	}
	return NULL;
}

static void test_claim_is_not_starved_by_a_busy_dp_thread(void **state)
{
	static _Alignas(64) uint8_t engine[64];
	struct adx_engine_slot slot;
	struct busy_dp b = { .slot = &slot };
	struct adx_thread_params params = { .name = "busy-dp" };
	struct adx_thread thread;

	(void)state;
	assert_int_equal(adx_engine_slot_init(&slot), 0);
	for (int round = 0; round < 200; round++) {
		adx_engine_slot_install(&slot, engine);
		atomic_store(&b.stop, false);
		assert_int_equal(adx_thread_create(&thread, &params, busy_dp_thread, &b, NULL), 0);
		while (atomic_load(&b.cycles) < (uint64_t)round * 4 + 2)
			;
		assert_int_equal(adx_engine_slot_claim(&slot, engine, 2000000000ull), 0);
		assert_null(adx_engine_slot_take(&slot)); /* claimed: the DP side passes through */
		atomic_store(&b.stop, true);
		adx_thread_join(&thread);
	}
	adx_engine_slot_destroy(&slot);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_priority_is_running_then_device_then_configurable),
		cmocka_unit_test(test_run_time_device_change_re_ranks),
		cmocka_unit_test(test_waiting_instance_passes_through_and_gets_region_at_owner_reset),
		cmocka_unit_test(test_running_owner_yields_at_its_cycle_boundary),
		cmocka_unit_test(test_claim_is_not_starved_by_a_busy_dp_thread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
