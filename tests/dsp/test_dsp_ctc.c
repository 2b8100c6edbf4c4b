/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crosstalk cancellation, measured through an acoustic model written here,
 * apart from the design code: a rigid sphere between two point sources in
 * a plane, each path the straight line to the ear or, when the ear is in
 * the shadow, the tangent plus the arc (Woodworth), with 1/r spreading and
 * the Brown-Duda head-shadow filter at the path's incidence angle.
 *
 * The canceller's 2x2 response W(f) is measured by sending impulses through
 * adx_ctc_process() and transforming the outputs with FFTW; the ear
 * responses are E(f) = C(f) W(f). Properties:
 *  - at the design geometry, the far ear gets >= 15 dB less than the near
 *    ear between 300 Hz and 3 kHz, and >= 15 dB less crosstalk than
 *    without the canceller;
 *  - the gain of W (largest singular value) never exceeds the stated
 *    bound 1/(2 sqrt(beta)), and neither does the gain at the ears with
 *    the listener moved 5 cm or the span changed by 5 degrees;
 *  - memory stays inside the reported regions, init rejects bad arguments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

/* fftw3.h before complex.h keeps fftw_complex a double[2]. */
#include <fftw3.h>

#include <complex.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ctc.h"
#include "dsp_test_util.h"

enum {
	FRAMES = ADX_DSP_PERIOD_FRAMES,
	PERIODS = 8,               /* impulse response window: 2048 frames */
	LEN = PERIODS * FRAMES,
	NFFT = 8192,               /* zero-padded analysis */
};

static const double fs = 48000.0;
static const double c_air = 343.0;
static const double pi = 3.14159265358979323846;


/* ---- the canceller's measured response ---- */

/* w[out][in][k]: speaker out's response to input in, bins 0..NFFT/2. */
struct response {
	double complex w[2][2][NFFT / 2 + 1];
};

static void spectrum(const float *x, double complex *out)
{
	double *in = fftw_alloc_real(NFFT);
	fftw_complex *spec = fftw_alloc_complex(NFFT / 2 + 1);
	fftw_plan plan = fftw_plan_dft_r2c_1d(NFFT, in, spec, FFTW_ESTIMATE);
	memset(in, 0, NFFT * sizeof(double));
	for (uint32_t i = 0; i < LEN; i++)
		in[i] = x[i];
	fftw_execute(plan);
	for (uint32_t k = 0; k <= NFFT / 2; k++)
		out[k] = spec[k][0] + I * spec[k][1];
	fftw_destroy_plan(plan);
	fftw_free(in);
	fftw_free(spec);
}

static void measure(const struct adx_ctc_geometry *g, struct response *r)
{
	struct guarded mem, scratch;
	guarded_region_alloc(&mem, adx_ctc_persistent_bytes());
	guarded_region_alloc(&scratch, adx_ctc_scratch_bytes());
	static float y[2][LEN];
	for (uint32_t in = 0; in < 2; in++) {
		struct adx_ctc *c;
		assert_int_equal(adx_ctc_init(&c, mem.mem, mem.bytes, g,
					      (float)fs), 0);
		memset(y, 0, sizeof(y));
		y[in][0] = 1.0f;
		for (uint32_t p = 0; p < PERIODS; p++)
			adx_ctc_process(c, y[0] + p * FRAMES, y[1] + p * FRAMES,
					scratch.mem);
		for (uint32_t out = 0; out < 2; out++)
			spectrum(y[out], r->w[out][in]);
	}
	assert_true(guarded_region_release(&mem));
	assert_true(guarded_region_release(&scratch));
}

/* ---- the acoustic model ---- */

struct listener {
	double span_deg;     /* actual angle between the speakers */
	double distance_m;   /* speakers to the design head position */
	double shift_m;      /* head moved to the left (+) or right (-) */
	double radius_m;
};

/* Path from speaker to ear around a rigid sphere, and the incidence angle
 * (between the head-to-speaker direction and the ear's axis). */
