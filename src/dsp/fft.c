/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Decimation-in-time FFT on split complex arrays, and the real transform
 * built on the half-size complex one (fft.h).
 *
 * Complex size m = n/2. The input is read in bit-reversed order and the
 * first two stages (twiddles 1 and -i) run on the way in; later stages go
 * two at a time (radix 4), the last alone if log2 m is odd. Each stage from
 * half-length 4 up reads its twiddles contiguously, so its butterflies run
 * four lanes at a time as straight element-wise code.
 *
 * Table layout: stage twiddles (re, then im), post-pass twiddles (re, then
 * im), then the bit-reversal permutation of m as uint16.
 *
 * The inverse transform is the forward one with the real and imaginary
 * arrays exchanged: swapping parts maps x to i conj(x), and
 * swap(FFT(i conj x)) = IFFT(x), so no second code path or sign is needed.
 */
#include "fft.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>

enum { VECTOR = 4 }; /* lanes per inner block; stages from h = 4 use them */

static bool is_supported_size(uint32_t n)
{
	return n >= ADX_FFT_MIN_SIZE && n <= ADX_FFT_MAX_SIZE &&
	       (n & (n - 1)) == 0;
}

static size_t stage_floats(uint32_t n)
{
	return (size_t)n / 2 - VECTOR; /* sum of h for h = 4 .. n/4 */
}

static size_t post_floats(uint32_t n)
{
	return (size_t)n / 4 + 1;
}

size_t adx_fft_table_bytes(uint32_t n)
{
	if (!is_supported_size(n))
		return 0;
	return 2 * (stage_floats(n) + post_floats(n)) * sizeof(float) +
	       (size_t)n / 2 * sizeof(uint16_t);
}

/* e^{-i pi k / half} for k < count, computed in double so the table is
 * within half an ulp: table error bounds the accuracy at large n. */
static void fill_twiddles(float *re, float *im, uint32_t count, double half)
{
	const double pi = 3.14159265358979323846;
	for (uint32_t k = 0; k < count; k++) {
		re[k] = (float)cos(pi * k / half);
		im[k] = (float)-sin(pi * k / half);
	}
}

static void fill_bitrev(uint16_t *bitrev, uint32_t m)
{
	uint32_t bits = 0;
	while ((1u << bits) < m)
		bits++;
	for (uint32_t i = 0; i < m; i++) {
		uint32_t r = 0;
		for (uint32_t b = 0; b < bits; b++)
			r |= ((i >> b) & 1u) << (bits - 1 - b);
		bitrev[i] = (uint16_t)r;
	}
}

int adx_fft_init(struct adx_fft *f, uint32_t n, void *table, size_t bytes)
{
	if (!f || !table || !is_supported_size(n) ||
	    (uintptr_t)table % sizeof(float) != 0 ||
	    bytes < adx_fft_table_bytes(n))
		return -EINVAL;
	float *stage_re = table, *stage_im = stage_re + stage_floats(n);
	float *post_re = stage_im + stage_floats(n);
	float *post_im = post_re + post_floats(n);
	uint16_t *bitrev = (uint16_t *)(post_im + post_floats(n));
	for (uint32_t half = VECTOR; half < n / 2; half *= 2)
		fill_twiddles(stage_re + half - VECTOR, stage_im + half - VECTOR,
			      half, half);
	fill_twiddles(post_re, post_im, (uint32_t)post_floats(n), n / 2.0);
	fill_bitrev(bitrev, n / 2);
	*f = (struct adx_fft){ n, stage_re, stage_im, post_re, post_im, bitrev };
	return 0;
}

/*
 * The first two stages as one size-4 DFT per group of four: twiddles 1
 * and -i, so no multiplications. Inputs z0..z3 are those of bit-reversed
 * positions i .. i+3; the results go to re[0..3], im[0..3].
 */
