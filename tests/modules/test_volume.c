// SPDX-License-Identifier: BSD-3-Clause
/*
 * The volume module (src/modules/volume.c): gain against its formula,
 * ramps, staged controls, and configuration it must refuse.
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
#include "adx/modules/volume.h"

#include "runtime_fixture.h"

#define RATE 48000

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
	struct rt_chain c;
	uint64_t frames = 4800;

	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, frames, frames);
	rt_chain_build(&f, &c, gain, false, 0);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(c.ppl.latency_frames, 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, frames / RT_PERIOD_FRAMES), 0);
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
	struct rt_chain c;
	const uint32_t ramp = 480;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 4800, 4800);
	for (uint64_t i = 0; i < 4800; i++)
		((float *)f.in.data)[i] = 0.5f;
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
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
	struct rt_chain c;
	uint8_t got[8];
	size_t size = sizeof(got);
	struct adx_volume_config cfg;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 960, 960);
	for (uint64_t i = 0; i < 960; i++)
		((float *)f.in.data)[i] = 0.5f;
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 5), 0);
	set_gain(c.vol, 1 << 20, 0);
	set_gain(c.vol, 1 << 21, 0);
	set_gain(c.vol, 1 << 22, 0);
	assert_int_equal(adx_module_get_configuration(c.vol, ADX_VOLUME_CFG_GAIN, got, &size), 0);
	memcpy(&cfg, got, sizeof(cfg));
	assert_int_equal(cfg.gain_q8_23, 1 << 22);
	assert_int_equal(adx_sched_run_ticks(&f.sched, 15), 0);
	assert_true(((float *)f.out.data)[5 * RT_PERIOD_FRAMES - 1] == 0.5f);
	for (uint32_t n = 5 * RT_PERIOD_FRAMES; n < 20 * RT_PERIOD_FRAMES; n++)
		assert_true(((float *)f.out.data)[n] == 0.25f);
	adx_pipeline_destroy(&c.ppl);
	rt_fixture_destroy(&f);
}

static void test_bad_volume_configuration_is_rejected_and_changes_nothing(void **state)
{
	struct adx_stream_params p = { .rate = RATE, .channels = 1, .format = ADX_FMT_S16_LE };
	struct adx_volume_config bad = { .gain_q8_23 = -1 };
	struct rt_fixture f;
	struct rt_chain c;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &p, 96, 96);
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, false, 0);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_volume_gain_matches_rounded_q8_23_product),
		cmocka_unit_test(test_volume_ramp_is_linear_and_lands_on_target),
		cmocka_unit_test(test_volume_latest_staged_gain_wins),
		cmocka_unit_test(test_bad_volume_configuration_is_rejected_and_changes_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
