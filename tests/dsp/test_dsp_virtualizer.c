/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Headphone virtualiser, measured against formulas:
 *  - partitioned FFT convolution equals direct time-domain convolution (in
 *    double precision, here) with the same HRIRs, for 2, 6 and 8 channels;
 *  - a source at +30 degrees reaches the far ear later by the Woodworth ITD
 *    (a/c)(theta + sin theta), measured by cross-correlation with parabolic
 *    peak interpolation, and louder at the near ear above 3 kHz;
 *  - its group-delay ITD is Kuhn's 3 (a/c) sin theta at low frequencies and
 *    Woodworth's at high ones, as for a rigid sphere;
 *  - the engine stays inside the memory it reported (guard bytes), init
 *    rejects bad arguments, reset returns the state to silence.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fftw3.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtualizer.h"
#include "dsp_test_util.h"

enum {
	FRAMES = ADX_DSP_PERIOD_FRAMES,
	MAX_CHANNELS = 8,
};

static const float fs = 48000.0f;

static double noise(uint32_t *seed)
{
	*seed = *seed * 1664525u + 1013904223u;
	return (double)(*seed >> 8) / 8388608.0 - 1.0;
}

struct rig {
	struct guarded persistent, scratch;
	struct adx_virt *v;
	uint32_t channels;
};

static void rig_open(struct rig *r, uint32_t channels,
		     const struct adx_virt_geometry *g)
{
	r->channels = channels;
	guarded_region_alloc(&r->persistent, adx_virt_persistent_bytes(channels));
	guarded_region_alloc(&r->scratch, adx_virt_scratch_bytes(channels));
	assert_int_equal(adx_virt_init(&r->v, r->persistent.mem,
				       r->persistent.bytes, channels, g, fs), 0);
}

static void rig_close(struct rig *r)
{
	assert_true(guarded_region_release(&r->persistent));
	assert_true(guarded_region_release(&r->scratch));
}

/* Runs `periods` periods of planar input x[c][t] into ears y[2][t]. */
static void rig_run(struct rig *r, float *const *x, float *const *y,
		    uint32_t periods)
{
	for (uint32_t p = 0; p < periods; p++) {
		const float *in[MAX_CHANNELS];
		for (uint32_t c = 0; c < r->channels; c++)
			in[c] = x[c] + (size_t)p * FRAMES;
		adx_virt_process(r->v, in, y[0] + (size_t)p * FRAMES,
				 y[1] + (size_t)p * FRAMES, r->scratch.mem);
	}
}

static void check_against_direct_convolution(uint32_t channels)
{
	enum { PERIODS = 10, LEN = PERIODS * FRAMES };
	struct adx_virt_geometry g;
	adx_virt_geometry_default(&g);
	struct rig r;
	rig_open(&r, channels, &g);

	float *x[MAX_CHANNELS], *y[2];
	uint32_t seed = 99 + channels;
	for (uint32_t c = 0; c < channels; c++) {
		x[c] = malloc(LEN * sizeof(float));
		for (uint32_t t = 0; t < LEN; t++)
			x[c][t] = (float)noise(&seed);
	}
	for (uint32_t e = 0; e < 2; e++)
		y[e] = malloc(LEN * sizeof(float));
	rig_run(&r, x, y, PERIODS);

	double *want = calloc(LEN, sizeof(double));
	float *h = malloc(ADX_HRIR_TAPS * sizeof(float));
	for (uint32_t e = 0; e < 2; e++) {
		memset(want, 0, LEN * sizeof(double));
		for (uint32_t c = 0; c < channels; c++) {
			assert_int_equal(adx_virt_channel_hrir(&g, fs, channels,
							       c, e, h), 0);
			for (uint32_t t = 0; t < LEN; t++)
				for (uint32_t k = 0; k < ADX_HRIR_TAPS && k <= t; k++)
					want[t] += (double)h[k] * x[c][t - k];
		}
		double power = 0.0, worst = 0.0;
		for (uint32_t t = 0; t < LEN; t++) {
			power += want[t] * want[t];
			worst = fmax(worst, fabs(y[e][t] - want[t]));
		}
		double rms = sqrt(power / LEN);
		print_message("%u ch ear %u: max error %.3g of rms %.3g\n",
			      channels, e, worst / rms, rms);
		assert_true(worst <= 1e-5 * rms);
	}
	free(h);
	free(want);
	for (uint32_t c = 0; c < channels; c++)
		free(x[c]);
	free(y[0]);
	free(y[1]);
	rig_close(&r);
}

