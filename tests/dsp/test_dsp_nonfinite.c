// SPDX-License-Identifier: BSD-3-Clause
/*
 * Non-finite input never persists. A burst of NaN and infinity samples in
 * float input is counted in the engine's statistics, never reaches the
 * output, and one period plus the latency after the input is clean again
 * the output is the same as a twin engine's that was fed the burst as
 * silence (every state finite, nothing latched); in every configuration.
 * The stages that hold state are checked on their own as well, fed NaN
 * directly (as a bug upstream of them would).
 * Since the sanitiser replaces the burst with exactly what the twin got,
 * the two outputs are compared over the whole run, burst included.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>

#include "biquad.h"
#include "dsp_test_util.h"
#include "rng.h"
#include "leveler.h"
#include "limiter.h"

#define N ADX_DSP_PERIOD_FRAMES
#define PERIODS 60u
#define BAD_PERIOD 20u
#define BAD_SAMPLES 10u
#define MAX_CH 8u

static float in_bad[MAX_CH * PERIODS * N], in_clean[MAX_CH * PERIODS * N];
static float out_bad[2 * PERIODS * N], out_clean[2 * PERIODS * N];

static void make_inputs(uint32_t channels)
{
	struct rng seed = { 5u };
	uint32_t i, c;

	for (i = 0; i < PERIODS * N; i++)
		for (c = 0; c < channels; c++)
			in_clean[i * channels + c] =
				(float)(0.25 * sin(2 * TEST_PI * 1000.0 * i / TEST_RATE + c)) +
				0.05f * rng_noise(&seed);
	memcpy(in_bad, in_clean, sizeof(float) * channels * PERIODS * N);
	for (i = 0; i < BAD_SAMPLES; i++) {
		uint32_t at = (BAD_PERIOD * N + 17u * i) * channels + i % channels;
		float bad = i % 3 == 0 ? NAN : (i % 3 == 1 ? INFINITY : -INFINITY);

		in_bad[at] = bad;
		in_clean[at] = 0.0f;
	}
}

static void run_config(uint32_t channels, uint32_t device, uint32_t profile, uint32_t ctc)
{
	struct engine_box bad, clean;
	struct adx_dsp_stats stats;
	uint32_t i;

	assert_int_equal(box_open(&bad, channels, ADX_DSP_FLOAT32), 0);
	assert_int_equal(box_open(&clean, channels, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_device(bad.engine, device), 0);
	assert_int_equal(adx_dsp_set_device(clean.engine, device), 0);
	assert_int_equal(adx_dsp_set_profile(bad.engine, profile), 0);
	assert_int_equal(adx_dsp_set_profile(clean.engine, profile), 0);
	assert_int_equal(adx_dsp_set_ctc_enable(bad.engine, ctc), 0);
	assert_int_equal(adx_dsp_set_ctc_enable(clean.engine, ctc), 0);
	assert_int_equal(adx_dsp_set_volume(bad.engine, ADX_DSP_VOLUME_MAX), 0);
	assert_int_equal(adx_dsp_set_volume(clean.engine, ADX_DSP_VOLUME_MAX), 0);
	assert_int_equal(box_run_float(&bad, in_bad, out_bad, PERIODS * N), 0);
	assert_int_equal(box_run_float(&clean, in_clean, out_clean, PERIODS * N), 0);
	for (i = 0; i < 2 * PERIODS * N; i++)
		if (!isfinite(out_bad[i]))
			fail_msg("ch %u dev %u profile %u: output %u is %g", channels, device,
				 profile, i, out_bad[i]);
	for (i = 0; i < 2 * PERIODS * N; i++)
		if (out_bad[i] != out_clean[i])
			fail_msg("ch %u dev %u profile %u ctc %u: sample %u is %g, clean twin %g",
				 channels, device, profile, ctc, i / 2, out_bad[i], out_clean[i]);
	assert_int_equal(adx_dsp_get_stats(bad.engine, &stats), 0);
	assert_int_equal(stats.nonfinite_samples, BAD_SAMPLES);
	assert_int_equal(stats.clamped_samples, 0);
	box_close(&bad);
	box_close(&clean);
}

static void nonfinite_input_is_counted_and_never_persists(void **state)
{
	static const uint32_t channel_counts[] = { 2, 6, 8 };
	uint32_t ci, device, profile;

	(void)state;
	for (ci = 0; ci < 3; ci++) {
		make_inputs(channel_counts[ci]);
		for (device = 0; device < ADX_DSP_DEVICE_COUNT; device++)
			for (profile = 0; profile < ADX_DSP_PROFILE_COUNT; profile++)
				run_config(channel_counts[ci], device, profile,
					   device == ADX_DSP_DEVICE_SPEAKER && profile % 2);
	}
}

static void huge_finite_input_is_clamped_and_counted(void **state)
{
	static float in[2 * N], out[2 * N];
	struct engine_box b;
	struct adx_dsp_stats stats;
	uint32_t i;

	(void)state;
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	for (i = 0; i < 2 * N; i++)
		in[i] = i % 2 ? 3e38f : -3e38f;
	for (i = 0; i < 20; i++)
		assert_int_equal(adx_dsp_process(b.engine, in, out), 0);
	for (i = 0; i < 2 * N; i++)
		assert_true(isfinite(out[i]));
	assert_int_equal(adx_dsp_get_stats(b.engine, &stats), 0);
	assert_int_equal(stats.clamped_samples, 20u * 2u * N);
	assert_int_equal(stats.nonfinite_samples, 0);
	assert_int_equal(adx_dsp_get_stats(NULL, &stats), -EINVAL);
	assert_int_equal(adx_dsp_get_stats(b.engine, NULL), -EINVAL);
	box_close(&b);
}

/* A period of a tone with a NaN in it, then clean periods: the stage must output finite samples and recover. */
static void fill_period(float *l, float *r, uint32_t period, int with_nan)
{
	uint32_t i;

	for (i = 0; i < N; i++)
		l[i] = r[i] = (float)(0.5 * sin(2 * TEST_PI * 440.0 * (period * N + i) / TEST_RATE));
	if (with_nan)
		l[100] = NAN;
}

