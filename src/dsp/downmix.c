// SPDX-License-Identifier: BSD-3-Clause
#include <string.h>

#include "downmix.h"

enum { CH_L, CH_R, CH_C, CH_LFE, CH_LS, CH_RS, CH_LB, CH_RB };

static void copy_if_distinct(float *dst, const float *src, uint32_t frames)
{
	if (dst != src)
		memcpy(dst, src, frames * sizeof(float));
}

void adx_downmix(const float *const *in, uint32_t channels, float *left,
		 float *right, uint32_t frames)
{
	const float k = ADX_DOWNMIX_SURROUND_GAIN;
	uint32_t i;

	if (channels == 2) {
		copy_if_distinct(left, in[CH_L], frames);
		copy_if_distinct(right, in[CH_R], frames);
		return;
	}
	for (i = 0; i < frames; i++) {
		float c = k * in[CH_C][i];

		left[i] = in[CH_L][i] + c + k * in[CH_LS][i];
		right[i] = in[CH_R][i] + c + k * in[CH_RS][i];
	}
	if (channels == 8) {
		for (i = 0; i < frames; i++) {
			left[i] += k * in[CH_LB][i];
			right[i] += k * in[CH_RB][i];
		}
	}
}
