/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Iterative radix-2 decimation-in-time FFT on split complex arrays, and the
 * real-input transform built on a half-size complex one.
 *
 * Layout of the table (fft.h): stage twiddles (re, then im), post-pass
 * twiddles (re, then im), then the bit-reversal permutation as uint16.
 * Every stage from half-length 4 up reads its twiddles contiguously, so its
 * butterflies run four at a time as straight element-wise code.
 *
 * The inverse transform is the forward one with the real and imaginary
 * arrays exchanged: swapping parts maps x to i conj(x), and
 * swap(FFT(i conj x)) = IFFT(x), so no second code path or sign is needed.
 */
#include "fft.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>

enum { VECTOR = 4 }; /* butterflies per inner block; stages start at h = 4 */

static bool is_supported_size(uint32_t n)
{
	return n >= ADX_FFT_MIN_SIZE && n <= ADX_FFT_MAX_SIZE &&
	       (n & (n - 1)) == 0;
}

static size_t stage_floats(uint32_t n)
{
	return (size_t)n - VECTOR; /* sum of h for h = 4 .. n/2 */
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
	       (size_t)n * sizeof(uint16_t);
}

static uint32_t log2_of(uint32_t n)
{
	uint32_t bits = 0;
	while ((1u << bits) < n)
		bits++;
	return bits;
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
	for (uint32_t half = VECTOR; half < n; half *= 2)
		fill_twiddles(stage_re + half - VECTOR, stage_im + half - VECTOR,
			      half, half);
	fill_twiddles(post_re, post_im, (uint32_t)post_floats(n), n / 2.0);
	const uint32_t bits = log2_of(n);
	for (uint32_t i = 0; i < n; i++) {
		uint32_t r = 0;
		for (uint32_t b = 0; b < bits; b++)
			r |= ((i >> b) & 1u) << (bits - 1 - b);
		bitrev[i] = (uint16_t)r;
	}
	*f = (struct adx_fft){ n, stage_re, stage_im, post_re, post_im, bitrev };
	return 0;
}

/* A size-m permutation from the size-n table: for i < m <= n, reversing
 * log2 m bits is reversing log2 n bits and dropping the extra low zeros. */
static void bit_reverse(const struct adx_fft *f, float *re, float *im,
			uint32_t m)
{
	const uint32_t shift = log2_of(f->n) - log2_of(m);
	for (uint32_t i = 0; i < m; i++) {
		uint32_t j = (uint32_t)f->bitrev[i] >> shift;
		if (i < j) {
			float t = re[i];
			re[i] = re[j];
			re[j] = t;
			t = im[i];
			im[i] = im[j];
			im[j] = t;
		}
	}
}

/* The first two stages as one radix-4 pass: twiddles 1 and -i, no
 * multiplications. Inputs of each size-4 DFT are in bit-reversed order. */
static void first_radix4_pass(float *re, float *im, uint32_t m)
{
	for (uint32_t i = 0; i < m; i += 4) {
		float ar = re[i] + re[i + 1], ai = im[i] + im[i + 1];
		float br = re[i] - re[i + 1], bi = im[i] - im[i + 1];
		float cr = re[i + 2] + re[i + 3], ci = im[i + 2] + im[i + 3];
		float dr = re[i + 2] - re[i + 3], di = im[i + 2] - im[i + 3];
		re[i] = ar + cr;
		im[i] = ai + ci;
		re[i + 2] = ar - cr;
		im[i + 2] = ai - ci;
		re[i + 1] = br + di;  /* b + (-i) d */
		im[i + 1] = bi - dr;
		re[i + 3] = br - di;
		im[i + 3] = bi + dr;
	}
}

/* Four butterflies a, b <- a + w b, a - w b. A fixed count of independent
 * lanes is what lets an -O2 compiler emit one SIMD operation per line. */
static inline void butterflies4(float *restrict ar, float *restrict ai,
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

static void radix2_stage(const struct adx_fft *f, float *re, float *im,
			 uint32_t m, uint32_t half)
{
	const float *wr = f->stage_re + half - VECTOR;
	const float *wi = f->stage_im + half - VECTOR;
	for (uint32_t start = 0; start < m; start += 2 * half) {
		float *ar = re + start, *ai = im + start;
		for (uint32_t k = 0; k < half; k += VECTOR)
			butterflies4(ar + k, ai + k, ar + half + k,
				     ai + half + k, wr + k, wi + k);
	}
}

/* Forward complex transform of size m (a power of two, 4 <= m <= f->n). */
static void forward(const struct adx_fft *f, float *re, float *im, uint32_t m)
{
	bit_reverse(f, re, im, m);
	first_radix4_pass(re, im, m);
	for (uint32_t half = VECTOR; half < m; half *= 2)
		radix2_stage(f, re, im, m, half);
}

void adx_fft_complex_forward(const struct adx_fft *f, float *re, float *im)
{
	forward(f, re, im, f->n);
}

void adx_fft_complex_inverse(const struct adx_fft *f, float *re, float *im)
{
	forward(f, im, re, f->n);
}

/*
 * With z[j] = x[2j] + i x[2j+1] and Z = FFT_m(z), m = n/2, w = e^{-2 pi i/n}:
 *   X[k] = E + O, X[m-k] = conj(E - O),
 *   E = (Z[k] + conj Z[m-k]) / 2, O = -i w^k (Z[k] - conj Z[m-k]) / 2.
 */
void adx_fft_real_forward(const struct adx_fft *f, float *re, float *im)
{
	const uint32_t m = f->n / 2;
	forward(f, re, im, m);
	const float dc = re[0], nyquist = im[0];
	re[0] = dc + nyquist;
	im[0] = dc - nyquist;
	for (uint32_t k = 1; k <= m / 2; k++) {
		const uint32_t q = m - k;
		float er = 0.5f * (re[k] + re[q]), ei = 0.5f * (im[k] - im[q]);
		float dr = 0.5f * (re[k] - re[q]), di = 0.5f * (im[k] + im[q]);
		float wr = f->post_re[k], wi = f->post_im[k];
		/* -i w (dr + i di) */
		float or_ = wr * di + wi * dr, oi = wi * di - wr * dr;
		re[k] = er + or_;
		im[k] = ei + oi;
		re[q] = er - or_;
		im[q] = oi - ei;
	}
}

/*
 * The inverse of the post-pass above, doubled so the result is n x:
 *   Z[k] = (X[k] + conj X[m-k]) + i conj(w^k) (X[k] - conj X[m-k]).
 */
void adx_fft_real_inverse(const struct adx_fft *f, float *re, float *im)
{
	const uint32_t m = f->n / 2;
	const float dc = re[0], nyquist = im[0];
	re[0] = dc + nyquist;
	im[0] = dc - nyquist;
	for (uint32_t k = 1; k <= m / 2; k++) {
		const uint32_t q = m - k;
		float er = re[k] + re[q], ei = im[k] - im[q];
		float dr = re[k] - re[q], di = im[k] + im[q];
		float wr = f->post_re[k], wi = -f->post_im[k];
		/* i conj(w) (dr + i di) */
		float or_ = -(wr * di + wi * dr), oi = wr * dr - wi * di;
		re[k] = er + or_;
		im[k] = ei + oi;
		re[q] = er - or_;
		im[q] = oi - ei;
	}
	forward(f, im, re, m);
}