static inline void dft4(float *re, float *im, float z0r, float z0i, float z1r,
			float z1i, float z2r, float z2i, float z3r, float z3i)
{
	float ar = z0r + z1r, ai = z0i + z1i, br = z0r - z1r, bi = z0i - z1i;
	float cr = z2r + z3r, ci = z2i + z3i, dr = z2r - z3r, di = z2i - z3i;
	re[0] = ar + cr;
	im[0] = ai + ci;
	re[2] = ar - cr;
	im[2] = ai - ci;
	re[1] = br + di;  /* b + (-i) d */
	im[1] = bi - dr;
	re[3] = br - di;
	im[3] = bi + dr;
}

/*
 * Bit-reversed load of m complex values plus the first pass. For i a
 * multiple of 4, r = rev(i) < m/4 and rev(i+1), rev(i+2), rev(i+3) are
 * r + m/2, r + m/4, r + 3m/4.
 */
static void load_first_pass(const struct adx_fft *f, const float *in_re,
			    const float *in_im, float *re, float *im)
{
	const uint32_t m = f->n / 2, q = m / 4;
	for (uint32_t i = 0; i < m; i += 4) {
		const uint32_t r = f->bitrev[i];
		dft4(re + i, im + i, in_re[r], in_im[r], in_re[r + 2 * q],
		     in_im[r + 2 * q], in_re[r + q], in_im[r + q],
		     in_re[r + 3 * q], in_im[r + 3 * q]);
	}
}

/*
 * The same for real samples x = [first | second] read as z[j] = x[2j] +
 * i x[2j+1]: z[r] and z[r + m/4] lie in the first half, z[r + m/2] and
 * z[r + 3m/4] at the same places in the second.
 */
static void load_real_first_pass(const struct adx_fft *f, const float *first,
				 const float *second, float *re, float *im)
{
	const uint32_t m = f->n / 2, quarter = m / 2; /* m/4 values, in floats */
	for (uint32_t i = 0; i < m; i += 4) {
		const uint32_t j = 2u * f->bitrev[i];
		dft4(re + i, im + i, first[j], first[j + 1], second[j],
		     second[j + 1], first[j + quarter], first[j + quarter + 1],
		     second[j + quarter], second[j + quarter + 1]);
	}
}

/*
 * Stages h and 2h at once on VECTOR lanes (k .. k+3 of a block of 4h),
 * with x_j at offset j h: after stage h (twiddle w = e^{-i pi k/h})
 *   y0, y1 = x0 +- w x1,   y2, y3 = x2 +- w x3,
 * and after stage 2h (twiddle v = e^{-i pi k/(2h)}, and -i v for k + h)
 *   z0, z2 = y0 +- v y2,   z1, z3 = y1 +- (-i v) y3.
 * Half the loads and stores of two radix-2 passes. A fixed lane count is
 * what lets an -O2 compiler emit one SIMD operation per line.
 */
static inline void radix4_lanes(float *restrict r0, float *restrict i0,
				float *restrict r1, float *restrict i1,
				float *restrict r2, float *restrict i2,
				float *restrict r3, float *restrict i3,
				const float *restrict wr, const float *restrict wi,
				const float *restrict vr, const float *restrict vi)
{
	for (uint32_t j = 0; j < VECTOR; j++) {
		const float x0r = r0[j], x0i = i0[j], x1r = r1[j], x1i = i1[j];
		const float x2r = r2[j], x2i = i2[j], x3r = r3[j], x3i = i3[j];
		float t1r = wr[j] * x1r - wi[j] * x1i;
		float t1i = wr[j] * x1i + wi[j] * x1r;
		float t3r = wr[j] * x3r - wi[j] * x3i;
		float t3i = wr[j] * x3i + wi[j] * x3r;
		float y0r = x0r + t1r, y0i = x0i + t1i;
		float y1r = x0r - t1r, y1i = x0i - t1i;
		float y2r = x2r + t3r, y2i = x2i + t3i;
		float y3r = x2r - t3r, y3i = x2i - t3i;
		float u2r = vr[j] * y2r - vi[j] * y2i;
		float u2i = vr[j] * y2i + vi[j] * y2r;
		/* (-i)(v y3) = (Im, -Re) of v y3 */
		float u3r = vr[j] * y3i + vi[j] * y3r;
		float u3i = vi[j] * y3i - vr[j] * y3r;
		r0[j] = y0r + u2r;
		i0[j] = y0i + u2i;
		r2[j] = y0r - u2r;
		i2[j] = y0i - u2i;
		r1[j] = y1r + u3r;
		i1[j] = y1i + u3i;
		r3[j] = y1r - u3r;
		i3[j] = y1i - u3i;
	}
}

