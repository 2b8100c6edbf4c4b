// SPDX-License-Identifier: BSD-3-Clause
/*
 * Limiter: driven far past its ceiling, no output sample exceeds the
 * ceiling and the 4x-oversampled true peak (libebur128's meter) is within
 * 0.5 dB of it; the engine's output, at full volume boost, obeys the
 * default -1 dBFS ceiling too; below the ceiling the limiter is a delay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ebur128.h>

#include "dsp_test_util.h"
#include "limiter.h"

#define FRAMES (4u * 48000u)

static float l_buf[FRAMES], r_buf[FRAMES], ref_l[FRAMES];

/* Tones plus low-passed noise, peaking well above full scale. */
static void loud_music(float peak_gain)
{
	struct rng seed = { 99u };
	uint32_t i;
	float lp = 0.0f;

	for (i = 0; i < FRAMES; i++) {
		double t = i / TEST_RATE;
		float tones = (float)(0.5 * sin(2 * TEST_PI * 110.0 * t) +
				      0.3 * sin(2 * TEST_PI * 440.0 * t + 1.0) +
				      0.2 * sin(2 * TEST_PI * 3150.0 * t));

		lp += 0.3f * (rng_noise(&seed) - lp);
		l_buf[i] = peak_gain * (tones + 0.5f * lp);
		r_buf[i] = peak_gain * (0.8f * tones - 0.5f * lp);
	}
}

static void run(float ceiling_db)
{
	static float scratch[ADX_LIMITER_SCRATCH_FLOATS];
	struct adx_limiter lim;
	uint32_t f;

	adx_limiter_configure(&lim, ceiling_db, 48000.0f);
	adx_limiter_reset(&lim);
	for (f = 0; f < FRAMES; f += ADX_DSP_PERIOD_FRAMES)
		adx_limiter_process(&lim, l_buf + f, r_buf + f, ADX_DSP_PERIOD_FRAMES, scratch);
}

static double true_peak(void)
{
	ebur128_state *st = ebur128_init(2, 48000, EBUR128_MODE_TRUE_PEAK);
	float *inter = malloc(FRAMES * 2 * sizeof(float));
	double tp_l, tp_r;
	uint32_t i;

	assert_non_null(st);
	assert_non_null(inter);
	for (i = 0; i < FRAMES; i++) {
		inter[2 * i] = l_buf[i];
		inter[2 * i + 1] = r_buf[i];
	}
	ebur128_add_frames_float(st, inter, FRAMES);
	ebur128_true_peak(st, 0, &tp_l);
	ebur128_true_peak(st, 1, &tp_r);
	ebur128_destroy(&st);
	free(inter);
	return tp_l > tp_r ? tp_l : tp_r;
}

static void check_ceiling(float ceiling_db)
{
	float ceiling = powf(10.0f, ceiling_db / 20.0f);
	double tp_db;
	uint32_t i;

	loud_music(4.0f);
	run(ceiling_db);
	for (i = 0; i < FRAMES; i++)
		if (fabsf(l_buf[i]) > ceiling || fabsf(r_buf[i]) > ceiling)
			fail_msg("sample %u above the ceiling: %g %g", i, l_buf[i], r_buf[i]);
	tp_db = db(true_peak());
	if (fabs(tp_db - ceiling_db) > 0.5)
		fail_msg("true peak %.2f dBTP, ceiling %.1f dBFS", tp_db, ceiling_db);
}

static void no_sample_above_default_ceiling_and_true_peak_within_half_db(void **state)
{
	(void)state;
	check_ceiling(ADX_LIMITER_DEFAULT_CEILING_DB);
}

static void no_sample_above_low_ceiling_and_true_peak_within_half_db(void **state)
{
	(void)state;
	check_ceiling(-6.0f);
}

static void below_ceiling_output_is_input_delayed_by_lookahead(void **state)
{
	uint32_t i;

	(void)state;
	loud_music(0.3f);
	memcpy(ref_l, l_buf, sizeof(ref_l));
	run(-1.0f);
	for (i = ADX_LIMITER_LOOKAHEAD; i < FRAMES; i++)
		assert_true(l_buf[i] == ref_l[i - ADX_LIMITER_LOOKAHEAD]);
}

static void engine_output_at_max_volume_stays_under_ceiling(void **state)
{
	struct engine_box b;
	static float in[FRAMES * 2], out[FRAMES * 2];
	float ceiling = powf(10.0f, -1.0f / 20.0f);
	uint32_t i;

	(void)state;
	loud_music(1.0f);
	for (i = 0; i < FRAMES; i++) {
		in[2 * i] = l_buf[i] * 0.25f;
		in[2 * i + 1] = r_buf[i] * 0.25f;
	}
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_volume(b.engine, ADX_DSP_VOLUME_MAX), 0);
	assert_int_equal(box_run_float(&b, in, out, FRAMES), 0);
	for (i = 0; i < 2 * FRAMES; i++)
		assert_true(fabsf(out[i]) <= ceiling);
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(no_sample_above_default_ceiling_and_true_peak_within_half_db),
		cmocka_unit_test(no_sample_above_low_ceiling_and_true_peak_within_half_db),
		cmocka_unit_test(below_ceiling_output_is_input_delayed_by_lookahead),
		cmocka_unit_test(engine_output_at_max_volume_stays_under_ceiling),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
