// SPDX-License-Identifier: BSD-3-Clause
/*
 * EQ precision over the whole accepted tuning range: the engine's EQ, one
 * band at a time at the range's edges (10 Hz..20 kHz, Q 0.1..20, +-24 dB),
 * is within 0.1 dB of the cookbook design evaluated in double precision
 * (eq_precision_oracle.h, from scipy.signal.freqz) at every probe around
 * f0 where the design is above -20 dB. The response is measured from the
 * impulse response, long enough for the slowest section to decay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "dsp_test_util.h"
#include "eq.h"
#include "eq_precision_oracle.h"

#define N ADX_DSP_PERIOD_FRAMES
#define MAX_FRAMES (40u * 48000u)
#define TOLERANCE_DB 0.1

static float impulse_left[MAX_FRAMES], impulse_right[MAX_FRAMES];

/*
 * Frames for the section's impulse response to fall far below the probes:
 * twelve time constants of its slowest pole plus 1 s. A boost narrows the
 * poles' bandwidth by up to A = 10^(|gain| / 40) against Q's, so the bound
 * is tau = Q A / (pi f0).
 */
static uint32_t response_frames(const struct eq_precision_probe *p)
{
	double amp = pow(10.0, fabs(p->gain_db) / 40.0);
	double tau_s = (p->q > 0.5 ? p->q : 0.5) * amp / (TEST_PI * p->f0);
	double frames = (12.0 * tau_s + 1.0) * TEST_RATE;

	if (frames > MAX_FRAMES)
		frames = MAX_FRAMES;
	return ((uint32_t)frames + N - 1u) / N * N;
}

static void measure_impulse(const struct eq_precision_probe *p, uint32_t frames)
{
	struct adx_eq_band band = { p->type, (float)p->f0, (float)p->gain_db, (float)p->q };
	static struct adx_eq eq;
	uint32_t f;

	memset(impulse_left, 0, sizeof(float) * frames);
	memset(impulse_right, 0, sizeof(float) * frames);
	impulse_left[0] = impulse_right[0] = 1.0f;
	adx_eq_configure(&eq, &band, 1, 48000.0f);
	for (f = 0; f < frames; f += N)
		adx_eq_process(&eq, impulse_left + f, impulse_right + f, N);
}

/* |H(f)| in dB from h[0 .. frames), the phasor advanced by recurrence. */
static double response_db(const float *h, uint32_t frames, double freq)
{
	double w = 2.0 * TEST_PI * freq / TEST_RATE, cw = cos(w), sw = sin(w);
	double c = 1.0, s = 0.0, re = 0.0, im = 0.0;
	uint32_t i;

	for (i = 0; i < frames; i++) {
		double next_c = c * cw - s * sw;

		re += h[i] * c;
		im -= h[i] * s;
		s = s * cw + c * sw;
		c = next_c;
	}
	return 10.0 * log10(re * re + im * im);
}

static int same_section(const struct eq_precision_probe *a, const struct eq_precision_probe *b)
{
	return a->type == b->type && a->f0 == b->f0 && a->gain_db == b->gain_db && a->q == b->q;
}

static void eq_within_0_1_db_of_double_design_over_accepted_range(void **state)
{
	uint32_t i, frames = 0, failures = 0;
	double worst = 0.0;

	(void)state;
	for (i = 0; i < EQ_PRECISION_PROBES; i++) {
		const struct eq_precision_probe *p = &eq_precision_probe[i];
		double left, right, err;

		if (i == 0 || !same_section(p, &eq_precision_probe[i - 1])) {
			frames = response_frames(p);
			measure_impulse(p, frames);
		}
		left = response_db(impulse_left, frames, p->freq);
		right = response_db(impulse_right, frames, p->freq);
		err = fabs(left - p->db) > fabs(right - p->db) ? fabs(left - p->db)
							      : fabs(right - p->db);
		worst = err > worst ? err : worst;
		if (err > TOLERANCE_DB) {
			print_message("type %d f0 %.1f gain %.0f Q %.3f at %.3f Hz: %.3f dB, design %.3f dB\n",
				      p->type, p->f0, p->gain_db, p->q, p->freq, left, p->db);
			failures++;
		}
	}
	print_message("worst deviation from the double design: %.4f dB\n", worst);
	assert_int_equal(failures, 0);
}

/* Five near-DC bands (run as two pairs and a single), right channel only:
 * their gains add at f0 and nothing leaks into the left channel. */
static void near_dc_cascade_adds_section_responses_per_channel(void **state)
{
	struct adx_eq_band bands[5];
	static struct adx_eq eq;
	const uint32_t frames = 2u * 48000u;
	uint32_t i, f;

	(void)state;
	for (i = 0; i < 5; i++)
		bands[i] = (struct adx_eq_band){ ADX_EQ_PEAKING, 50.0f, 3.0f, 1.0f };
	memset(impulse_left, 0, sizeof(float) * frames);
	memset(impulse_right, 0, sizeof(float) * frames);
	impulse_right[0] = 1.0f;
	adx_eq_configure(&eq, bands, 5, 48000.0f);
	assert_int_equal(eq.near_dc_sections, 5);
	for (f = 0; f < frames; f += N)
		adx_eq_process(&eq, impulse_left + f, impulse_right + f, N);
	assert_true(fabs(response_db(impulse_right, frames, 50.0) - 15.0) < 0.01);
	for (i = 0; i < frames; i++)
		assert_true(impulse_left[i] == 0.0f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(eq_within_0_1_db_of_double_design_over_accepted_range),
		cmocka_unit_test(near_dc_cascade_adds_section_responses_per_channel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
