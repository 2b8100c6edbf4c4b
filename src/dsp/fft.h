/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Radix-2 FFT for the enhancement engine (firmware cannot link a host FFT).
 *
 * Data are split: real parts in one array, imaginary parts in another, so
 * the butterflies and the spectral multiply-accumulate of the convolvers
 * are plain element-wise loops that a compiler turns into SIMD.
 *
 * One table, computed at init into caller memory, serves the complex
 * transform of size n and the real transform of size n (a complex transform
 * of size n/2 plus a post-pass). There is no static state: instances of any
 * size coexist.
 *
 * Sign convention as FFTW: forward X[k] = sum x[j] e^{-2 pi i jk/n};
 * inverse uses e^{+2 pi i jk/n} and is unnormalised (forward then inverse
 * multiplies by n).
 *
 * Real transforms (size n): the spectrum is two arrays of n/2 floats,
 *   re[k] = Re X[k], im[k] = Im X[k]   (1 <= k < n/2),
 *   re[0] = X[0] (DC), im[0] = X[n/2] (Nyquist), both real.
 * The forward transform reads the n samples from two halves that may live
 * apart (overlap-save keeps the previous block and the new one separately)
 * and permutes them on the way in. The inverse works in place and leaves
 * the samples split: re[j] = n x[2j], im[j] = n x[2j+1] (j < n/2).
 */
#ifndef ADX_DSP_FFT_H
#define ADX_DSP_FFT_H

#include <stddef.h>
#include <stdint.h>

enum {
	ADX_FFT_MIN_SIZE = 8,
	ADX_FFT_MAX_SIZE = 1u << 15,
};

struct adx_fft {
	uint32_t n;              /* transform size, a power of two */
	const float *stage_re;   /* twiddles of stages with half-length h >= 4: */
	const float *stage_im;   /*   e^{-i pi k/h}, k < h, at offset h - 4 */
	const float *post_re;    /* real-transform post-pass: e^{-2 pi i k/n}, */
	const float *post_im;    /*   k <= n/4 */
	const uint16_t *bitrev;  /* n entries: bit-reversed index over log2 n bits */
};

/* Bytes of table for size n; 0 if n is not a supported size. */
size_t adx_fft_table_bytes(uint32_t n);

/*
 * Fills the table (float-aligned, adx_fft_table_bytes(n) bytes) and f.
 * Returns -EINVAL for an unsupported n, a NULL pointer or too few bytes.
 */
int adx_fft_init(struct adx_fft *f, uint32_t n, void *table, size_t bytes);

/* In place on n complex values. */
void adx_fft_complex_forward(const struct adx_fft *f, float *re, float *im);
void adx_fft_complex_inverse(const struct adx_fft *f, float *re, float *im);

/* x = [first | second], n/2 samples each, into the spectrum (re, im);
 * re and im must not overlap the input. */
void adx_fft_real_forward(const struct adx_fft *f, const float *first,
			  const float *second, float *re, float *im);

/* In place: spectrum to split samples (see above). */
void adx_fft_real_inverse(const struct adx_fft *f, float *re, float *im);

#endif
