// SPDX-License-Identifier: BSD-3-Clause
/*
 * Profiles and devices: each (device, profile) selects its documented
 * parameter set, seen in the output spectrum. On the speaker (no CTC, no
 * content processing) the response at probe tones is the documented EQ's
 * cookbook response, evaluated here independently, within 0.1 dB; on
 * headphones, where the virtualiser adds its own response, the ratio
 * between two profiles is the ratio of their EQs. Switching profiles and
 * devices while a sine plays makes no click: no output step is larger than
 * twice the largest step of the steady states around it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"
#include "tuning_table.h"

#define N ADX_DSP_PERIOD_FRAMES
#define RUN_PERIODS 375u                 /* 2 s */
#define MEASURE_FRAMES 48000u            /* the last 1 s */
#define PROBES 9

static const double probes[PROBES] = { 50, 120, 300, 700, 1500, 2500, 4000, 9000, 15000 };
static float in[2 * RUN_PERIODS * N], out[2 * RUN_PERIODS * N];

/* |H(e^jw)| of a cookbook section, in dB, straight from the formulas. */
static double cookbook_db(const struct adx_eq_band *b, double f)
{
	double A = pow(10.0, b->gain_db / 40.0), w0 = 2 * TEST_PI * b->freq_hz / TEST_RATE;
	double c = cos(w0), al = sin(w0) / (2.0 * b->q), sq = 2.0 * sqrt(A) * al;
	double bb[3], aa[3], w = 2 * TEST_PI * f / TEST_RATE;
	double nr, ni, dr, di;

	switch (b->type) {
	case ADX_EQ_PEAKING:
		bb[0] = 1 + al * A; bb[1] = -2 * c; bb[2] = 1 - al * A;
		aa[0] = 1 + al / A; aa[1] = -2 * c; aa[2] = 1 - al / A;
		break;
	case ADX_EQ_LOW_SHELF:
		bb[0] = A * ((A + 1) - (A - 1) * c + sq); bb[1] = 2 * A * ((A - 1) - (A + 1) * c);
		bb[2] = A * ((A + 1) - (A - 1) * c - sq);
		aa[0] = (A + 1) + (A - 1) * c + sq; aa[1] = -2 * ((A - 1) + (A + 1) * c);
		aa[2] = (A + 1) + (A - 1) * c - sq;
		break;
	case ADX_EQ_HIGH_SHELF:
		bb[0] = A * ((A + 1) + (A - 1) * c + sq); bb[1] = -2 * A * ((A - 1) + (A + 1) * c);
		bb[2] = A * ((A + 1) + (A - 1) * c - sq);
		aa[0] = (A + 1) - (A - 1) * c + sq; aa[1] = 2 * ((A - 1) - (A + 1) * c);
		aa[2] = (A + 1) - (A - 1) * c - sq;
		break;
	case ADX_EQ_LOW_PASS:
		bb[0] = (1 - c) / 2; bb[1] = 1 - c; bb[2] = (1 - c) / 2;
		aa[0] = 1 + al; aa[1] = -2 * c; aa[2] = 1 - al;
		break;
	default:
		bb[0] = (1 + c) / 2; bb[1] = -(1 + c); bb[2] = (1 + c) / 2;
		aa[0] = 1 + al; aa[1] = -2 * c; aa[2] = 1 - al;
		break;
	}
	nr = bb[0] + bb[1] * cos(w) + bb[2] * cos(2 * w);
	ni = -bb[1] * sin(w) - bb[2] * sin(2 * w);
	dr = aa[0] + aa[1] * cos(w) + aa[2] * cos(2 * w);
	di = -aa[1] * sin(w) - aa[2] * sin(2 * w);
	return 10.0 * log10((nr * nr + ni * ni) / (dr * dr + di * di));
}

static double documented_db(uint32_t device, uint32_t profile, double f)
{
	const struct adx_param_set *s = &adx_tuning_builtin.sets[device][profile];
	double sum = 0.0;
	uint32_t i;

	for (i = 0; i < s->eq_bands; i++)
		sum += cookbook_db(&s->eq[i], f);
	return sum;
}

static void multitone(void)
{
	uint32_t i, k;

	for (i = 0; i < RUN_PERIODS * N; i++) {
		double v = 0.0;

		for (k = 0; k < PROBES; k++)
			v += 0.015 * sin(2 * TEST_PI * probes[k] * i / TEST_RATE + k);
		in[2 * i] = in[2 * i + 1] = (float)v;
	}
}

