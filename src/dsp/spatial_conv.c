/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Uniformly partitioned overlap-save convolution in sum/difference form.
 *
 * Spectra use the split layout of fft.h: a slot is BINS real parts, then
 * BINS imaginary parts, with DC and Nyquist in the first of each.
 */
#include "spatial_conv.h"

#include <string.h>

enum {
	BLOCK = ADX_SCONV_BLOCK,
	FFT_N = ADX_SCONV_FFT,
	BINS = FFT_N / 2,
	HALF = BLOCK / 2,      /* a block in the split time layout */
	MAX_PARTITIONS = 64,
};

static size_t round16(size_t bytes)
{
	return (bytes + ADX_SCONV_ALIGN - 1) & ~(size_t)(ADX_SCONV_ALIGN - 1);
}

struct parts {
	size_t table, history, fdl, spectra;
};

static struct parts parts_of(uint32_t streams, uint32_t filters,
			     uint32_t partitions, size_t init_area_bytes)
{
	const size_t slot = FFT_N * sizeof(float);
	struct parts p = {
		.table = round16(adx_fft_table_bytes(FFT_N)),
		.history = (size_t)streams * BLOCK * sizeof(float),
		.fdl = (size_t)streams * partitions * slot,
		.spectra = (size_t)filters * partitions * slot,
	};
	if (p.fdl < round16(init_area_bytes))
		p.fdl = round16(init_area_bytes);
	return p;
}

size_t adx_sconv_bytes(uint32_t streams, uint32_t filters,
		       uint32_t partitions, size_t init_area_bytes)
{
	if (filters == 0 || filters > ADX_SCONV_MAX_FILTERS || streams == 0 ||
	    streams > filters || partitions == 0 ||
	    partitions > MAX_PARTITIONS || init_area_bytes > SIZE_MAX / 2)
		return 0;
	struct parts p = parts_of(streams, filters, partitions, init_area_bytes);
	return p.table + p.history + p.fdl + p.spectra;
}

size_t adx_sconv_scratch_bytes(void)
{
	return 3 * FFT_N * sizeof(float); /* accumulators A, B; transform out */
}

void *adx_sconv_init(struct adx_sconv *c, void *region, uint32_t streams,
		     uint32_t filters, uint32_t partitions,
		     size_t init_area_bytes)
{
	struct parts p = parts_of(streams, filters, partitions, init_area_bytes);
	uint8_t *base = region;
	memset(c, 0, sizeof(*c));
	c->streams = streams;
	c->filters = filters;
	c->partitions = partitions;
	/* The table size is exact for FFT_N, a supported size: cannot fail. */
	adx_fft_init(&c->fft, FFT_N, base, p.table);
	c->history = (float *)(base + p.table);
	c->fdl = (float *)(base + p.table + p.history);
	c->spectra = (float *)(base + p.table + p.history + p.fdl);
	return c->fdl;
}

static void interleave(float *x, const float *re, const float *im,
		       uint32_t count)
{
	for (uint32_t j = 0; j < count; j++) {
		x[2 * j] = re[j];
		x[2 * j + 1] = im[j];
	}
}

void adx_sconv_set_filter(struct adx_sconv *c, uint32_t f, uint32_t stream,
			  const float *taps)
{
	/* Each partition is zero-padded to FFT_N for overlap-save. */
	static const float zeros[BLOCK];
	c->stream_of[f] = (uint8_t)stream;
	float *spectra = c->spectra + (size_t)f * c->partitions * FFT_N;
	for (uint32_t p = 0; p < c->partitions; p++) {
		float *re = spectra + (size_t)p * FFT_N;
		adx_fft_real_forward(&c->fft, taps + (size_t)p * BLOCK, zeros,
				     re, re + BINS);
	}
}

void adx_sconv_reset(struct adx_sconv *c)
{
	memset(c->history, 0, (size_t)c->streams * BLOCK * sizeof(float));
	memset(c->fdl, 0,
	       (size_t)c->streams * c->partitions * FFT_N * sizeof(float));
	c->newest = 0;
}

void adx_sconv_advance(struct adx_sconv *c)
{
	c->newest = (c->newest + 1) % c->partitions;
}

static float *fdl_slot(const struct adx_sconv *c, uint32_t stream,
		       uint32_t age)
{
	uint32_t slot = (c->newest + c->partitions - age) % c->partitions;
	return c->fdl + ((size_t)stream * c->partitions + slot) * FFT_N;
}

/*
 * The slot becomes the transform of [previous block | this block]. The new
 * block is formed in scratch and kept as the next period's previous block
 * only after the transform has read the old one.
 */
void adx_sconv_load(struct adx_sconv *c, uint32_t stream, const float *a,
		    const float *b, float weight, void *scratch)
{
	float *re = fdl_slot(c, stream, 0);
	float *prev = c->history + (size_t)stream * BLOCK;
	float *cur = scratch;
	for (uint32_t i = 0; i < BLOCK; i++)
		cur[i] = a[i] + weight * b[i];
	adx_fft_real_forward(&c->fft, prev, cur, re, re + BINS);
	memcpy(prev, cur, BLOCK * sizeof(float));
}

/*
 * acc += x * h on split spectra (real parts, imaginary parts). Bin 0
 * holds two real values (DC in the real part, Nyquist in the imaginary)
 * that multiply separately; the loop treats it as complex, for a fixed
 * trip count the compiler vectorises, and bin 0 is then corrected.
 */
static void spectrum_mac(float *restrict acc_re, float *restrict acc_im,
			 const float *restrict x_re, const float *restrict x_im,
			 const float *restrict h_re, const float *restrict h_im)
{
	const float dc = acc_re[0] + x_re[0] * h_re[0];
	const float nyquist = acc_im[0] + x_im[0] * h_im[0];
	for (uint32_t k = 0; k < BINS; k++) {
		acc_re[k] += x_re[k] * h_re[k] - x_im[k] * h_im[k];
		acc_im[k] += x_re[k] * h_im[k] + x_im[k] * h_re[k];
	}
	acc_re[0] = dc;
	acc_im[0] = nyquist;
}

void adx_sconv_process(const struct adx_sconv *c, float *left, float *right,
		       void *scratch)
{
	float *a = scratch, *b = a + FFT_N, *t = b + FFT_N;
	memset(a, 0, 2 * FFT_N * sizeof(float));
	for (uint32_t f = 0; f < c->filters; f++) {
		float *acc = (f & 1) ? b : a;
		const float *h = c->spectra + (size_t)f * c->partitions * FFT_N;
		for (uint32_t age = 0; age < c->partitions; age++) {
			const float *x = fdl_slot(c, c->stream_of[f], age);
			const float *hp = h + (size_t)age * FFT_N;
			spectrum_mac(acc, acc + BINS, x, x + BINS, hp, hp + BINS);
		}
	}
	for (uint32_t k = 0; k < FFT_N; k++) {
		float sum = a[k] + b[k], dif = a[k] - b[k];
		a[k] = sum;
		b[k] = dif;
	}
	/* Overlap-save: the first half of each inverse block is aliased. */
	adx_fft_real_inverse(&c->fft, a, a + BINS, t, t + BINS);
	interleave(left, t + HALF, t + BINS + HALF, HALF);
	adx_fft_real_inverse(&c->fft, b, b + BINS, t, t + BINS);
	interleave(right, t + HALF, t + BINS + HALF, HALF);
}