static void radix4_pass(const struct adx_fft *f, float *re, float *im,
			uint32_t m, uint32_t h)
{
	const float *wr = f->stage_re + h - VECTOR, *wi = f->stage_im + h - VECTOR;
	const float *vr = f->stage_re + 2 * h - VECTOR;
	const float *vi = f->stage_im + 2 * h - VECTOR;
	for (size_t start = 0; start < m; start += 4 * (size_t)h) {
		float *r0 = re + start, *r1 = r0 + h, *r2 = r1 + h, *r3 = r2 + h;
		float *i0 = im + start, *i1 = i0 + h, *i2 = i1 + h, *i3 = i2 + h;
		for (size_t k = 0; k < h; k += VECTOR)
			radix4_lanes(r0 + k, i0 + k, r1 + k, i1 + k, r2 + k,
				     i2 + k, r3 + k, i3 + k, wr + k, wi + k,
				     vr + k, vi + k);
	}
}

/* Four radix-2 butterflies a, b <- a + w b, a - w b. */
static inline void radix2_lanes(float *restrict ar, float *restrict ai,
				float *restrict br, float *restrict bi,
				const float *restrict wr,
				const float *restrict wi)
{
	for (uint32_t j = 0; j < VECTOR; j++) {
		float tr = wr[j] * br[j] - wi[j] * bi[j];
		float ti = wr[j] * bi[j] + wi[j] * br[j];
		br[j] = ar[j] - tr;
		bi[j] = ai[j] - ti;
		ar[j] += tr;
		ai[j] += ti;
	}
}

/* The last stage when log2 m is odd: h = m/2, one block. */
static void radix2_last_pass(const struct adx_fft *f, float *re, float *im,
			     uint32_t h)
{
	const float *wr = f->stage_re + h - VECTOR, *wi = f->stage_im + h - VECTOR;
	for (uint32_t k = 0; k < h; k += VECTOR)
		radix2_lanes(re + k, im + k, re + h + k, im + h + k, wr + k,
			     wi + k);
}

/* The passes after the first, on m = n/2 values. */
static void later_passes(const struct adx_fft *f, float *re, float *im)
{
	const uint32_t m = f->n / 2;
	uint32_t h = VECTOR;
	for (; 4 * h <= m; h *= 4)
		radix4_pass(f, re, im, m, h);
	if (h < m)
		radix2_last_pass(f, re, im, h);
}

void adx_fft_complex_forward(const struct adx_fft *f, const float *in_re,
			     const float *in_im, float *out_re, float *out_im)
{
	load_first_pass(f, in_re, in_im, out_re, out_im);
	later_passes(f, out_re, out_im);
}

void adx_fft_complex_inverse(const struct adx_fft *f, const float *in_re,
			     const float *in_im, float *out_re, float *out_im)
{
	adx_fft_complex_forward(f, in_im, in_re, out_im, out_re);
}