static double ear_path(const struct listener *l, double sx, double sy,
		       double ear_side, double *incidence)
{
	const double a = l->radius_m;
	double vx = sx, vy = sy - l->shift_m;
	double r = hypot(vx, vy);
	double cos_inc = ear_side * vy / r;
	*incidence = acos(fmax(-1.0, fmin(1.0, cos_inc)));
	double ex = 0.0, ey = ear_side * a;          /* ear, head-relative */
	double tangent = sqrt(r * r - a * a);
	double visible = acos(a / r);
	if (*incidence <= visible)
		return hypot(vx - ex, vy - ey);
	return tangent + a * (*incidence - visible);
}

static double complex head_shadow(double incidence, double w, double a)
{
	double alpha = 1.05 + 0.95 * cos(incidence * 180.0 / 150.0);
	double x = w * a / (2.0 * c_air);
	return (1.0 + I * alpha * x) / (1.0 + I * x);
}

/* c[ear][speaker] at angular frequency w. */
static void acoustics(const struct listener *l, double w,
		      double complex c[2][2])
{
	const double half = 0.5 * l->span_deg * pi / 180.0;
	const double sx = l->distance_m * cos(half);
	const double sy[2] = { l->distance_m * sin(half),
			       -l->distance_m * sin(half) };
	for (uint32_t ear = 0; ear < 2; ear++) {
		for (uint32_t s = 0; s < 2; s++) {
			double inc;
			double path = ear_path(l, sx, sy[s], ear == 0 ? 1.0 : -1.0,
					       &inc);
			c[ear][s] = l->distance_m / path *
				    head_shadow(inc, w, l->radius_m) *
				    cexp(-I * w * path / c_air);
		}
	}
}

/* Largest singular value of a 2x2 complex matrix. */
static double matrix_gain(double complex m[2][2])
{
	double p = 0.0;
	for (uint32_t i = 0; i < 2; i++)
		for (uint32_t j = 0; j < 2; j++)
			p += creal(m[i][j] * conj(m[i][j]));
	double det = cabs(m[0][0] * m[1][1] - m[0][1] * m[1][0]);
	return sqrt(0.5 * (p + sqrt(fmax(0.0, p * p - 4.0 * det * det))));
}

static void ear_response(const struct response *r, const struct listener *l,
			 uint32_t k, double complex e[2][2])
{
	double complex c[2][2];
	acoustics(l, 2.0 * pi * fs * k / NFFT, c);
	for (uint32_t ear = 0; ear < 2; ear++)
		for (uint32_t in = 0; in < 2; in++)
			e[ear][in] = c[ear][0] * r->w[0][in][k] +
				     c[ear][1] * r->w[1][in][k];
}

static struct listener design_listener(const struct adx_ctc_geometry *g)
{
	struct listener l = { g->span_deg, g->distance_m, 0.0, g->head_radius_m };
	return l;
}

/* ---- tests ---- */

static void test_crosstalk_attenuated_15_db_from_300_hz_to_3_khz(void **state)
{
	(void)state;
	struct adx_ctc_geometry g;
	adx_ctc_geometry_default(&g);
	static struct response r;
	measure(&g, &r);
	const struct listener l = design_listener(&g);
	double worst_sep = -INFINITY, worst_gain = -INFINITY;
	for (uint32_t k = 0; k <= NFFT / 2; k++) {
		double f = fs * k / NFFT;
		if (f < 300.0 || f > 3000.0)
			continue;
		double complex e[2][2], c[2][2];
		ear_response(&r, &l, k, e);
		acoustics(&l, 2.0 * pi * f, c);
		for (uint32_t in = 0; in < 2; in++) {
			uint32_t far = 1 - in;
			double sep = 20.0 * log10(cabs(e[far][in]) / cabs(e[in][in]));
			double natural = 20.0 * log10(cabs(c[far][in]) / cabs(c[in][in]));
			worst_sep = fmax(worst_sep, sep);
			worst_gain = fmax(worst_gain, sep - natural);
		}
	}
	print_message("300 Hz-3 kHz: far/near ear at most %.1f dB; "
		      "crosstalk change vs no canceller at most %.1f dB\n",
		      worst_sep, worst_gain);
	assert_true(worst_sep <= -15.0);
	assert_true(worst_gain <= -15.0);
}

