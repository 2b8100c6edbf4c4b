// SPDX-License-Identifier: BSD-3-Clause
/*
 * EQ: the measured magnitude of every cookbook section type matches an
 * independent oracle (eq_oracle.h, from scipy.signal.freqz on coefficients
 * the generator computes itself) within 0.05 dB at >= 20 frequencies per
 * type. The measurement is the DFT, at each probe frequency, of the
 * section's impulse response as the engine's EQ produces it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"
#include "eq.h"
#include "eq_oracle.h"

#define IMPULSE_FRAMES 65536u
/* Below this the response is too small for float audio to measure to 0.05 dB. */
#define MEASURABLE_DB -60.0
#define TOLERANCE_DB 0.05

static float impulse_left[IMPULSE_FRAMES];
static float impulse_right[IMPULSE_FRAMES];

static void impulse_response(const struct eq_oracle_section *s)
{
	struct adx_eq eq;
	struct adx_eq_band band = { s->type, (float)s->f0, (float)s->gain_db, (float)s->q };
	uint32_t done;

	memset(impulse_left, 0, sizeof(impulse_left));
	memset(impulse_right, 0, sizeof(impulse_right));
	impulse_left[0] = 1.0f;
	impulse_right[0] = 1.0f;
	adx_eq_configure(&eq, &band, 1, 48000.0f);
	for (done = 0; done < IMPULSE_FRAMES; done += ADX_DSP_PERIOD_FRAMES)
		adx_eq_process(&eq, impulse_left + done, impulse_right + done,
			       ADX_DSP_PERIOD_FRAMES);
}

static double measured_db(const float *h, double f)
{
	double re = 0.0, im = 0.0, w = 2.0 * TEST_PI * f / TEST_RATE;
	uint32_t n;

	for (n = 0; n < IMPULSE_FRAMES; n++) {
		re += h[n] * cos(w * n);
		im -= h[n] * sin(w * n);
	}
	return 10.0 * log10(re * re + im * im);
}

static void check_type(enum adx_eq_type type)
{
	uint32_t compared = 0, s, k;

	for (s = 0; s < EQ_ORACLE_SECTIONS; s++) {
		if (eq_oracle[s].type != type)
			continue;
		impulse_response(&eq_oracle[s]);
		for (k = 0; k < EQ_ORACLE_FREQS; k++) {
			double want = eq_oracle[s].db[k];
			double left, right;

			if (want < MEASURABLE_DB)
				continue;
			left = measured_db(impulse_left, eq_oracle_freq[k]);
			right = measured_db(impulse_right, eq_oracle_freq[k]);
			if (fabs(left - want) > TOLERANCE_DB || fabs(right - want) > TOLERANCE_DB)
				fail_msg("type %d f0 %.0f at %.1f Hz: %.4f dB, oracle %.4f dB",
					 type, eq_oracle[s].f0, eq_oracle_freq[k], left, want);
			compared++;
		}
	}
	assert_true(compared >= 20);
}

static void peaking_matches_cookbook_oracle(void **state)
{
	(void)state;
	check_type(ADX_EQ_PEAKING);
}

static void low_shelf_matches_cookbook_oracle(void **state)
{
	(void)state;
	check_type(ADX_EQ_LOW_SHELF);
}

static void high_shelf_matches_cookbook_oracle(void **state)
{
	(void)state;
	check_type(ADX_EQ_HIGH_SHELF);
}

static void low_pass_matches_cookbook_oracle(void **state)
{
	(void)state;
	check_type(ADX_EQ_LOW_PASS);
}

static void high_pass_matches_cookbook_oracle(void **state)
{
	(void)state;
	check_type(ADX_EQ_HIGH_PASS);
}

/* The defining property of a peaking section: exactly its gain at f0. */
static void peaking_gain_at_f0_is_the_set_gain(void **state)
{
	struct eq_oracle_section s = { ADX_EQ_PEAKING, 2000.0, 7.5, 1.4, { 0 } };

	(void)state;
	impulse_response(&s);
	assert_true(fabs(measured_db(impulse_left, 2000.0) - 7.5) < TOLERANCE_DB);
}

/* A cascade's response is the sum (in dB) of its sections'. */
static void cascade_of_twenty_adds_section_responses(void **state)
{
	struct adx_eq_band bands[ADX_TUNING_MAX_EQ_BANDS];
	struct adx_eq eq;
	double f = 1000.0, want = 0.0;
	uint32_t i, done;

	(void)state;
	for (i = 0; i < ADX_TUNING_MAX_EQ_BANDS; i++) {
		bands[i] = (struct adx_eq_band){ ADX_EQ_PEAKING, 1000.0f, 0.5f, 1.0f };
		want += 0.5;
	}
	memset(impulse_left, 0, sizeof(impulse_left));
	memset(impulse_right, 0, sizeof(impulse_right));
	impulse_left[0] = 1.0f;
	adx_eq_configure(&eq, bands, ADX_TUNING_MAX_EQ_BANDS, 48000.0f);
	for (done = 0; done < IMPULSE_FRAMES; done += ADX_DSP_PERIOD_FRAMES)
		adx_eq_process(&eq, impulse_left + done, impulse_right + done,
			       ADX_DSP_PERIOD_FRAMES);
	assert_true(fabs(measured_db(impulse_left, f) - want) < TOLERANCE_DB);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(peaking_matches_cookbook_oracle),
		cmocka_unit_test(low_shelf_matches_cookbook_oracle),
		cmocka_unit_test(high_shelf_matches_cookbook_oracle),
		cmocka_unit_test(low_pass_matches_cookbook_oracle),
		cmocka_unit_test(high_pass_matches_cookbook_oracle),
		cmocka_unit_test(peaking_gain_at_f0_is_the_set_gain),
		cmocka_unit_test(cascade_of_twenty_adds_section_responses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
