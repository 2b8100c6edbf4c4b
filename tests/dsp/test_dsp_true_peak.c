// SPDX-License-Identifier: BSD-3-Clause
/*
 * The limiter's ceiling is a true-peak ceiling: the engine's output stays
 * at or below -1 dBTP as libebur128 measures it (BS.1770 true peak, 4x)
 * and as an independent 16x-oversampled reference does (a long
 * windowed-sinc interpolator in double precision written here), for the
 * classic inter-sample-peak cases: an fs/4 sine at 45 degrees (samples at
 * 0.707 of its peak), full-scale square bursts, and loud music-like
 * material at the +24 dB volume limit; on both devices.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <ebur128.h>

#include "dsp_test_util.h"
#include "rng.h"

#define N ADX_DSP_PERIOD_FRAMES
#define FRAMES (96u * N)            /* about half a second */
#define CEILING_DBTP -1.0
#define OVERSAMPLE 16
#define REF_HALF_TAPS 64
/* Both meters read to the hundredth; rounding allowance only. */
#define TOLERANCE_DB 0.01

static float in[2 * FRAMES], out[2 * FRAMES];

enum signal { FS4_SINE_45, SQUARE_BURSTS, LOUD_MUSIC, SIGNAL_COUNT };
static const char *const signal_name[] = { "fs/4 sine at 45 deg", "square bursts", "loud music" };

static void make_signal(enum signal s)
{
	struct rng seed = { 17u };
	uint32_t i;
	float lp = 0.0f;

	for (i = 0; i < FRAMES; i++) {
		double t = i / TEST_RATE;
		float l, r;

		switch (s) {
		case FS4_SINE_45:  /* samples at +-1.0, the sine between them at sqrt 2 */
			l = r = (float)(sqrt(2.0) * sin(TEST_PI / 2.0 * i + TEST_PI / 4.0));
			break;
		case SQUARE_BURSTS: /* 1 kHz, 0 dBFS, 20 ms on, 20 ms off */
			l = r = (i / 960u) % 2u ? 0.0f : ((i / 24u) % 2u ? -1.0f : 1.0f);
			break;
		default:            /* tones and noise around -12 dBFS, then +24 dB volume */
			lp += 0.3f * (rng_noise(&seed) - lp);
			l = (float)(0.12 * sin(2 * TEST_PI * 110.0 * t) +
				    0.08 * sin(2 * TEST_PI * 3150.0 * t) +
				    0.05 * sin(2 * TEST_PI * 11025.0 * t)) + 0.1f * lp;
			r = (float)(0.1 * sin(2 * TEST_PI * 440.0 * t + 1.0) +
				    0.06 * sin(2 * TEST_PI * 9000.0 * t)) - 0.1f * lp;
			break;
		}
		in[2 * i] = l;
		in[2 * i + 1] = r;
	}
}

static double ebur128_true_peak_db(void)
{
	ebur128_state *st = ebur128_init(2, 48000, EBUR128_MODE_TRUE_PEAK);
	double l, r;

	assert_non_null(st);
	assert_int_equal(ebur128_add_frames_float(st, out, FRAMES), EBUR128_SUCCESS);
	assert_int_equal(ebur128_true_peak(st, 0, &l), EBUR128_SUCCESS);
	assert_int_equal(ebur128_true_peak(st, 1, &r), EBUR128_SUCCESS);
	ebur128_destroy(&st);
	return db(l > r ? l : r);
}

/* 16x by sinc interpolation under a Blackman-Harris window of 2 x 64 taps. */
static double reference_true_peak_db(void)
{
	static double taps[OVERSAMPLE][2 * REF_HALF_TAPS];
	double peak = 0.0;
	uint32_t k, j, i, c;

	for (k = 0; k < OVERSAMPLE; k++)
		for (j = 0; j < 2 * REF_HALF_TAPS; j++) {
			double d = (double)k / OVERSAMPLE + REF_HALF_TAPS - 1 - (double)j;
			double u = (d + REF_HALF_TAPS) / (2.0 * REF_HALF_TAPS);
			double w = 0.35875 - 0.48829 * cos(2 * TEST_PI * u) +
				   0.14128 * cos(4 * TEST_PI * u) - 0.01168 * cos(6 * TEST_PI * u);

			taps[k][j] = (d == 0.0 ? 1.0 : sin(TEST_PI * d) / (TEST_PI * d)) * w;
		}
	for (c = 0; c < 2; c++)
		for (i = REF_HALF_TAPS; i + REF_HALF_TAPS < FRAMES; i++)
			for (k = 0; k < OVERSAMPLE; k++) {
				double acc = 0.0;

				for (j = 0; j < 2 * REF_HALF_TAPS; j++)
					acc += taps[k][j] * out[2 * (i - REF_HALF_TAPS + 1 + j) + c];
				peak = fabs(acc) > peak ? fabs(acc) : peak;
			}
	return db(peak);
}

static void check(uint32_t device, enum signal s)
{
	struct engine_box b;
	double tp4, tp16;

	make_signal(s);
	assert_int_equal(box_open(&b, 2, ADX_DSP_FLOAT32), 0);
	assert_int_equal(adx_dsp_set_device(b.engine, device), 0);
	if (s == LOUD_MUSIC)
		assert_int_equal(adx_dsp_set_volume(b.engine, ADX_DSP_VOLUME_MAX), 0);
	assert_int_equal(box_run_float(&b, in, out, FRAMES), 0);
	box_close(&b);
	tp4 = ebur128_true_peak_db();
	tp16 = reference_true_peak_db();
	print_message("%s, %s: %.2f dBTP (libebur128), %.2f dBTP (16x)\n",
		      device ? "headphone" : "speaker", signal_name[s], tp4, tp16);
	assert_true(tp4 <= CEILING_DBTP + TOLERANCE_DB);
	assert_true(tp16 <= CEILING_DBTP + TOLERANCE_DB);
}

static void output_true_peak_at_most_minus_1_dbtp(void **state)
{
	uint32_t device, s;

	(void)state;
	for (device = 0; device < ADX_DSP_DEVICE_COUNT; device++)
		for (s = 0; s < SIGNAL_COUNT; s++)
			check(device, (enum signal)s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(output_true_peak_at_most_minus_1_dbtp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