static void test_partitioned_convolution_equals_direct_convolution(void **state)
{
	(void)state;
	check_against_direct_convolution(2);
	check_against_direct_convolution(6);
	check_against_direct_convolution(8);
}

/* Ear impulse responses of the 2.0 virtualiser to a click in one channel. */
static void ear_responses(const struct adx_virt_geometry *g, uint32_t channel,
			  float *left, float *right, uint32_t periods)
{
	struct rig r;
	rig_open(&r, 2, g);
	size_t len = (size_t)periods * FRAMES;
	float *x[2] = { calloc(len, sizeof(float)), calloc(len, sizeof(float)) };
	x[channel][0] = 1.0f;
	float *y[2] = { left, right };
	rig_run(&r, x, y, periods);
	free(x[0]);
	free(x[1]);
	rig_close(&r);
}

/* Lag (frames) of b behind a at the cross-correlation peak, interpolated
 * by the parabola through the peak and its neighbours. */
static double xcorr_lag(const float *a, const float *b, uint32_t len,
			int32_t max_lag)
{
	double best = -INFINITY, r[3] = { 0 };
	int32_t best_lag = 0;
	for (int32_t lag = -max_lag; lag <= max_lag; lag++) {
		double s = 0.0;
		for (int32_t t = 0; t < (int32_t)len; t++)
			if (t + lag >= 0 && t + lag < (int32_t)len)
				s += (double)a[t] * b[t + lag];
		if (s > best) {
			best = s;
			best_lag = lag;
		}
	}
	for (int32_t i = -1; i <= 1; i++) {
		int32_t lag = best_lag + i;
		for (int32_t t = 0; t < (int32_t)len; t++)
			if (t + lag >= 0 && t + lag < (int32_t)len)
				r[i + 1] += (double)a[t] * b[t + lag];
	}
	return best_lag + 0.5 * (r[0] - r[2]) / (r[0] - 2.0 * r[1] + r[2]);
}

/* Energy of x between f_lo and f_hi (Hz), by FFTW. */
static double band_energy(const float *x, uint32_t len, double f_lo,
			  double f_hi)
{
	double *in = fftw_alloc_real(len);
	fftw_complex *out = fftw_alloc_complex(len / 2 + 1);
	fftw_plan plan = fftw_plan_dft_r2c_1d((int)len, in, out, FFTW_ESTIMATE);
	for (uint32_t i = 0; i < len; i++)
		in[i] = x[i];
	fftw_execute(plan);
	double e = 0.0;
	for (uint32_t k = 0; k <= len / 2; k++) {
		double f = k * (double)fs / len;
		if (f >= f_lo && f <= f_hi)
			e += out[k][0] * out[k][0] + out[k][1] * out[k][1];
	}
	fftw_destroy_plan(plan);
	fftw_free(in);
	fftw_free(out);
	return e;
}

static void test_source_at_30_degrees_has_woodworth_itd(void **state)
{
	(void)state;
	enum { PERIODS = 4, LEN = PERIODS * FRAMES };
	struct adx_virt_geometry g;
	adx_virt_geometry_default(&g);
	g.room_gain = 0.0f; /* the direct sound alone */
	float *left = malloc(LEN * sizeof(float)), *right = malloc(LEN * sizeof(float));

	const double theta = 30.0 * 3.14159265358979323846 / 180.0;
	const double woodworth = g.head_radius_m / ADX_SPEED_OF_SOUND *
				 (theta + sin(theta));
	ear_responses(&g, 0, left, right, PERIODS);
	double itd = xcorr_lag(left, right, LEN, 64) / fs;
	print_message("L at +30: ITD %.1f us, Woodworth %.1f us (%+.1f%%)\n",
		      itd * 1e6, woodworth * 1e6, 100.0 * (itd / woodworth - 1.0));
	assert_true(fabs(itd - woodworth) <= 0.1 * woodworth);

	double ild = 10.0 * log10(band_energy(left, LEN, 3000.0, 16000.0) /
				  band_energy(right, LEN, 3000.0, 16000.0));
	print_message("L at +30: near-ear level 3-16 kHz %+.1f dB\n", ild);
	assert_true(ild > 0.0);

	/* The right speaker mirrors it: the right ear leads by the same ITD. */
	ear_responses(&g, 1, left, right, PERIODS);
	double mirrored = xcorr_lag(right, left, LEN, 64) / fs;
	assert_true(fabs(mirrored - woodworth) <= 0.1 * woodworth);
	free(left);
	free(right);
}