static double worst_ear_gain(const struct response *r,
			     const struct listener *l)
{
	double worst = 0.0;
	for (uint32_t k = 0; k <= NFFT / 2; k++) {
		double complex e[2][2];
		ear_response(r, l, k, e);
		worst = fmax(worst, matrix_gain(e));
	}
	return worst;
}

static double filter_gain(const struct response *r)
{
	double gain = 0.0;
	for (uint32_t k = 0; k <= NFFT / 2; k++) {
		double complex w[2][2] = { { r->w[0][0][k], r->w[0][1][k] },
					   { r->w[1][0][k], r->w[1][1][k] } };
		gain = fmax(gain, matrix_gain(w));
	}
	return gain;
}

static void test_filter_gain_never_exceeds_bound(void **state)
{
	(void)state;
	static const float betas[] = { 1e-4f, 1e-3f, 0.005f, 0.02f, 0.1f, 1.0f };
	static const float spans[] = { 10.0f, 20.0f, 60.0f };
	static struct response r;
	for (size_t i = 0; i < sizeof(betas) / sizeof(betas[0]); i++) {
		for (size_t j = 0; j < sizeof(spans) / sizeof(spans[0]); j++) {
			struct adx_ctc_geometry g;
			adx_ctc_geometry_default(&g);
			g.regularisation = betas[i];
			g.span_deg = spans[j];
			measure(&g, &r);
			double gain = filter_gain(&r);
			double bound = adx_ctc_gain_bound(&g);
			print_message("beta %.0e span %2.0f: filter gain %.2f, "
				      "bound %.2f\n", (double)betas[i],
				      (double)spans[j], gain, bound);
			assert_true(gain <= bound);
		}
	}
}

static void test_ear_gain_bounded_away_from_design_geometry(void **state)
{
	(void)state;
	struct adx_ctc_geometry g;
	adx_ctc_geometry_default(&g);
	const double bound = adx_ctc_gain_bound(&g);
	static struct response r;
	measure(&g, &r);

	const struct listener base = design_listener(&g);
	const struct listener moved[] = {
		base,
		{ base.span_deg, base.distance_m, 0.05, base.radius_m },
		{ base.span_deg, base.distance_m, -0.05, base.radius_m },
		{ base.span_deg + 5.0, base.distance_m, 0.0, base.radius_m },
		{ base.span_deg - 5.0, base.distance_m, 0.0, base.radius_m },
		{ base.span_deg, base.distance_m + 0.05, 0.0, base.radius_m },
		{ base.span_deg + 5.0, base.distance_m, 0.05, base.radius_m },
	};
	for (size_t i = 0; i < sizeof(moved) / sizeof(moved[0]); i++) {
		double gain = worst_ear_gain(&r, &moved[i]);
		print_message("span %.0f deg, shift %+.0f cm, distance %.2f m: "
			      "ear gain %.2f\n", moved[i].span_deg,
			      100.0 * moved[i].shift_m, moved[i].distance_m, gain);
		assert_true(isfinite(gain) && gain <= bound);
	}
}

static void test_other_spans_meet_attenuation_at_their_geometry(void **state)
{
	(void)state;
	static const float spans[] = { 15.0f, 25.0f, 60.0f };
	static struct response r;
	for (size_t i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
		struct adx_ctc_geometry g;
		adx_ctc_geometry_default(&g);
		g.span_deg = spans[i];
		measure(&g, &r);
		const struct listener l = design_listener(&g);
		double worst = -INFINITY;
		for (uint32_t k = 0; k <= NFFT / 2; k++) {
			double f = fs * k / NFFT;
			if (f < 300.0 || f > 3000.0)
				continue;
			double complex e[2][2];
			ear_response(&r, &l, k, e);
			worst = fmax(worst, 20.0 * log10(cabs(e[1][0]) / cabs(e[0][0])));
		}
		print_message("span %.0f deg: far/near at most %.1f dB\n",
			      spans[i], worst);
		assert_true(worst <= -15.0);
	}
}