/* Measured response (dB re the input) at each probe, left channel. */
static void measure(uint32_t device, uint32_t profile, double *response)
{
	struct engine_box b;
	size_t start = RUN_PERIODS * N - MEASURE_FRAMES;
	uint32_t k;

	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_content_processing(b.engine, 0), 0);
	assert_int_equal(adx_dsp_set_device(b.engine, device), 0);
	assert_int_equal(adx_dsp_set_profile(b.engine, profile), 0);
	assert_int_equal(box_run_float(&b, in, out, RUN_PERIODS * N), 0);
	for (k = 0; k < PROBES; k++)
		response[k] = db(tone_amplitude(out + 2 * start, 2, MEASURE_FRAMES, probes[k]) /
				 tone_amplitude(in + 2 * start, 2, MEASURE_FRAMES, probes[k]));
	box_close(&b);
}

static void speaker_profiles_have_their_documented_eq(void **state)
{
	double r[PROBES];
	uint32_t p, k;

	(void)state;
	multitone();
	for (p = 0; p < ADX_DSP_PROFILE_COUNT; p++) {
		measure(ADX_DSP_DEVICE_SPEAKER, p, r);
		for (k = 0; k < PROBES; k++) {
			double want = documented_db(ADX_DSP_DEVICE_SPEAKER, p, probes[k]);

			if (fabs(r[k] - want) > 0.1)
				fail_msg("speaker profile %u at %.0f Hz: %.2f dB, documented %.2f dB",
					 p, probes[k], r[k], want);
		}
	}
}

static void headphone_profiles_differ_by_their_documented_eqs(void **state)
{
	double base[PROBES], r[PROBES];
	uint32_t p, k;

	(void)state;
	multitone();
	measure(ADX_DSP_DEVICE_HEADPHONE, ADX_DSP_PROFILE_DYNAMIC, base);
	for (p = 1; p < ADX_DSP_PROFILE_COUNT; p++) {
		measure(ADX_DSP_DEVICE_HEADPHONE, p, r);
		for (k = 0; k < PROBES; k++) {
			double want = documented_db(ADX_DSP_DEVICE_HEADPHONE, p, probes[k]) -
				      documented_db(ADX_DSP_DEVICE_HEADPHONE, 0, probes[k]);

			if (fabs((r[k] - base[k]) - want) > 0.1)
				fail_msg("headphone profile %u at %.0f Hz: %+.2f dB vs dynamic, documented %+.2f",
					 p, probes[k], r[k] - base[k], want);
		}
	}
}

static double largest_step(uint32_t from, uint32_t to)
{
	double worst = 0.0;
	uint32_t i;

	for (i = from + 1; i < to; i++) {
		double s = fabs((double)out[2 * i] - out[2 * (i - 1)]);

		worst = s > worst ? s : worst;
	}
	return worst;
}

static void switching_profiles_and_devices_does_not_click(void **state)
{
	const uint32_t hold = 60u;  /* periods per setting, 0.32 s */
	struct engine_box b;
	double steady = 0.0, during = 0.0;
	uint32_t i, step;

	(void)state;
	for (i = 0; i < RUN_PERIODS * N; i++)
		in[2 * i] = in[2 * i + 1] = (float)(0.2 * sin(2 * TEST_PI * 150.0 * i / TEST_RATE));
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_content_processing(b.engine, 0), 0);
	for (step = 0; (step + 1) * hold <= RUN_PERIODS; step++) {
		uint32_t first = step * hold * N;

		assert_int_equal(adx_dsp_set_profile(b.engine, step % ADX_DSP_PROFILE_COUNT), 0);
		assert_int_equal(adx_dsp_set_device(b.engine, (step / 2) % 2), 0);
		assert_int_equal(box_run_float(&b, in + 2 * first, out + 2 * first, hold * N), 0);
		/* The switch (dip and filters restarting) lies in the first
		 * periods; the last half of the hold is steady. */
		during = fmax(during, largest_step(first, first + hold * N / 2));
		steady = fmax(steady, largest_step(first + hold * N / 2, first + hold * N));
	}
	if (during > 2.0 * steady)
		fail_msg("largest step while switching %.5f, steady %.5f", during, steady);
	box_close(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(speaker_profiles_have_their_documented_eq),
		cmocka_unit_test(headphone_profiles_differ_by_their_documented_eqs),
		cmocka_unit_test(switching_profiles_and_devices_does_not_click),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