/*
 * Interaural delay from the slope of the cross-spectrum phase between f_lo
 * and f_hi (least squares on the unwrapped phase from DC up).
 */
static double group_delay_itd(const float *near, const float *far,
			      uint32_t len, double f_lo, double f_hi)
{
	enum { NFFT = 1 << 15 };
	const double two_pi = 2.0 * 3.14159265358979323846;
	double *in = fftw_alloc_real(NFFT);
	fftw_complex *a = fftw_alloc_complex(NFFT / 2 + 1);
	fftw_complex *b = fftw_alloc_complex(NFFT / 2 + 1);
	fftw_plan pa = fftw_plan_dft_r2c_1d(NFFT, in, a, FFTW_ESTIMATE);
	fftw_plan pb = fftw_plan_dft_r2c_1d(NFFT, in, b, FFTW_ESTIMATE);
	memset(in, 0, NFFT * sizeof(double));
	for (uint32_t i = 0; i < len; i++)
		in[i] = near[i];
	fftw_execute(pa);
	for (uint32_t i = 0; i < len; i++)
		in[i] = far[i];
	fftw_execute(pb);
	double prev = 0.0, unwrapped = 0.0;
	double sw = 0.0, sp = 0.0, sww = 0.0, swp = 0.0, count = 0.0;
	for (uint32_t k = 1; k * (double)fs / NFFT <= f_hi; k++) {
		/* phase of far * conj(near) */
		double re = b[k][0] * a[k][0] + b[k][1] * a[k][1];
		double im = b[k][1] * a[k][0] - b[k][0] * a[k][1];
		double phase = atan2(im, re), step = phase - prev;
		step -= two_pi * round(step / two_pi);
		unwrapped += step;
		prev = phase;
		double w = two_pi * k * (double)fs / NFFT;
		if (k * (double)fs / NFFT >= f_lo) {
			sw += w;
			sp += unwrapped;
			sww += w * w;
			swp += w * unwrapped;
			count += 1.0;
		}
	}
	fftw_destroy_plan(pa);
	fftw_destroy_plan(pb);
	fftw_free(in);
	fftw_free(a);
	fftw_free(b);
	return -(count * swp - sw * sp) / (count * sww - sw * sw);
}

/*
 * The spherical head's interaural delay depends on frequency: about
 * 3 (a/c) sin(theta) at low frequencies (Kuhn, 1977) and the ray-acoustic
 * Woodworth value at high ones. The Brown-Duda model reproduces both.
 */
static void test_itd_follows_kuhn_at_low_and_woodworth_at_high_frequency(void **state)
{
	(void)state;
	enum { PERIODS = 8, LEN = PERIODS * FRAMES };
	struct adx_virt_geometry g;
	adx_virt_geometry_default(&g);
	g.room_gain = 0.0f;
	float *left = malloc(LEN * sizeof(float)), *right = malloc(LEN * sizeof(float));
	ear_responses(&g, 0, left, right, PERIODS);
	const double theta = 30.0 * 3.14159265358979323846 / 180.0;
	const double a_c = g.head_radius_m / ADX_SPEED_OF_SOUND;
	const double kuhn = 3.0 * a_c * sin(theta);
	const double woodworth = a_c * (theta + sin(theta));
	double low = group_delay_itd(left, right, LEN, 100.0, 300.0);
	double high = group_delay_itd(left, right, LEN, 3000.0, 10000.0);
	print_message("group-delay ITD 100-300 Hz %.1f us (Kuhn %.1f), "
		      "3-10 kHz %.1f us (Woodworth %.1f)\n", low * 1e6,
		      kuhn * 1e6, high * 1e6, woodworth * 1e6);
	assert_true(fabs(low - kuhn) <= 0.1 * kuhn);
	assert_true(fabs(high - woodworth) <= 0.1 * woodworth);
	free(left);
	free(right);
}

static void check_guards_after_long_run(uint32_t channels)
{
	enum { PERIODS = 2000 }; /* about 10.7 s of audio */
	struct adx_virt_geometry g;
	adx_virt_geometry_default(&g);
	struct rig r;
	rig_open(&r, channels, &g);
	float x[MAX_CHANNELS][FRAMES], y[2][FRAMES];
	const float *in[MAX_CHANNELS];
	uint32_t seed = 7;
	for (uint32_t c = 0; c < channels; c++)
		in[c] = x[c];
	for (uint32_t p = 0; p < PERIODS; p++) {
		for (uint32_t c = 0; c < channels; c++)
			for (uint32_t t = 0; t < FRAMES; t++)
				x[c][t] = (float)noise(&seed);
		adx_virt_process(r.v, in, y[0], y[1], r.scratch.mem);
	}
	for (uint32_t t = 0; t < FRAMES; t++)
		assert_true(isfinite(y[0][t]) && isfinite(y[1][t]));
	rig_close(&r);
}

