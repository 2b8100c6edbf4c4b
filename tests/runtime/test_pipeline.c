// SPDX-License-Identifier: BSD-3-Clause
/*
 * Pipelines and the small modules: gain against its formula, ramps, staged
 * controls, DP overload accounting, independent pipelines, no leaks.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "adx/modules/copier.h"
#include "adx/modules/dp_passthrough.h"
#include "adx/modules/gateway.h"
#include "adx/modules/volume.h"

#include "adx/audio/observe.h"
#include "runtime_fixture.h"

#define RATE 48000
#define PERIOD 48

static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
static const struct adx_dai_copier_init dai_init = { .gateway_id = 1 };

struct chain {
	struct adx_pipeline ppl;
	struct adx_module *host, *vol, *dp, *dai;
};

/* host -> volume [-> dp] -> dai, with the given DP cost (0: no DP module). */
static void build(struct rt_fixture *f, struct chain *c, int32_t gain, bool with_dp,
		  uint64_t dp_cost_ns)
{
	struct adx_volume_config vol = { .gain_q8_23 = gain };
	struct adx_dp_passthrough_init dp = { .block_frames = PERIOD, .period_us = 1000,
					      .cycle_cost_ns = dp_cost_ns };
	struct adx_module *before_dai;

	assert_int_equal(adx_pipeline_create(&c->ppl, 1, "p1", f->heap, &f->sched, PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_host_copier_driver, "host",
						 &host_init, sizeof(host_init), &c->host), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_volume_driver, "vol", &vol,
						 sizeof(vol), &c->vol), 0);
	if (with_dp)
		assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_dp_passthrough_driver, "dp",
							 &dp, sizeof(dp), &c->dp), 0);
	assert_int_equal(adx_pipeline_add_module(&c->ppl, &adx_dai_copier_driver, "dai",
						 &dai_init, sizeof(dai_init), &c->dai), 0);
	assert_int_equal(adx_pipeline_connect(&c->ppl, c->host, c->vol, &f->params, 2 * PERIOD), 0);
	before_dai = c->vol;
	if (with_dp) {
		assert_int_equal(adx_pipeline_connect(&c->ppl, c->vol, c->dp, &f->params, 4 * PERIOD), 0);
		before_dai = c->dp;
	}
	assert_int_equal(adx_pipeline_connect(&c->ppl, before_dai, c->dai, &f->params, 4 * PERIOD), 0);
}

static int64_t sample_at(const struct adx_memory_stream *s, const struct adx_stream_params *p, uint64_t i)
{
	switch (p->format) {
	case ADX_FMT_S16_LE: return ((const int16_t *)s->data)[i];
	case ADX_FMT_S32_LE: return ((const int32_t *)s->data)[i];
	default: return 0;
	}
}

static void check_gain(enum adx_sample_format format, int32_t gain)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 2, .format = format };
	struct rt_fixture f;
	struct chain c;
	uint64_t frames = 4800;

	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, frames, frames);
	build(&f, &c, gain, false, 0);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(c.ppl.latency_frames, 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, frames / PERIOD), 0);
	for (uint64_t i = 0; i < frames * 2; i++) {
		int64_t x = sample_at(&f.in, &p, i);
		/* round half up of x * gain / 2^23, saturated */
		int64_t want = (int64_t)floor((double)x * gain / 8388608.0 + 0.5);
		int64_t max = format == ADX_FMT_S16_LE ? INT16_MAX : INT32_MAX;

		want = want > max ? max : want < -max - 1 ? -max - 1 : want;
		if (sample_at(&f.out, &p, i) != want)
			fail_msg("sample %llu: %lld * %d -> %lld, want %lld", (unsigned long long)i,
				 (long long)x, gain, (long long)sample_at(&f.out, &p, i),
				 (long long)want);
	}
	assert_int_equal(adx_pipeline_destroy(&c.ppl), 0);
	rt_fixture_destroy(&f);
}

static void test_volume_gain_matches_rounded_q8_23_product(void **state)
{
	(void)state;
	check_gain(ADX_FMT_S16_LE, 1 << 22);          /* 0.5 */
	check_gain(ADX_FMT_S32_LE, 3 << 21);          /* 0.75 */
	check_gain(ADX_FMT_S16_LE, 5 << 23);          /* 5.0: saturates */
	check_gain(ADX_FMT_S32_LE, ADX_VOLUME_UNITY_Q8_23); /* unity: exact */
}

