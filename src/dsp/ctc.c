/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Crosstalk canceller: regularised inverse of the spherical-head 2x2
 * acoustic matrix, designed at init in the frequency domain, run as two
 * sum/difference FIRs on the shared convolver (spatial_conv.h).
 *
 * Design: on a DESIGN_N-point grid (twice the FIR length, so the inverse's
 * decaying tail has room before it would wrap around), each of
 *     W_sum = conj(S) / (|S|^2 + beta),  W_dif = conj(D) / (|D|^2 + beta),
 * times the modelling delay e^{-i w L}, is transformed to the time domain
 * and its first ADX_CTC_TAPS taps are kept. Streams l + r and l - r through
 * W_sum / 2 and W_dif / 2 give left = A + B, right = A - B, i.e. the matrix
 * W = (C^H C + beta I)^-1 C^H applied to (l, r).
 *
 * Persistent layout: struct adx_ctc (rounded to 16) | convolver region,
 * whose init area holds the design transform's table and buffer at init.
 */
#include "ctc.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <math.h>

#include "fft.h"
#include "hrir.h"
#include "spatial_conv.h"

#define PI_F 3.14159265358979f
#define DESIGN_HEADROOM 1.1f   /* designed peak gain = bound / 1.1 */

enum {
	BLOCK = ADX_SCONV_BLOCK,
	PARTITIONS = ADX_CTC_TAPS / BLOCK,
	DESIGN_N = 2 * ADX_CTC_TAPS,
	DESIGN_BINS = DESIGN_N / 2,
};

_Static_assert(ADX_CTC_TAPS % BLOCK == 0, "FIR must be whole partitions");
_Static_assert(ADX_CTC_LATENCY_FRAMES < ADX_CTC_TAPS / 2, "room for the tail");
_Static_assert(ADX_CTC_ALIGN == ADX_SCONV_ALIGN, "one alignment");

struct adx_ctc {
	struct adx_sconv conv;
};

/* The design area: the DESIGN_N transform's table, a spectrum buffer and
 * the inverse transform's output. */
static size_t design_table_bytes(void)
{
	return (adx_fft_table_bytes(DESIGN_N) + ADX_CTC_ALIGN - 1) &
	       ~(size_t)(ADX_CTC_ALIGN - 1);
}

static size_t design_bytes(void)
{
	return design_table_bytes() + 2 * DESIGN_N * sizeof(float);
}

static size_t header_bytes(void)
{
	return (sizeof(struct adx_ctc) + ADX_CTC_ALIGN - 1) &
	       ~(size_t)(ADX_CTC_ALIGN - 1);
}

size_t adx_ctc_persistent_bytes(void)
{
	return header_bytes() + adx_sconv_bytes(2, 2, PARTITIONS, design_bytes());
}

size_t adx_ctc_scratch_bytes(void)
{
	return adx_sconv_scratch_bytes();
}

void adx_ctc_geometry_default(struct adx_ctc_geometry *g)
{
	g->span_deg = 20.0f;
	g->distance_m = 0.5f;
	g->head_radius_m = 0.0875f;
	g->regularisation = 0.005f;
}

float adx_ctc_gain_bound(const struct adx_ctc_geometry *g)
{
	/* max over x >= 0 of x / (x^2 + beta), at x = sqrt(beta) */
	return 0.5f / sqrtf(g->regularisation);
}

static bool in_range(float x, float lo, float hi)
{
	return x >= lo && x <= hi; /* false for NaN */
}

static bool geometry_valid(const struct adx_ctc_geometry *g, float fs)
{
	return g && in_range(g->span_deg, 5.0f, 90.0f) &&
	       in_range(g->distance_m, 0.2f, 5.0f) &&
	       in_range(g->head_radius_m, 0.05f, 0.12f) &&
	       in_range(g->regularisation, 1e-4f, 1.0f) &&
	       in_range(fs, 8000.0f, 192000.0f);
}

struct complexf {
	float re, im;
};

static struct complexf cmul(struct complexf a, struct complexf b)
{
	return (struct complexf){ a.re * b.re - a.im * b.im,
				  a.re * b.im + a.im * b.re };
}

static struct complexf expi(float phase)
{
	return (struct complexf){ cosf(phase), sinf(phase) };
}

/*
 * One ear's path at angular frequency w, relative to the head centre:
 * Brown-Duda shadow, delay and 1/r spreading along the path (the near
 * ear is a few centimetres closer, which matters at 0.5 m).
 */
static struct complexf ear_path(const struct adx_ctc_geometry *g,
				float incidence, float w)
{
	const float w0 = ADX_SPEED_OF_SOUND / g->head_radius_m;
	const float alpha = adx_head_shadow_alpha(incidence);
	const float path = adx_head_path_m(g->head_radius_m, g->distance_m,
					   incidence);
	const float delay = (path - g->distance_m) / ADX_SPEED_OF_SOUND;
	const float spread = g->distance_m / path;
	/* (1 + i alpha x) / (1 + i x), x = w / (2 w0) */
	const float x = w / (2.0f * w0);
	const float den = 1.0f + x * x;
	struct complexf shadow = { spread * (1.0f + alpha * x * x) / den,
				   spread * (alpha - 1.0f) * x / den };
	return cmul(shadow, expi(-w * delay));
}

