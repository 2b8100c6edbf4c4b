/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * FFT for the enhancement engine (firmware cannot link a host FFT):
 * radix-4 decimation in time (one radix-2 pass when log2 is odd) on split
 * complex arrays, and the real transform built on the half-size complex one.
 *
 * Split arrays (real parts in one, imaginary parts in another) make the
 * butterflies and the convolvers' multiply-accumulate plain element-wise
 * loops that a compiler turns into SIMD.
 *
 * A table for size n, computed at init into caller memory, serves the real
 * transform of size n and the complex transform of size n/2 on which it is
 * built. There is no static state: instances of any size coexist.
 *
 * Sign convention as FFTW: forward X[k] = sum x[j] e^{-2 pi i jk/N};
 * inverse uses e^{+2 pi i jk/N} and is unnormalised (forward then inverse
 * multiplies by N).
 *
 * Real spectrum layout (n/2 floats each):
 *   re[k] = Re X[k], im[k] = Im X[k]   (1 <= k < n/2),
 *   re[0] = X[0] (DC), im[0] = X[n/2] (Nyquist), both real.
 *
 * All transforms are out of place: outputs must not overlap inputs.
 */
#ifndef ADX_DSP_FFT_H
#define ADX_DSP_FFT_H

#include <stddef.h>
#include <stdint.h>

enum {
	ADX_FFT_MIN_SIZE = 8,          /* real size n */
	ADX_FFT_MAX_SIZE = 1u << 16,
};

struct adx_fft {
	uint32_t n;              /* real transform size, a power of two */
	const float *stage_re;   /* twiddles of complex stages with half-length */
	const float *stage_im;   /*   h = 4 .. n/4: e^{-i pi k/h}, k < h, at h - 4 */
	const float *post_re;    /* real-transform post-pass: e^{-2 pi i k/n}, */
	const float *post_im;    /*   k <= n/4 */
	const uint16_t *bitrev;  /* n/2 entries: bit reversal over log2(n/2) bits */
};

/* Bytes of table for size n; 0 if n is not a supported size. */
size_t adx_fft_table_bytes(uint32_t n);

/*
 * Fills the table (float-aligned, adx_fft_table_bytes(n) bytes) and f.
 * Returns -EINVAL for an unsupported n, a NULL or misaligned pointer or
 * too few bytes.
 */
int adx_fft_init(struct adx_fft *f, uint32_t n, void *table, size_t bytes);

/* Complex transforms of n/2 points. */
void adx_fft_complex_forward(const struct adx_fft *f, const float *in_re,
			     const float *in_im, float *out_re, float *out_im);
void adx_fft_complex_inverse(const struct adx_fft *f, const float *in_re,
			     const float *in_im, float *out_re, float *out_im);

/*
 * Real forward: x = [first | second], n/2 samples each (the halves may
 * live apart: overlap-save keeps the previous block and the new one
 * separately), into the spectrum (re, im).
 */
void adx_fft_real_forward(const struct adx_fft *f, const float *first,
			  const float *second, float *re, float *im);

/*
 * Real inverse: spectrum (re, im), which is overwritten, into samples
 * left split: out_re[j] = n x[2j], out_im[j] = n x[2j+1] (j < n/2).
 */
void adx_fft_real_inverse(const struct adx_fft *f, float *re, float *im,
			  float *out_re, float *out_im);

#endif