static void test_stays_inside_reported_memory(void **state)
{
	(void)state;
	check_guards_after_long_run(2);
	check_guards_after_long_run(6);
	check_guards_after_long_run(8);
}

static void test_reset_returns_to_silence(void **state)
{
	(void)state;
	struct adx_virt_geometry g;
	adx_virt_geometry_default(&g);
	struct rig r;
	rig_open(&r, 6, &g);
	float x[6][FRAMES], y[2][FRAMES];
	const float *in[6];
	uint32_t seed = 3;
	for (uint32_t c = 0; c < 6; c++) {
		in[c] = x[c];
		for (uint32_t t = 0; t < FRAMES; t++)
			x[c][t] = (float)noise(&seed);
	}
	adx_virt_process(r.v, in, y[0], y[1], r.scratch.mem);
	adx_virt_reset(r.v);
	memset(x, 0, sizeof(x));
	for (uint32_t p = 0; p < 5; p++) {
		adx_virt_process(r.v, in, y[0], y[1], r.scratch.mem);
		for (uint32_t t = 0; t < FRAMES; t++)
			assert_true(y[0][t] == 0.0f && y[1][t] == 0.0f);
	}
	rig_close(&r);
}

static void test_init_rejects_bad_arguments(void **state)
{
	(void)state;
	struct adx_virt_geometry g, bad;
	adx_virt_geometry_default(&g);
	struct adx_virt *v = NULL;
	size_t bytes = adx_virt_persistent_bytes(8);
	struct guarded mem;
	guarded_region_alloc(&mem, bytes + ADX_VIRT_ALIGN);

	for (uint32_t ch = 0; ch <= 9; ch++) {
		if (ch == 2 || ch == 6 || ch == 8)
			continue;
		assert_int_equal(adx_virt_persistent_bytes(ch), 0);
		assert_int_equal(adx_virt_scratch_bytes(ch), 0);
		assert_int_equal(adx_virt_init(&v, mem.mem, bytes, ch, &g, fs), -EINVAL);
	}
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes - 1, 8, &g, fs), -EINVAL);
	assert_int_equal(adx_virt_init(&v, (uint8_t *)mem.mem + 4, bytes, 8, &g, fs),
			 -EINVAL);
	assert_int_equal(adx_virt_init(&v, NULL, bytes, 8, &g, fs), -EINVAL);
	assert_int_equal(adx_virt_init(NULL, mem.mem, bytes, 8, &g, fs), -EINVAL);
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, NULL, fs), -EINVAL);
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &g, 0.0f), -EINVAL);
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &g, NAN), -EINVAL);
	bad = g;
	bad.head_radius_m = 0.3f;
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &bad, fs), -EINVAL);
	bad = g;
	bad.room_gain = NAN;
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &bad, fs), -EINVAL);
	bad = g;
	bad.speaker_distance_m = 3.0f;
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &bad, fs), -EINVAL);
	bad = g;
	bad.lfe_gain = -1.0f;
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &bad, fs), -EINVAL);
	assert_null(v);
	/* The exact size is enough. */
	assert_int_equal(adx_virt_init(&v, mem.mem, bytes, 8, &g, fs), 0);
	assert_non_null(v);
	assert_true(guarded_region_release(&mem));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_partitioned_convolution_equals_direct_convolution),
		cmocka_unit_test(test_source_at_30_degrees_has_woodworth_itd),
		cmocka_unit_test(test_itd_follows_kuhn_at_low_and_woodworth_at_high_frequency),
		cmocka_unit_test(test_stays_inside_reported_memory),
		cmocka_unit_test(test_reset_returns_to_silence),
		cmocka_unit_test(test_init_rejects_bad_arguments),
	};
	for (uint32_t ch = 2; ch <= 8; ch++)
		if (adx_virt_persistent_bytes(ch))
			print_message("%u ch: persistent %zu bytes, scratch %zu bytes\n",
				      ch, adx_virt_persistent_bytes(ch),
				      adx_virt_scratch_bytes(ch));
	return cmocka_run_group_tests(tests, NULL, NULL);
}
