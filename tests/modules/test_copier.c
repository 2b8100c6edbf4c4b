// SPDX-License-Identifier: BSD-3-Clause
/*
 * The host and DAI copiers (src/modules/copier.c): what each plays when its
 * side runs dry, the DAI's preroll of the pipeline's latency, and the DAI's
 * accounting, where every frame it played is audio, preroll or underrun.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include "adx/modules/copier.h"
#include "adx/modules/volume.h"

#include "delayed_copy.h"
#include "runtime_fixture.h"

#define PERIOD RT_PERIOD_FRAMES
#define IN_FRAMES (10 * PERIOD)
#define TICKS 15u

static const struct adx_stream_params stereo16 = { .rate = 48000, .channels = 2,
						   .format = ADX_FMT_S16_LE };

/* Host copier straight into the DAI copier: no latency, nothing between. */
static void build_direct(struct rt_fixture *f, struct adx_pipeline *ppl,
			 struct adx_module **host, struct adx_module **dai)
{
	static const struct adx_host_copier_init host_init = { .gateway_id = 0 };
	static const struct adx_dai_copier_init dai_init = { .gateway_id = 1 };

	assert_int_equal(adx_pipeline_create(ppl, 1, "direct", f->heap, &f->sched, PERIOD), 0);
	assert_int_equal(adx_pipeline_add_module(ppl, &adx_host_copier_driver, "host",
						 &host_init, sizeof(host_init), host), 0);
	assert_int_equal(adx_pipeline_add_module(ppl, &adx_dai_copier_driver, "dai",
						 &dai_init, sizeof(dai_init), dai), 0);
	assert_int_equal(adx_pipeline_connect(ppl, *host, *dai, &f->params, 2 * PERIOD), 0);
}

/* The host gateway ends mid-run: the host copier says so and plays silence from there. */
static void test_host_copier_plays_silence_after_end_of_stream(void **state)
{
	struct rt_fixture f;
	struct adx_pipeline ppl;
	struct adx_module *host, *dai;
	const struct adx_copier_stats *hs, *ds;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &stereo16, IN_FRAMES, TICKS * PERIOD);
	build_direct(&f, &ppl, &host, &dai);
	assert_int_equal(adx_pipeline_set_state(&ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(ppl.latency_frames, 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, TICKS), 0);
	hs = adx_copier_get_stats(host);
	ds = adx_copier_get_stats(dai);
	assert_non_null(hs);
	assert_non_null(ds);
	assert_true(hs->end_of_stream);
	assert_int_equal(hs->frames, IN_FRAMES);
	assert_int_equal(hs->silence_frames, TICKS * PERIOD - IN_FRAMES);
	assert_int_equal(ds->underruns, 0);
	assert_delayed_copy(&f.out, &f.in, 0);
	assert_int_equal(adx_pipeline_destroy(&ppl), 0);
	rt_fixture_destroy(&f);
}

/* With a DP module in the path, the DAI first plays the stated latency as silence. */
static void test_dai_copier_prerolls_the_pipeline_latency(void **state)
{
	struct rt_fixture f;
	struct rt_chain c;
	const struct adx_copier_stats *ds;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &stereo16, IN_FRAMES, TICKS * PERIOD);
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 100000);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_true(c.ppl.latency_frames > 0);
	assert_true(c.ppl.latency_frames + IN_FRAMES <= TICKS * PERIOD);
	assert_int_equal(adx_sched_run_ticks(&f.sched, TICKS), 0);
	ds = adx_copier_get_stats(c.dai);
	assert_non_null(ds);
	assert_int_equal(ds->silence_frames, c.ppl.latency_frames);
	assert_int_equal(ds->underruns, 0);
	assert_delayed_copy(&f.out, &f.in, c.ppl.latency_frames);
	assert_int_equal(adx_pipeline_destroy(&c.ppl), 0);
	rt_fixture_destroy(&f);
}

/* An overloaded DP module starves the DAI: each tick still plays one period, and the
 * DAI's figures account for every frame of it. */
static void test_dai_copier_accounts_every_frame_it_plays(void **state)
{
	const uint64_t ticks = 200;
	struct rt_fixture f;
	struct rt_chain c;
	const struct adx_copier_stats *ds;

	(void)state;
	rt_fixture_init(&f, ADX_EXEC_VIRTUAL, 64 * 1024, &stereo16, ticks * PERIOD,
			ticks * PERIOD);
	rt_chain_build(&f, &c, ADX_VOLUME_UNITY_Q8_23, true, 1500000);
	assert_int_equal(adx_pipeline_set_state(&c.ppl, ADX_PPL_RUNNING), 0);
	assert_int_equal(adx_sched_run_ticks(&f.sched, ticks), 0);
	ds = adx_copier_get_stats(c.dai);
	assert_non_null(ds);
	assert_true(ds->underruns > 0);
	assert_true(ds->underrun_frames >= ds->underruns);
	assert_true(ds->underrun_frames <= ds->underruns * PERIOD);
	assert_int_equal(ds->frames + ds->silence_frames + ds->underrun_frames, ticks * PERIOD);
	assert_int_equal(atomic_load(&f.out.pos), ticks * PERIOD);
	assert_int_equal(adx_pipeline_destroy(&c.ppl), 0);
	rt_fixture_destroy(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_host_copier_plays_silence_after_end_of_stream),
		cmocka_unit_test(test_dai_copier_prerolls_the_pipeline_latency),
		cmocka_unit_test(test_dai_copier_accounts_every_frame_it_plays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
