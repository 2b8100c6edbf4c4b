// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pipelines (src/audio/pipeline.c): DP overload accounting, building and
 * destroying without leaks, a failed prepare that leaves the pipeline reset.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "adx/audio/observe.h"
#include "adx/modules/copier.h"
#include "adx/modules/volume.h"

#include "runtime_fixture.h"

#define RATE 48000
#define PERIOD RT_PERIOD_FRAMES

static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
static const struct adx_dai_copier_init dai_init = { .gateway_id = 1 };

/* A DP cycle that costs 1.5 periods misses deadlines, and the DAI counts the gaps. */
static void test_overloaded_dp_module_counts_deadline_misses_and_underruns(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 2, .format = ADX_FMT_S16_LE };
	struct rt_fixture f;
	struct rt_chain c;
	const struct adx_copier_stats *dai;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 48000, 48000);
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 1500000);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 200), 0);
	dai = adx_copier_get_stats(c.dai);
	assert_true(adx_observe_dp_stats(c.dp)->deadline_misses > 50);
	assert_true(dai->underruns > 50);
	assert_true(adx_observe_dp_stats(c.dp)->cycles < 150);
	assert_null(adx_observe_dp_stats(c.dai)); /* an LL module has no DP task */
	adx_pipeline_destroy(&c.ppl);
	rt_fixture_destroy(&f);
}

/* Building, running and destroying a pipeline many times leaves the heap as it was. */
static void test_pipeline_lifecycle_repeated_leaks_nothing(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 2, .format = ADX_FMT_S32_LE };
	struct rt_fixture f;
	size_t baseline;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 48000, 48000);
	baseline = rt_heap_used(&f);
	for (int i = 0; i < 50; i++) {
		struct rt_chain c;

		rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 100000);
		assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
		assert_int_equal(adx_sched_run_ticks(&f.sched, 5), 0);
		assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_PAUSED), 0);
		assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RESET), 0);
		assert_int_equal(adx_pipeline_destroy(&c.ppl), 0);
		assert_int_equal(rt_heap_used(&f), baseline);
		assert_int_equal(adx_heap_validate(f.heap), 0);
	}
	rt_fixture_destroy(&f);
}

/* Stream params that do not match the gateway fail prepare and leave the pipeline in RESET. */
static void test_prepare_failure_leaves_pipeline_reset(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 2, .format = ADX_FMT_S16_LE };
	struct adx_stream_params other = { .rate = RATE, .channels = 1, .format = ADX_FMT_S16_LE };
	struct rt_fixture f;
	struct adx_pipeline ppl;
	struct adx_module *host, *dai;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 96, 96);
	assert_int_equal(adx_pipeline_create(&ppl, 1, "p", f.heap, &f.sched, PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(&ppl, &adx_host_copier_driver, "host",
						 &host_init, sizeof(host_init), &host), 0);
	assert_int_equal(adx_pipeline_add_module(&ppl, &adx_dai_copier_driver, "dai",
						 &dai_init, sizeof(dai_init), &dai), 0);
	assert_int_equal(adx_pipeline_connect(&ppl, host, dai, &other, 96), 0);
	assert_int_equal(adx_pipeline_set_state(&ppl, ADX_PPL_RUNNING), -EINVAL);
	assert_int_equal(ppl.state, ADX_PPL_RESET);
	assert_int_equal(adx_module_state(host), ADX_MOD_INITIALIZED);
	assert_int_equal(adx_module_state(dai), ADX_MOD_INITIALIZED);
	assert_int_equal(adx_pipeline_destroy(&ppl), 0);
	rt_fixture_destroy(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_overloaded_dp_module_counts_deadline_misses_and_underruns),
		cmocka_unit_test(test_pipeline_lifecycle_repeated_leaks_nothing),
		cmocka_unit_test(test_prepare_failure_leaves_pipeline_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