/*
 * beta-regularised inverse conj(h) / (|h|^2 + beta), whose magnitude peaks
 * at 1 / (2 sqrt(beta)). The design uses beta * DESIGN_HEADROOM^2, putting
 * that peak 0.8 dB under the stated bound: truncating the response to
 * ADX_CTC_TAPS and its two-sided low-frequency ringing around the
 * modelling delay add a few per cent of ripple, which must not cross it.
 */
static struct complexf regularised_inverse(struct complexf h, float beta)
{
	float den = h.re * h.re + h.im * h.im + beta;
	return (struct complexf){ h.re / den, -h.im / den };
}

/*
 * Fills the design buffer (split spectrum layout of fft.h) with W_sum
 * (sign +1) or W_dif (sign -1) times the modelling delay.
 */
static void design_spectrum(const struct adx_ctc_geometry *g, float fs,
			    float sign, float *re, float *im)
{
	const float half_span = 0.5f * g->span_deg * (PI_F / 180.0f);
	const float ipsi = 0.5f * PI_F - half_span, contra = 0.5f * PI_F + half_span;
	const float beta = g->regularisation * DESIGN_HEADROOM * DESIGN_HEADROOM;
	for (uint32_t k = 0; k <= DESIGN_BINS; k++) {
		const float w = 2.0f * PI_F * fs * (float)k / (float)DESIGN_N;
		struct complexf hi = ear_path(g, ipsi, w);
		struct complexf hc = ear_path(g, contra, w);
		struct complexf h = { hi.re + sign * hc.re, hi.im + sign * hc.im };
		struct complexf wk = cmul(regularised_inverse(h, beta),
					  expi(-w * (float)ADX_CTC_LATENCY_FRAMES / fs));
		if (k == 0) {
			re[0] = wk.re;
		} else if (k == DESIGN_BINS) {
			im[0] = wk.re; /* a real filter's Nyquist bin is real */
		} else {
			re[k] = wk.re;
			im[k] = wk.im;
		}
	}
}

/*
 * Transforms the design spectrum in buf to taps and leaves the first
 * ADX_CTC_TAPS, in order and scaled by k, at the start of buf (the
 * spectrum is consumed by then). out receives the split samples.
 */
static float *design_taps(const struct adx_fft *fft, float *buf, float *out,
			  float k)
{
	adx_fft_real_inverse(fft, buf, buf + DESIGN_BINS, out, out + DESIGN_BINS);
	for (uint32_t j = 0; j < ADX_CTC_TAPS / 2; j++) {
		buf[2 * j] = out[j] * k;
		buf[2 * j + 1] = out[DESIGN_BINS + j] * k;
	}
	return buf;
}

static void design_filters(struct adx_ctc *c,
			   const struct adx_ctc_geometry *g, float fs,
			   uint8_t *area)
{
	struct adx_fft fft;
	float *buf = (float *)(area + design_table_bytes());
	float *out = buf + DESIGN_N;
	/* Exact table size for a supported transform size: cannot fail. */
	adx_fft_init(&fft, DESIGN_N, area, design_table_bytes());
	/* 1/2 of the sum/difference form, 1/N of each inverse transform */
	const float k = 0.5f / ((float)DESIGN_N * (float)ADX_SCONV_FFT);
	for (uint32_t f = 0; f < 2; f++) {
		design_spectrum(g, fs, f == 0 ? 1.0f : -1.0f, buf,
				buf + DESIGN_BINS);
		adx_sconv_set_filter(&c->conv, f, f,
				     design_taps(&fft, buf, out, k));
	}
}

int adx_ctc_init(struct adx_ctc **out, void *persistent, size_t bytes,
		 const struct adx_ctc_geometry *geometry, float sample_rate)
{
	if (!out || !persistent || !geometry_valid(geometry, sample_rate) ||
	    (uintptr_t)persistent % ADX_CTC_ALIGN != 0 ||
	    bytes < adx_ctc_persistent_bytes())
		return -EINVAL;
	struct adx_ctc *c = persistent;
	uint8_t *area = adx_sconv_init(&c->conv, (uint8_t *)persistent +
				       header_bytes(), 2, 2, PARTITIONS,
				       design_bytes());
	design_filters(c, geometry, sample_rate, area);
	adx_sconv_reset(&c->conv);
	*out = c;
	return 0;
}

void adx_ctc_reset(struct adx_ctc *c)
{
	adx_sconv_reset(&c->conv);
}

void adx_ctc_process(struct adx_ctc *c, float *left, float *right,
		     void *scratch)
{
	adx_sconv_advance(&c->conv);
	adx_sconv_load(&c->conv, 0, left, right, 1.0f, scratch);
	adx_sconv_load(&c->conv, 1, left, right, -1.0f, scratch);
	adx_sconv_process(&c->conv, left, right, scratch);
}
