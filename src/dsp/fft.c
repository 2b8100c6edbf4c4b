/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Iterative radix-2 decimation-in-time FFT and the real-input transform
 * built on a half-size complex one. Data are interleaved (re, im) floats.
 *
 * The twiddle table of size n holds w^k = e^{-2 pi i k/n} for k < n/2.
 * A complex transform of size m = n/s reads it with stride s, which is how
 * the real transform (complex size n/2) and its post-processing (which
 * needs w^k itself) share one table.
 */
#include "fft.h"

#include <errno.h>
#include <math.h>
#include <stdbool.h>

static bool is_supported_size(uint32_t n)
{
	return n >= ADX_FFT_MIN_SIZE && n <= ADX_FFT_MAX_SIZE &&
	       (n & (n - 1)) == 0;
}

size_t adx_fft_table_bytes(uint32_t n)
{
	if (!is_supported_size(n))
		return 0;
	return (size_t)n / 2 * 2 * sizeof(float);
}

int adx_fft_init(struct adx_fft *f, uint32_t n, float *table, size_t bytes)
{
	if (!f || !table || !is_supported_size(n) ||
	    bytes < adx_fft_table_bytes(n))
		return -EINVAL;
	/* Double precision here keeps the table within half an ulp of float:
	 * table error is what bounds the transform's accuracy at large n. */
	const double step = 2.0 * 3.14159265358979323846 / (double)n;
	for (uint32_t k = 0; k < n / 2; k++) {
		table[2 * k] = (float)cos(step * k);
		table[2 * k + 1] = (float)-sin(step * k);
	}
	f->n = n;
	f->log2n = 0;
	while ((1u << f->log2n) < n)
		f->log2n++;
	f->twiddle = table;
	return 0;
}

/* Gold-Rader permutation: j walks the bit-reversed counter without a table. */
static void bit_reverse(float *x, uint32_t n)
{
	uint32_t j = 0;
	for (uint32_t i = 0; i + 1 < n; i++) {
		if (i < j) {
			float re = x[2 * i], im = x[2 * i + 1];
			x[2 * i] = x[2 * j];
			x[2 * i + 1] = x[2 * j + 1];
			x[2 * j] = re;
			x[2 * j + 1] = im;
		}
		uint32_t bit = n >> 1;
		while (j & bit) {
			j ^= bit;
			bit >>= 1;
		}
		j |= bit;
	}
}

/*
 * The first two stages combined as one radix-4 pass: their twiddles are
 * 1 and -+i, so no multiplications are needed. sign is -1 forward, +1
 * inverse (the sign of the exponent).
 */
static void first_radix4_pass(float *x, uint32_t n, float sign)
{
	for (uint32_t i = 0; i < n; i += 4) {
		float *p = x + 2 * i;
		/* After bit reversal the four inputs of a size-4 DFT are in order
		 * 0, 2, 1, 3 of the natural transform. */
		float ar = p[0] + p[2], ai = p[1] + p[3];
		float br = p[0] - p[2], bi = p[1] - p[3];
		float cr = p[4] + p[6], ci = p[5] + p[7];
		float dr = p[4] - p[6], di = p[5] - p[7];
		/* d times e^{sign i pi / 2} = sign * i * d */
		float er = -sign * di, ei = sign * dr;
		p[0] = ar + cr;
		p[1] = ai + ci;
		p[4] = ar - cr;
		p[5] = ai - ci;
		p[2] = br + er;
		p[3] = bi + ei;
		p[6] = br - er;
		p[7] = bi - ei;
	}
}