static void limiter_fed_nan_outputs_finite_and_recovers(void **state)
{
	static float scratch[ADX_LIMITER_SCRATCH_FLOATS];
	float l[N], r[N];
	struct adx_limiter lim;
	uint32_t p, i;

	(void)state;
	adx_limiter_configure(&lim, -1.0f, 48000.0f);
	adx_limiter_reset(&lim);
	for (p = 0; p < 7; p++) {
		fill_period(l, r, p, p == 5);
		adx_limiter_process(&lim, l, r, N, scratch);
		for (i = 0; i < N; i++)
			assert_true(isfinite(l[i]) && isfinite(r[i]));
		/* The NaN itself leaves as silence, not as a full-scale sample. */
		if (p == 5)
			assert_true(l[100 + ADX_LIMITER_LOOKAHEAD] == 0.0f);
	}
	/* The period after the NaN left the look-ahead: the -6 dBFS tone
	 * passes as it would below the ceiling, delayed and at unity gain. */
	for (i = 0; i < N; i++) {
		double t = (double)(6u * N + i) - ADX_LIMITER_LOOKAHEAD;
		double want = 0.5 * sin(2 * TEST_PI * 440.0 * t / TEST_RATE);

		assert_true(fabs(l[i] - want) < 1e-5 && fabs(r[i] - want) < 1e-5);
	}
}

static void biquad_fed_nan_restarts_from_silence(void **state)
{
	struct adx_biquad_coefs c[3];
	struct adx_biquad_state s[3];
	float l[N], r[N];
	uint32_t p, i;

	(void)state;
	memset(s, 0, sizeof(s));
	adx_biquad_design(&c[0], ADX_EQ_PEAKING, 100.0, 6.0, 1.0, 48000.0);
	adx_biquad_design(&c[1], ADX_EQ_HIGH_PASS, 20.0, 0.0, 0.7, 48000.0);
	adx_biquad_design(&c[2], ADX_EQ_LOW_SHELF, 200.0, -3.0, 0.7, 48000.0);
	for (p = 0; p < 10; p++) {
		fill_period(l, r, p, p == 3);
		adx_biquad_cascade(c, s, 3, l, r, N);
	}
	for (i = 0; i < N; i++)
		assert_true(isfinite(l[i]) && isfinite(r[i]));
	for (i = 0; i < 3; i++)
		assert_true(isfinite(s[i].s1[0]) && isfinite(s[i].s2[0]));
}

static void leveler_fed_nan_keeps_a_finite_gain(void **state)
{
	const struct adx_leveler_params params = {
		.target_lufs = -20.0f, .attack_ms = 100.0f, .release_ms = 1000.0f,
		.max_boost_db = 12.0f, .max_cut_db = 12.0f, .gate_lufs = -50.0f,
	};
	float l[N], r[N], k0[N], k1[N];
	float *const k[2] = { k0, k1 };
	struct adx_leveler lv;
	uint32_t p, i;

	(void)state;
	adx_leveler_configure(&lv, &params, N, 48000.0f);
	adx_leveler_reset(&lv);
	for (p = 0; p < 200; p++) {
		fill_period(l, r, p, p == 10);
		adx_leveler_process(&lv, l, r, N, k);
		assert_true(isfinite(lv.gain_db));
	}
	for (i = 0; i < N; i++)
		assert_true(isfinite(l[i]) && isfinite(r[i]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nonfinite_input_is_counted_and_never_persists),
		cmocka_unit_test(huge_finite_input_is_clamped_and_counted),
		cmocka_unit_test(limiter_fed_nan_outputs_finite_and_recovers),
		cmocka_unit_test(biquad_fed_nan_restarts_from_silence),
		cmocka_unit_test(leveler_fed_nan_keeps_a_finite_gain),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
