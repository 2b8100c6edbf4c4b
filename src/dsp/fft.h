/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Radix-2 FFT for the enhancement engine (firmware cannot link a host FFT).
 *
 * One twiddle table, computed at init into caller memory, serves both the
 * complex transform of size n and the real transform of size n (which runs a
 * complex transform of size n/2 on the table with stride 2). There is no
 * static state: several instances of every size coexist.
 *
 * Sign convention as FFTW: forward X[k] = sum x[j] e^{-2 pi i jk/n};
 * inverse uses e^{+2 pi i jk/n} and is unnormalised (forward then inverse
 * multiplies by n).
 *
 * Packed real spectrum (n floats, in place of the n real samples):
 *   x[0] = Re X[0] (DC), x[1] = Re X[n/2] (Nyquist; both are real),
 *   x[2k] = Re X[k], x[2k+1] = Im X[k] for 1 <= k < n/2.
 */
#ifndef ADX_DSP_FFT_H
#define ADX_DSP_FFT_H

#include <stddef.h>
#include <stdint.h>

enum {
	ADX_FFT_MIN_SIZE = 4,
	ADX_FFT_MAX_SIZE = 1u << 15,
};

struct adx_fft {
	uint32_t n;            /* transform size, a power of two */
	uint32_t log2n;
	const float *twiddle;  /* n/2 complex: (cos, -sin)(2 pi k / n) */
};

/* Bytes of twiddle table for size n; 0 if n is not a supported size. */
size_t adx_fft_table_bytes(uint32_t n);

/*
 * Fills the table (float-aligned, adx_fft_table_bytes(n) bytes) and f.
 * Returns -EINVAL for an unsupported n, a NULL pointer or too few bytes.
 */
int adx_fft_init(struct adx_fft *f, uint32_t n, float *table, size_t bytes);

/* In place on n interleaved complex values (2n floats). */
void adx_fft_complex_forward(const struct adx_fft *f, float *x);
void adx_fft_complex_inverse(const struct adx_fft *f, float *x);

/* In place: n real samples <-> packed spectrum (see above). */
void adx_fft_real_forward(const struct adx_fft *f, float *x);
void adx_fft_real_inverse(const struct adx_fft *f, float *x);

#endif