static void radix2_stage(float *x, uint32_t n, uint32_t half,
			 const float *tw, uint32_t tw_step, float sign)
{
	for (uint32_t start = 0; start < n; start += 2 * half) {
		float *a = x + 2 * start;
		float *b = a + 2 * half;
		for (uint32_t k = 0; k < half; k++) {
			float wr = tw[2 * k * tw_step];
			/* tw holds e^{-i theta}; the inverse conjugates it */
			float wi = -sign * tw[2 * k * tw_step + 1];
			float tr = wr * b[2 * k] - wi * b[2 * k + 1];
			float ti = wr * b[2 * k + 1] + wi * b[2 * k];
			b[2 * k] = a[2 * k] - tr;
			b[2 * k + 1] = a[2 * k + 1] - ti;
			a[2 * k] += tr;
			a[2 * k + 1] += ti;
		}
	}
}

/* Complex transform of size m = table size / stride. */
static void complex_transform(const struct adx_fft *f, float *x, uint32_t m,
			      uint32_t stride, float sign)
{
	bit_reverse(x, m);
	if (m == 2) {
		float re = x[0], im = x[1];
		x[0] = re + x[2];
		x[1] = im + x[3];
		x[2] = re - x[2];
		x[3] = im - x[3];
		return;
	}
	first_radix4_pass(x, m, sign);
	for (uint32_t half = 4; half < m; half *= 2)
		radix2_stage(x, m, half, f->twiddle, stride * (m / (2 * half)),
			     sign);
}

void adx_fft_complex_forward(const struct adx_fft *f, float *x)
{
	complex_transform(f, x, f->n, 1, -1.0f);
}

void adx_fft_complex_inverse(const struct adx_fft *f, float *x)
{
	complex_transform(f, x, f->n, 1, 1.0f);
}

/*
 * Packing n reals as n/2 complex z[j] = x[2j] + i x[2j+1] with Z = FFT(z):
 *   X[k] = E + O, X[m-k] = conj(E - O), m = n/2,
 *   E = (Z[k] + conj Z[m-k]) / 2, O = -i w^k (Z[k] - conj Z[m-k]) / 2.
 */
void adx_fft_real_forward(const struct adx_fft *f, float *x)
{
	const uint32_t m = f->n / 2;
	complex_transform(f, x, m, 2, -1.0f);
	const float dc = x[0], nyq = x[1];
	x[0] = dc + nyq;
	x[1] = dc - nyq;
	for (uint32_t k = 1; k <= m / 2; k++) {
		float *p = x + 2 * k, *q = x + 2 * (m - k);
		float er = 0.5f * (p[0] + q[0]), ei = 0.5f * (p[1] - q[1]);
		float dr = 0.5f * (p[0] - q[0]), di = 0.5f * (p[1] + q[1]);
		float wr = f->twiddle[2 * k], wi = f->twiddle[2 * k + 1];
		/* O = -i w (dr + i di) = (wr di + wi dr) + i (wi di - wr dr) */
		float or_ = wr * di + wi * dr, oi = wi * di - wr * dr;
		p[0] = er + or_;
		p[1] = ei + oi;
		q[0] = er - or_;
		q[1] = oi - ei;
	}
}

/*
 * Inverse of the packing above, scaled by 2 so the result is n x:
 *   Z[k] = (X[k] + conj X[m-k]) + i conj(w^k) (X[k] - conj X[m-k]).
 */
void adx_fft_real_inverse(const struct adx_fft *f, float *x)
{
	const uint32_t m = f->n / 2;
	const float dc = x[0], nyq = x[1];
	x[0] = dc + nyq;
	x[1] = dc - nyq;
	for (uint32_t k = 1; k <= m / 2; k++) {
		float *p = x + 2 * k, *q = x + 2 * (m - k);
		float er = p[0] + q[0], ei = p[1] - q[1];
		float dr = p[0] - q[0], di = p[1] + q[1];
		float wr = f->twiddle[2 * k], wi = -f->twiddle[2 * k + 1];
		/* i conj(w) (dr + i di) = -(wr di + wi dr) + i (wr dr - wi di) */
		float or_ = -(wr * di + wi * dr), oi = wr * dr - wi * di;
		p[0] = er + or_;
		p[1] = ei + oi;
		q[0] = er - or_;
		q[1] = oi - ei;
	}
	complex_transform(f, x, m, 2, 1.0f);
}