/*
 * The real transform's post-pass pairs bin k with q = m-k. With z[j] =
 * x[2j] + i x[2j+1], Z = FFT_m(z), m = n/2, w = e^{-2 pi i/n}:
 *   X[k] = E + O, X[q] = conj(E - O),
 *   E = (Z[k] + conj Z[q]) / 2, O = -i w^k (Z[k] - conj Z[q]) / 2.
 * Its inverse, doubled so the result is n x, is the same arithmetic with
 * scale 1 for 1/2 and -Re w^k for Re w^k:
 *   Z[k] = (X[k] + conj X[q]) + i conj(w^k) (X[k] - conj X[q]).
 */
struct mirror {
	float kr, ki, qr, qi;
};

static inline struct mirror mirror_math(struct mirror x, float wr, float wi,
					float scale)
{
	float er = scale * (x.kr + x.qr), ei = scale * (x.ki - x.qi);
	float dr = scale * (x.kr - x.qr), di = scale * (x.ki + x.qi);
	float or_ = wr * di + wi * dr, oi = wi * di - wr * dr;
	return (struct mirror){ er + or_, ei + oi, er - or_, oi - ei };
}

/* One pair in place; k == q (the self-paired m/2) is safe, as all four
 * values are read first and both results agree there. */
static void mirror_pair(float *re, float *im, uint32_t k, uint32_t q,
			float wr, float wi, float scale)
{
	struct mirror y = mirror_math((struct mirror){ re[k], im[k], re[q], im[q] },
				      wr, wi, scale);
	re[k] = y.kr;
	im[k] = y.ki;
	re[q] = y.qr;
	im[q] = y.qi;
}

/*
 * VECTOR pairs: k .. k+3 forwards with q .. q-3 backwards, given as the
 * ascending range qlo = q-3 .. q (disjoint from k's). Forward lanes with
 * reversed indices into qlo are what a compiler vectorises with one
 * permute each way.
 */
static inline void mirror_lanes(float *restrict rk, float *restrict ik,
				float *restrict rq, float *restrict iq,
				const float *restrict wr,
				const float *restrict wi, float sign,
				float scale)
{
	for (uint32_t j = 0; j < VECTOR; j++) {
		const uint32_t r = VECTOR - 1 - j;
		struct mirror y = mirror_math((struct mirror){ rk[j], ik[j],
							      rq[r], iq[r] },
					      sign * wr[j], wi[j], scale);
		rk[j] = y.kr;
		ik[j] = y.ki;
		rq[r] = y.qr;
		iq[r] = y.qi;
	}
}

/* Bins 1 .. m/2 with m-1 .. m/2: lanes while the ranges are disjoint,
 * then pair by pair up to the self-paired m/2. */
static void mirror_pass(const struct adx_fft *f, float *re, float *im,
			uint32_t m, float sign, float scale)
{
	uint32_t k = 1;
	for (; k + VECTOR - 1 < m - k - (VECTOR - 1); k += VECTOR) {
		const uint32_t qlo = m - k - (VECTOR - 1);
		mirror_lanes(re + k, im + k, re + qlo, im + qlo, f->post_re + k,
			     f->post_im + k, sign, scale);
	}
	for (; k <= m / 2; k++)
		mirror_pair(re, im, k, m - k, sign * f->post_re[k],
			    f->post_im[k], scale);
}

void adx_fft_real_forward(const struct adx_fft *f, const float *first,
			  const float *second, float *re, float *im)
{
	load_real_first_pass(f, first, second, re, im);
	later_passes(f, re, im);
	const float dc = re[0], nyquist = im[0];
	re[0] = dc + nyquist;
	im[0] = dc - nyquist;
	mirror_pass(f, re, im, f->n / 2, 1.0f, 0.5f);
}

void adx_fft_real_inverse(const struct adx_fft *f, float *re, float *im,
			  float *out_re, float *out_im)
{
	const float dc = re[0], nyquist = im[0];
	re[0] = dc + nyquist;
	im[0] = dc - nyquist;
	mirror_pass(f, re, im, f->n / 2, -1.0f, 1.0f);
	adx_fft_complex_inverse(f, re, im, out_re, out_im);
}
