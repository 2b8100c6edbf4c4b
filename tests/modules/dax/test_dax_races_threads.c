// SPDX-License-Identifier: BSD-3-Clause
/*
 * Races with real threads (run under ThreadSanitizer in the tsan build, and
 * plainly everywhere else): reset and free while DP cycles run, storms of
 * set_configuration from another thread while the pipeline plays, and
 * handoffs while both pipelines run, under both control models. Released
 * engine memory is poisoned, so a cycle that ever reached it would count
 * poisoned_engine_seen; every counter of misuse must stay 0.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"

#define FRAMES 480000u

static void assert_clean(const struct adx_module *mod)
{
	assert_int_equal(dax_t_stats(mod).ownership_violations, 0);
	assert_int_equal(dax_t_stats(mod).poisoned_engine_seen, 0);
	assert_int_equal(dax_t_stats(mod).claim_timeouts, 0);
}

static enum adx_control_model model_of(int i)
{
	return (i / 8) % 2 ? ADX_CTRL_POST_TO_DP : ADX_CTRL_CANCEL_JOIN;
}

static void test_reset_during_process_thousands_of_times(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct dax_t_env env;
	struct dax_t_ppl p;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_THREADS, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	for (int i = 0; i < 2000; i++) {
		adx_pipeline_set_control_model(&p.ppl, model_of(i));
		assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_RUNNING), 0);
		assert_int_equal(adx_sched_run_ticks(&env.sched, 1 + (uint64_t)(i % 7)), 0);
		assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_RESET), 0);
		assert_false(dax_t_stats(p.dax).owns_memory);
	}
	assert_clean(p.dax);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

static void test_free_during_process(void **state)
{
	struct dax_t_env env;
	struct dax_t_ppl p;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_THREADS, 0, false);
	for (int i = 0; i < 400; i++) {
		struct adx_dax_init init = dax_t_init((enum adx_dax_policy)(i % ADX_DAX_POLICY_COUNT),
						      ADX_DAX_DEVICE_SPEAKER);

		dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, 4800, 4800);
		adx_pipeline_set_control_model(&p.ppl, model_of(i));
		assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_RUNNING), 0);
		assert_int_equal(adx_sched_run_ticks(&env.sched, 1 + (uint64_t)(i % 9)), 0);
		dax_t_ppl_destroy(&p); /* pipeline destroy: stop, reset, free with cycles in flight */
	}
	dax_t_env_destroy(&env, true);
}

struct storm {
	struct adx_module *mod;
	_Atomic bool stop;
	_Atomic uint64_t sets;
};

static void *storm_thread(void *arg)
{
	static const uint32_t ids[] = { ADX_DAX_CFG_PROFILE, ADX_DAX_CFG_VOLUME,
					ADX_DAX_CFG_CTC_ENABLE, ADX_DAX_CFG_CONTENT_PROCESSING,
					ADX_DAX_CFG_ENABLE, ADX_DAX_CFG_TUNING };
	uint32_t blob[5] = { 4, 20, 0xFFFFFFFFu, 0xFFFFFFFFu, 0xBF800000u }; /* limiter -1 dB */
	struct storm *s = arg;
	uint32_t i = 0;

	while (!atomic_load(&s->stop)) {
		uint32_t id = ids[i % 6];

		if (id == ADX_DAX_CFG_TUNING)
			adx_module_set_configuration(s->mod, id, ADX_CFG_SINGLE, sizeof(blob),
						     (uint8_t *)blob, sizeof(blob));
		else
			dax_t_set_u32(s->mod, id, id == ADX_DAX_CFG_VOLUME ? i * 7919u : (i / 6) % 2);
		atomic_fetch_add(&s->sets, 1);
		i++;
	}
	return NULL;
}

static void test_set_configuration_storm_during_process(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_PREPARE, ADX_DAX_DEVICE_SPEAKER);
	struct adx_thread_params params = { .name = "storm" };
	struct adx_thread thread;
	struct dax_t_env env;
	struct dax_t_ppl p;
	struct storm s;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_THREADS, 0, false);
	dax_t_ppl_build(&env, &p, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	assert_int_equal(adx_pipeline_set_state(&p.ppl, ADX_PPL_RUNNING), 0);
	s = (struct storm){ .mod = p.dax };
	assert_int_equal(adx_thread_create(&thread, &params, storm_thread, &s, NULL), 0);
	assert_int_equal(adx_sched_run_ticks(&env.sched, 3000), 0);
	atomic_store(&s.stop, true);
	adx_thread_join(&thread);
	assert_true(atomic_load(&s.sets) > 1000);
	assert_true(dax_t_stats(p.dax).controls_applied > 10);
	assert_clean(p.dax);
	dax_t_ppl_destroy(&p);
	dax_t_env_destroy(&env, true);
}

static void test_handoff_while_both_pipelines_run(void **state)
{
	struct dax_t_env env;
	struct dax_t_ppl a, b;

	(void)state;
	for (int policy = ADX_DAX_POLICY_STATIC; policy <= ADX_DAX_POLICY_SHARED; policy++) {
		struct adx_dax_init spk = dax_t_init((enum adx_dax_policy)policy, ADX_DAX_DEVICE_SPEAKER);
		struct adx_dax_init hp = dax_t_init((enum adx_dax_policy)policy, ADX_DAX_DEVICE_HEADPHONE);

		dax_t_env_init(&env, ADX_EXEC_THREADS, 2u * 1024 * 1024, false);
		dax_t_ppl_build(&env, &a, 0, &spk, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
		dax_t_ppl_build(&env, &b, 1, &hp, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
		assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_RUNNING), 0);
		assert_int_equal(adx_pipeline_set_state(&b.ppl, ADX_PPL_RUNNING), 0);
		for (uint32_t i = 0; i < 1000; i++) {
			struct dax_t_ppl *first = i % 2 ? &a : &b;
			struct dax_t_ppl *second = i % 2 ? &b : &a;

			adx_pipeline_set_control_model(&a.ppl, model_of((int)i));
			adx_pipeline_set_control_model(&b.ppl, model_of((int)i));
			assert_int_equal(dax_t_set_u32(first->dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_SPEAKER), 0);
			assert_int_equal(dax_t_set_u32(second->dax, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_HEADPHONE), 0);
			assert_int_equal(adx_sched_run_ticks(&env.sched, 1 + i % 4), 0);
			if (i % 50 == 49) {
				assert_int_equal(adx_pipeline_set_state(&first->ppl, ADX_PPL_RESET), 0);
				assert_int_equal(adx_pipeline_set_state(&first->ppl, ADX_PPL_RUNNING), 0);
			}
		}
		assert_true(dax_t_stats(a.dax).handoffs_in > 100);
		assert_true(dax_t_stats(b.dax).handoffs_in > 100);
		assert_clean(a.dax);
		assert_clean(b.dax);
		dax_t_ppl_destroy(&a);
		dax_t_ppl_destroy(&b);
		dax_t_env_destroy(&env, true);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_during_process_thousands_of_times),
		cmocka_unit_test(test_free_during_process),
		cmocka_unit_test(test_set_configuration_storm_during_process),
		cmocka_unit_test(test_handoff_while_both_pipelines_run),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
