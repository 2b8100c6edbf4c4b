// SPDX-License-Identifier: BSD-3-Clause
/*
 * Races in virtual time, deterministically: a DP cycle is paused at each
 * point where it touches shared state (staged controls, the engine slot,
 * the engine) and a control op runs while it is paused: reset, free,
 * set_configuration, and a handoff of the shared region. Released memory is
 * poisoned (and, under ASan, unaddressable), so a cycle that reached it
 * after the op would be counted or reported.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"

static const char *const sites[] = {
	"dax.controls.adopt", "engine_slot.take", "dax.engine.apply",
	"dax.engine.process", "engine_slot.put",
};
#define SITES (sizeof(sites) / sizeof(sites[0]))

enum race_op { RACE_RESET, RACE_FREE, RACE_CONFIG, RACE_HANDOFF };

struct pause_at {
	const char *site;
	bool armed;
};

static bool pause_hook(void *ctx, const struct adx_dp_task *task, const char *site)
{
	struct pause_at *pa = ctx;

	(void)task;
	if (!pa->armed || strcmp(site, pa->site))
		return false;
	pa->armed = false;
	return true;
}

/* Runs ticks until the cycle pauses at the armed site. */
static void run_until_paused(struct dax_t_env *env)
{
	int ret = 0;

	for (int i = 0; i < 64 && ret == 0; i++)
		ret = adx_sched_run_ticks(&env->sched, 1);
	assert_int_equal(ret, 1);
}

static void assert_clean(const struct adx_module *mod)
{
	assert_int_equal(dax_t_stats(mod).ownership_violations, 0);
	assert_int_equal(dax_t_stats(mod).poisoned_engine_seen, 0);
}

static void race(const char *site, enum race_op op, enum adx_control_model model)
{
	struct adx_dax_init spk = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_init hp = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_HEADPHONE);
	struct pause_at pa = { .site = site, .armed = true };
	struct dax_t_env env;
	struct dax_t_ppl a, b;

	if (op == RACE_HANDOFF)
		spk.policy = ADX_DAX_POLICY_SHARED;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 2u * 1024 * 1024, false);
	dax_t_ppl_build(&env, &a, 0, &spk, 2, ADX_FMT_S16_LE, 48000, 48000);
	dax_t_ppl_build(&env, &b, 1, &hp, 2, ADX_FMT_S16_LE, 48000, 48000);
	adx_pipeline_set_control_model(&a.ppl, model);
	adx_pipeline_set_control_model(&b.ppl, model);
	/* The paused cycle is the speaker's; under HANDOFF it owns and must yield. */
	assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_RUNNING), 0);
	adx_sched_set_yield_hook(&env.sched, pause_hook, &pa);
	run_until_paused(&env);
	switch (op) {
	case RACE_RESET:
		assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_RESET), 0);
		assert_false(dax_t_stats(a.dax).owns_memory);
		break;
	case RACE_FREE:
		dax_t_ppl_destroy(&a);
		break;
	case RACE_CONFIG:
		assert_int_equal(dax_t_set_u32(a.dax, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_MOVIE), 0);
		assert_int_equal(dax_t_set_u32(a.dax, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_VOICE), 0);
		assert_int_equal(adx_sched_step_dp(&env.sched, adx_module_dp_task(a.dax)), 0);
		assert_int_equal(adx_sched_run_ticks(&env.sched, 12), 0);
		assert_true(dax_t_stats(a.dax).controls_applied >= 1);
		assert_int_equal(dax_t_get_u32(a.dax, ADX_DAX_CFG_PROFILE), ADX_DAX_PROFILE_VOICE);
		break;
	case RACE_HANDOFF:
		assert_int_equal(dax_t_set_u32(a.dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_HEADPHONE), 0);
		assert_int_equal(dax_t_set_u32(b.dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_SPEAKER), 0);
		assert_int_equal(adx_pipeline_set_state(&b.ppl, ADX_PPL_RUNNING), 0);
		assert_true(dax_t_stats(b.dax).owns_memory);
		assert_int_equal(adx_sched_run_ticks(&env.sched, 20), 0);
		assert_true(dax_t_stats(b.dax).processed_frames > 0);
		assert_clean(b.dax);
		break;
	}
	adx_sched_set_yield_hook(&env.sched, NULL, NULL);
	if (op != RACE_FREE) {
		assert_int_equal(adx_sched_run_ticks(&env.sched, 12), 0);
		assert_clean(a.dax);
	}
	dax_t_ppl_destroy(&a);
	dax_t_ppl_destroy(&b);
	dax_t_env_destroy(&env, true);
}

static void every_site(enum race_op op)
{
	for (size_t i = 0; i < SITES; i++) {
		race(sites[i], op, ADX_CTRL_CANCEL_JOIN);
		race(sites[i], op, ADX_CTRL_POST_TO_DP);
	}
}

static void test_reset_while_a_cycle_is_paused_at_each_site(void **state)
{
	(void)state;
	every_site(RACE_RESET);
}

static void test_free_while_a_cycle_is_paused_at_each_site(void **state)
{
	(void)state;
	every_site(RACE_FREE);
}

static void test_set_configuration_while_a_cycle_is_paused_at_each_site(void **state)
{
	(void)state;
	every_site(RACE_CONFIG);
}

static void test_handoff_while_the_owner_is_paused_at_each_site(void **state)
{
	(void)state;
	every_site(RACE_HANDOFF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_while_a_cycle_is_paused_at_each_site),
		cmocka_unit_test(test_free_while_a_cycle_is_paused_at_each_site),
		cmocka_unit_test(test_set_configuration_while_a_cycle_is_paused_at_each_site),
		cmocka_unit_test(test_handoff_while_the_owner_is_paused_at_each_site),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
