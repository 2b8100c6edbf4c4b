// SPDX-License-Identifier: BSD-3-Clause
/*
 * One comparison per sample on the common path: |x| <= limit is false for
 * a NaN as well as for anything too large, and only then is the sample
 * looked at again.
 */
#include <math.h>

#include "sanitise.h"

static float replace(float x, struct adx_dsp_stats *stats)
{
	if (isnan(x) || isinf(x)) {
		stats->nonfinite_samples++;
		return 0.0f;
	}
	stats->clamped_samples++;
	return x > 0.0f ? ADX_DSP_INPUT_LIMIT : -ADX_DSP_INPUT_LIMIT;
}

void adx_sanitise(float *const *channel, uint32_t channels, uint32_t frames,
		  struct adx_dsp_stats *stats)
{
	uint32_t c, i;

	for (c = 0; c < channels; c++) {
		float *x = channel[c];

		for (i = 0; i < frames; i++)
			if (!(fabsf(x[i]) <= ADX_DSP_INPUT_LIMIT))
				x[i] = replace(x[i], stats);
	}
}

void adx_flush_tiny(float *left, float *right, uint32_t frames)
{
	uint32_t i;

	for (i = 0; i < frames; i++) {
		left[i] = fabsf(left[i]) < ADX_DSP_FLUSH_BELOW ? 0.0f : left[i];
		right[i] = fabsf(right[i]) < ADX_DSP_FLUSH_BELOW ? 0.0f : right[i];
	}
}