static void set_gain(struct adx_module *vol, int32_t gain, uint32_t ramp)
{
	struct adx_volume_config cfg = { .gain_q8_23 = gain, .ramp_frames = ramp };

	assert_int_equal(adx_module_set_configuration(vol, ADX_VOLUME_CFG_GAIN, ADX_CFG_SINGLE,
						      sizeof(cfg), (const uint8_t *)&cfg,
						      sizeof(cfg)), 0);
}

/* A ramp moves the gain linearly from the old value to the target over ramp frames. */
static void test_volume_ramp_is_linear_and_lands_on_target(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 1, .format = ADX_FMT_FLOAT32 };
	struct rt_fixture f;
	struct chain c;
	const uint32_t ramp = 480;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 4800, 4800);
	for (uint64_t i = 0; i < 4800; i++)
		((float *)f.in.data)[i] = 0.5f;
	build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 10), 0);
	set_gain(c.vol, 0, ramp);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 90), 0);
	for (uint32_t n = 0; n < 4800 - 480; n++) {
		float got = ((float *)f.out.data)[480 + n];
		double g = n < ramp ? 1.0 - (double)(n + 1) / ramp : 0.0;

		if (fabs(got - 0.5 * g) > 1e-4)
			fail_msg("frame %u of ramp: %f, want %f", n, got, 0.5 * g);
	}
	adx_pipeline_destroy(&c.ppl);
	rt_fixture_destroy(&f);
}

/* Several gains staged between two periods: the last one is what plays. */
static void test_volume_latest_staged_gain_wins(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 1, .format = ADX_FMT_FLOAT32 };
	struct rt_fixture f;
	struct chain c;
	uint8_t got[8];
	size_t size = sizeof(got);
	struct adx_volume_config cfg;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 960, 960);
	for (uint64_t i = 0; i < 960; i++)
		((float *)f.in.data)[i] = 0.5f;
	build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 5), 0);
	set_gain(c.vol, 1 << 20, 0);
	set_gain(c.vol, 1 << 21, 0);
	set_gain(c.vol, 1 << 22, 0);
	assert_int_equal(adx_module_get_configuration(c.vol, ADX_VOLUME_CFG_GAIN, got, &size), 0);
	memcpy(&cfg, got, sizeof(cfg));
	assert_int_equal(cfg.gain_q8_23, 1 << 22);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 15), 0);
	assert_true(((float *)f.out.data)[5 * PERIOD - 1] == 0.5f);
	for (uint32_t n = 5 * PERIOD; n < 20 * PERIOD; n++)
		assert_true(((float *)f.out.data)[n] == 0.25f);
	adx_pipeline_destroy(&c.ppl);
	rt_fixture_destroy(&f);
}

static void test_bad_volume_configuration_is_rejected_and_changes_nothing(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 1, .format = ADX_FMT_S16_LE };
	struct adx_volume_config bad = { .gain_q8_23 = -1 };
	struct rt_fixture f;
	struct chain c;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 96, 96);
	build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
	assert_int_equal(adx_module_set_configuration(c.vol, ADX_VOLUME_CFG_GAIN, ADX_CFG_SINGLE,
						      sizeof(bad), (const uint8_t *)&bad,
						      sizeof(bad)), -EINVAL);
	assert_int_equal(adx_module_set_configuration(c.vol, ADX_VOLUME_CFG_GAIN, ADX_CFG_SINGLE,
						      3, (const uint8_t *)&bad, 3), -EINVAL);
	assert_int_equal(adx_module_set_configuration(c.vol, 99, ADX_CFG_SINGLE, 8,
						      (const uint8_t *)&bad, 8), -EINVAL);
	adx_pipeline_destroy(&c.ppl);
	rt_fixture_destroy(&f);
}

/* A DP cycle that costs 1.5 periods misses deadlines, and the DAI counts the gaps. */
static void test_overloaded_dp_module_counts_deadline_misses_and_underruns(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 2, .format = ADX_FMT_S16_LE };
	struct rt_fixture f;
	struct chain c;
	const struct adx_copier_stats *dai;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 48000, 48000);
	build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 1500000);
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
		struct chain c;

		build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 100000);
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
		cmocka_unit_test(test_volume_gain_matches_rounded_q8_23_product),
		cmocka_unit_test(test_volume_ramp_is_linear_and_lands_on_target),
		cmocka_unit_test(test_volume_latest_staged_gain_wins),
		cmocka_unit_test(test_bad_volume_configuration_is_rejected_and_changes_nothing),
		cmocka_unit_test(test_overloaded_dp_module_counts_deadline_misses_and_underruns),
		cmocka_unit_test(test_pipeline_lifecycle_repeated_leaks_nothing),
		cmocka_unit_test(test_prepare_failure_leaves_pipeline_reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
