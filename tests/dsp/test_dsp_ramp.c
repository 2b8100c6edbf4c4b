// SPDX-License-Identifier: BSD-3-Clause
/*
 * Ramps and crossfades on a sine, through the engine with a neutral chain
 * (flat EQ, no content processing, no CTC, limiter idle), where the output
 * is gain[n] x the input delayed by the engine's latency:
 *  - during a volume ramp, the largest output step exceeds the sine's own
 *    largest step (times the larger gain) by no more than the per-sample
 *    gain increment times the amplitude allows;
 *  - during the enable/disable crossfade, the step is bounded likewise by
 *    the sine's step plus the share increment times |wet - dry|.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"
#include "ramp.h"
#include "tuning_blob.h"

#define PERIODS 40u
#define FRAMES (PERIODS * ADX_DSP_PERIOD_FRAMES)
#define AMPLITUDE 0.3
#define FREQ 997.0

static float in[2 * FRAMES], out[2 * FRAMES];

static double sine_step(void)
{
	return AMPLITUDE * 2.0 * sin(TEST_PI * FREQ / TEST_RATE);
}

static void make_sine(void)
{
	uint32_t i;

	for (i = 0; i < FRAMES; i++)
		in[2 * i] = in[2 * i + 1] = (float)(AMPLITUDE * sin(2 * TEST_PI * FREQ * i / TEST_RATE));
}

static void open_neutral(struct engine_box *b)
{
	struct blob blob = { .count = 0 };

	blob_flat_eq(&blob, ADX_TUNING_ANY, ADX_TUNING_ANY);
	assert_int_equal(box_open(b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_tuning(b->engine, blob.words, blob_bytes(&blob), NULL), 0);
	assert_int_equal(adx_dsp_set_content_processing(b->engine, 0), 0);
}

static double max_step(uint32_t from, uint32_t to)
{
	double worst = 0.0;
	uint32_t i;

	for (i = from + 1; i < to; i++) {
		double step = fabs((double)out[2 * i] - out[2 * (i - 1)]);

		worst = step > worst ? step : worst;
	}
	return worst;
}

static void run_periods(struct engine_box *b, uint32_t first, uint32_t count)
{
	uint32_t p;

	for (p = first; p < first + count; p++)
		assert_int_equal(adx_dsp_process(b->engine, in + 2 * p * ADX_DSP_PERIOD_FRAMES,
						 out + 2 * p * ADX_DSP_PERIOD_FRAMES), 0);
}

static void volume_ramp_step_bounded_by_gain_increment(void **state)
{
	const double gain_from = 1.0, gain_to = 0.125;
	const double increment = (gain_from - gain_to) / ADX_DSP_VOLUME_RAMP_FRAMES;
	struct engine_box b;
	uint32_t start = 10u * ADX_DSP_PERIOD_FRAMES;

	(void)state;
	make_sine();
	open_neutral(&b);
	run_periods(&b, 0, 10);
	assert_int_equal(adx_dsp_set_volume(b.engine, ADX_DSP_VOLUME_UNITY / 8), 0);
	run_periods(&b, 10, PERIODS - 10);
	/* The ramp reaches the output after the chain's latency. */
	start += ADX_DSP_LATENCY_FRAMES;
	assert_true(max_step(start, start + ADX_DSP_VOLUME_RAMP_FRAMES + 2) <=
		    gain_from * sine_step() + increment * AMPLITUDE + 1e-6);
	/* And the ramp really happened: the tail is at the new gain. */
	assert_true(fabs(rms(out + 2 * (FRAMES - 4096), 2, 4096) * sqrt(2.0) -
			 AMPLITUDE * gain_to) < 1e-3);
	box_close(&b);
}

static void crossfade_step_bounded_by_share_increment(void **state)
{
	const double increment = 1.0 / ADX_DSP_XFADE_FRAMES;
	/* wet is the dry sine delayed by the latency: |wet - dry| <= 2A sin(pi f L / fs). */
	const double diff = 2.0 * AMPLITUDE *
			    fabs(sin(TEST_PI * FREQ * ADX_DSP_LATENCY_FRAMES / TEST_RATE));
	struct engine_box b;
	uint32_t start = 10u * ADX_DSP_PERIOD_FRAMES;

	(void)state;
	make_sine();
	open_neutral(&b);
	run_periods(&b, 0, 10);
	assert_int_equal(adx_dsp_set_enable(b.engine, 0), 0);
	run_periods(&b, 10, PERIODS - 10);
	assert_true(max_step(start - 1, start + ADX_DSP_XFADE_FRAMES + 2) <=
		    sine_step() + increment * diff + 1e-6);
	assert_true(adx_dsp_is_bypassed(b.engine));
	box_close(&b);
}

/* The ramp itself: linear, reaching the target exactly, then holding. */
static void ramp_is_linear_and_lands_on_target(void **state)
{
	struct adx_ramp r;
	float gains[300];
	uint32_t i;

	(void)state;
	adx_ramp_set(&r, 1.0f);
	adx_ramp_to(&r, 0.0f, 200);
	adx_ramp_gains(&r, gains, 300);
	for (i = 0; i < 200; i++)
		assert_true(fabsf(gains[i] - (1.0f - (float)(i + 1) / 200.0f)) < 1e-6f);
	for (i = 200; i < 300; i++)
		assert_true(gains[i] == 0.0f);
	assert_false(adx_ramp_is_active(&r));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(volume_ramp_step_bounded_by_gain_increment),
		cmocka_unit_test(crossfade_step_bounded_by_share_increment),
		cmocka_unit_test(ramp_is_linear_and_lands_on_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
