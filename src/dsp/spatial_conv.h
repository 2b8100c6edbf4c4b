/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Two-output uniformly partitioned convolver shared by the headphone
 * virtualiser and the crosstalk canceller.
 *
 * Overlap-save with partition ADX_SCONV_BLOCK frames and FFT 2 * BLOCK,
 * with a frequency-domain delay line (FDL) per input stream. Each filter
 * reads one stream and adds into accumulator A (even filter index) or B
 * (odd); the outputs are left = A + B and right = A - B. That is the
 * sum/difference form of a symmetric 2x2 system: a pair (l, r) feeding
 * [[P, Q], [Q, P]] becomes streams l + r, l - r with filters (P + Q)/2 and
 * (P - Q)/2, half the work of four direct filters.
 *
 * Memory (one caller region, 16-byte aligned, exact size):
 *   FFT table | history[streams][BLOCK] | FDL[streams][P][FFT] (or the
 *   init area, if larger) | spectra[filters][P][FFT]
 * The init area is scratch for the owner's filter design at init; it
 * overlaps the FDL, which adx_sconv_reset() clears afterwards.
 */
#ifndef ADX_DSP_SPATIAL_CONV_H
#define ADX_DSP_SPATIAL_CONV_H

#include <stddef.h>
#include <stdint.h>

#include "fft.h"

#ifndef ADX_DSP_PERIOD_FRAMES
#define ADX_DSP_PERIOD_FRAMES 256
#endif

enum {
	ADX_SCONV_BLOCK = ADX_DSP_PERIOD_FRAMES,
	ADX_SCONV_FFT = 2 * ADX_SCONV_BLOCK,
	ADX_SCONV_MAX_FILTERS = 8,
	ADX_SCONV_ALIGN = 16,
};

struct adx_sconv {
	uint32_t streams;
	uint32_t filters;
	uint32_t partitions;
	uint32_t newest;                 /* FDL slot of the latest block */
	uint8_t stream_of[ADX_SCONV_MAX_FILTERS];
	struct adx_fft fft;
	float *history;
	float *fdl;
	float *spectra;
};

/* Region bytes; 0 for counts out of range (filters > ADX_SCONV_MAX_FILTERS,
 * streams > filters, zero partitions or more than 64). */
size_t adx_sconv_bytes(uint32_t streams, uint32_t filters,
		       uint32_t partitions, size_t init_area_bytes);

/* Scratch for adx_sconv_load() and adx_sconv_process(): two accumulators
 * and a transform output. */
size_t adx_sconv_scratch_bytes(void);

/* Carves the region (the counts must be valid for adx_sconv_bytes()) and
 * returns the init area (16-byte aligned). State is undefined until
 * every filter is set and adx_sconv_reset() has run. */
void *adx_sconv_init(struct adx_sconv *c, void *region, uint32_t streams,
		     uint32_t filters, uint32_t partitions,
		     size_t init_area_bytes);

/* Sets filter f, reading stream, from partitions * BLOCK taps. The taps
 * are used as given: the caller includes 1/ADX_SCONV_FFT (the inverse
 * transform is unnormalised). */
void adx_sconv_set_filter(struct adx_sconv *c, uint32_t f, uint32_t stream,
			  const float *taps);

void adx_sconv_reset(struct adx_sconv *c);

/* Starts a period: ages the delay line by one block. */
void adx_sconv_advance(struct adx_sconv *c);

/* Stream's block for this period is a + weight * b (BLOCK frames).
 * scratch: as for adx_sconv_process(). */
void adx_sconv_load(struct adx_sconv *c, uint32_t stream, const float *a,
		    const float *b, float weight, void *scratch);

/* Filters all streams into the two outputs (BLOCK frames each). */
void adx_sconv_process(const struct adx_sconv *c, float *left, float *right,
		       void *scratch);

#endif