static void test_stays_inside_memory_and_resets_to_silence(void **state)
{
	(void)state;
	struct adx_ctc_geometry g;
	adx_ctc_geometry_default(&g);
	struct guarded mem, scratch;
	guarded_region_alloc(&mem, adx_ctc_persistent_bytes());
	guarded_region_alloc(&scratch, adx_ctc_scratch_bytes());
	struct adx_ctc *c;
	assert_int_equal(adx_ctc_init(&c, mem.mem, mem.bytes, &g, (float)fs), 0);
	float l[FRAMES], r[FRAMES];
	struct rng seed = { 1 };
	for (uint32_t p = 0; p < 2000; p++) {
		for (uint32_t t = 0; t < FRAMES; t++) {
			l[t] = rng_noise(&seed);
			r[t] = -l[t] * 0.5f;
		}
		adx_ctc_process(c, l, r, scratch.mem);
	}
	adx_ctc_reset(c);
	for (uint32_t p = 0; p < 5; p++) {
		memset(l, 0, sizeof(l));
		memset(r, 0, sizeof(r));
		adx_ctc_process(c, l, r, scratch.mem);
		for (uint32_t t = 0; t < FRAMES; t++)
			assert_true(l[t] == 0.0f && r[t] == 0.0f);
	}
	assert_true(guarded_region_release(&mem));
	assert_true(guarded_region_release(&scratch));
}

static void test_init_rejects_bad_arguments(void **state)
{
	(void)state;
	struct adx_ctc_geometry g, bad;
	adx_ctc_geometry_default(&g);
	size_t bytes = adx_ctc_persistent_bytes();
	struct guarded mem;
	guarded_region_alloc(&mem, bytes + ADX_CTC_ALIGN);
	struct adx_ctc *c = NULL;
	const float rate = (float)fs;
	assert_int_equal(adx_ctc_init(&c, mem.mem, bytes - 1, &g, rate), -EINVAL);
	assert_int_equal(adx_ctc_init(&c, (uint8_t *)mem.mem + 8, bytes, &g, rate),
			 -EINVAL);
	assert_int_equal(adx_ctc_init(&c, NULL, bytes, &g, rate), -EINVAL);
	assert_int_equal(adx_ctc_init(NULL, mem.mem, bytes, &g, rate), -EINVAL);
	assert_int_equal(adx_ctc_init(&c, mem.mem, bytes, NULL, rate), -EINVAL);
	assert_int_equal(adx_ctc_init(&c, mem.mem, bytes, &g, 1000.0f), -EINVAL);
	const struct { float *field; float value; } cases[] = {
		{ &bad.span_deg, 0.0f }, { &bad.span_deg, 120.0f },
		{ &bad.distance_m, 0.05f }, { &bad.head_radius_m, 0.0f },
		{ &bad.regularisation, 0.0f }, { &bad.regularisation, NAN },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		bad = g;
		*cases[i].field = cases[i].value;
		assert_int_equal(adx_ctc_init(&c, mem.mem, bytes, &bad, rate),
				 -EINVAL);
	}
	assert_null(c);
	assert_int_equal(adx_ctc_init(&c, mem.mem, bytes, &g, rate), 0);
	assert_non_null(c);
	assert_true(guarded_region_release(&mem));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_crosstalk_attenuated_15_db_from_300_hz_to_3_khz),
		cmocka_unit_test(test_filter_gain_never_exceeds_bound),
		cmocka_unit_test(test_ear_gain_bounded_away_from_design_geometry),
		cmocka_unit_test(test_other_spans_meet_attenuation_at_their_geometry),
		cmocka_unit_test(test_stays_inside_memory_and_resets_to_silence),
		cmocka_unit_test(test_init_rejects_bad_arguments),
	};
	print_message("CTC: persistent %zu bytes, scratch %zu bytes\n",
		      adx_ctc_persistent_bytes(), adx_ctc_scratch_bytes());
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	fftw_cleanup();
	return failed;
}
