// SPDX-License-Identifier: BSD-3-Clause
/*
 * Leveler, measured by an independent BS.1770 meter (libebur128):
 *  - a speech-like programme at -30 and at -10 LUFS is within +-1 LU of
 *    the target from 3 s on (whole remainder and every 1 s slice);
 *  - noise above the gate but far below the target rises by the maximum
 *    boost and no more; noise below the gate is not raised.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ebur128.h>

#include "dsp_test_util.h"
#include "leveler.h"

#define SECONDS 8u
#define FRAMES (SECONDS * 48000u)
#define SETTLE_FRAMES (3u * 48000u)

static const struct adx_leveler_params params = {
	.target_lufs = -20.0f, .attack_ms = 300.0f, .release_ms = 800.0f,
	.max_boost_db = 12.0f, .max_cut_db = 20.0f, .gate_lufs = -45.0f,
};

static float in_l[FRAMES], in_r[FRAMES], out_l[FRAMES], out_r[FRAMES];

static double loudness(const float *l, const float *r, size_t frames)
{
	ebur128_state *st = ebur128_init(2, 48000, EBUR128_MODE_I);
	float *inter = malloc(frames * 2 * sizeof(float));
	double lufs = -HUGE_VAL;
	size_t i;

	assert_non_null(st);
	assert_non_null(inter);
	for (i = 0; i < frames; i++) {
		inter[2 * i] = l[i];
		inter[2 * i + 1] = r[i];
	}
	assert_int_equal(ebur128_add_frames_float(st, inter, frames), EBUR128_SUCCESS);
	assert_int_equal(ebur128_loudness_global(st, &lufs), EBUR128_SUCCESS);
	ebur128_destroy(&st);
	free(inter);
	return lufs;
}

/* Band-limited noise with a 4 Hz syllabic envelope, like running speech. */
static void speech_like(uint64_t seed_value)
{
	float lp = 0.0f, hp_prev = 0.0f, hp = 0.0f;
	struct rng seed = { seed_value };
	uint32_t i;

	for (i = 0; i < FRAMES; i++) {
		double t = i / TEST_RATE;
		float env = (float)(0.15 + 0.85 * fabs(sin(2.0 * TEST_PI * 2.0 * t)));
		float x = rng_noise(&seed);

		lp += 0.25f * (x - lp);             /* ~2 kHz low-pass */
		hp = 0.98f * (hp + lp - hp_prev);   /* ~150 Hz high-pass */
		hp_prev = lp;
		in_l[i] = env * hp;
		in_r[i] = env * hp * 0.9f;
	}
}

static void scale_to(double lufs)
{
	double gain = pow(10.0, (lufs - loudness(in_l, in_r, FRAMES)) / 20.0);
	uint32_t i;

	for (i = 0; i < FRAMES; i++) {
		in_l[i] *= (float)gain;
		in_r[i] *= (float)gain;
	}
}

static void run_leveler(void)
{
	static float k_left[ADX_DSP_PERIOD_FRAMES], k_right[ADX_DSP_PERIOD_FRAMES];
	float *const kweighted[2] = { k_left, k_right };
	struct adx_leveler lv;
	uint32_t f;

	memcpy(out_l, in_l, sizeof(out_l));
	memcpy(out_r, in_r, sizeof(out_r));
	adx_leveler_configure(&lv, &params, ADX_DSP_PERIOD_FRAMES, 48000.0f);
	adx_leveler_reset(&lv);
	for (f = 0; f < FRAMES; f += ADX_DSP_PERIOD_FRAMES)
		adx_leveler_process(&lv, out_l + f, out_r + f, ADX_DSP_PERIOD_FRAMES, kweighted);
}

static void check_settled(double programme_lufs)
{
	uint32_t start;

	speech_like(12345u);
	scale_to(programme_lufs);
	run_leveler();
	assert_true(fabs(loudness(out_l + SETTLE_FRAMES, out_r + SETTLE_FRAMES,
				  FRAMES - SETTLE_FRAMES) - params.target_lufs) <= 1.0);
	for (start = SETTLE_FRAMES; start + 48000u <= FRAMES; start += 48000u) {
		double l = loudness(out_l + start, out_r + start, 48000u);

		if (fabs(l - params.target_lufs) > 1.0)
			fail_msg("programme %.0f LUFS: %.2f LUFS in the second from %.0f s",
				 programme_lufs, l, start / TEST_RATE);
	}
}

static void quiet_programme_settles_within_1_lu_by_3_s(void **state)
{
	(void)state;
	check_settled(-30.0);
}

static void loud_programme_settles_within_1_lu_by_3_s(void **state)
{
	(void)state;
	check_settled(-10.0);
}

static double noise_rise_db(double noise_lufs)
{
	struct rng seed = { 777u };
	uint32_t i;

	for (i = 0; i < FRAMES; i++) {
		in_l[i] = rng_noise(&seed);
		in_r[i] = rng_noise(&seed);
	}
	scale_to(noise_lufs);
	run_leveler();
	return loudness(out_l + SETTLE_FRAMES, out_r + SETTLE_FRAMES, FRAMES - SETTLE_FRAMES) -
	       loudness(in_l + SETTLE_FRAMES, in_r + SETTLE_FRAMES, FRAMES - SETTLE_FRAMES);
}

static void noise_above_gate_rises_by_max_boost_only(void **state)
{
	double rise;

	(void)state;
	rise = noise_rise_db(-40.0);   /* the target wants +20 dB */
	assert_true(rise <= params.max_boost_db + 0.1);
	assert_true(rise >= params.max_boost_db - 1.0);
}

static void noise_below_gate_is_not_raised(void **state)
{
	(void)state;
	assert_true(noise_rise_db(-55.0) <= 0.1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(quiet_programme_settles_within_1_lu_by_3_s),
		cmocka_unit_test(loud_programme_settles_within_1_lu_by_3_s),
		cmocka_unit_test(noise_above_gate_rises_by_max_boost_only),
		cmocka_unit_test(noise_below_gate_is_not_raised),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
