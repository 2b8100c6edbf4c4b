// SPDX-License-Identifier: BSD-3-Clause
/*
 * The path without the engine, and the gain ramps of the fades.
 *
 * Dry render: 2 channels are copied, never converted, so the bypass is
 * bit-exact in every format. 6 and 8 channels get the plain ITU-R BS.775
 * downmix (include/adx/dsp/ exposes no standalone downmix, so it is here):
 *   Lo = L + k C + k Ls (+ k Lb),  Ro = R + k C + k Rs (+ k Rb),  k = 1/sqrt(2)
 * with LFE dropped and no normalisation, the same mix the engine uses on
 * its disabled path, computed in float and saturated on the way back.
 *
 * Fades work in float on a few frames at a time, so they need no buffer
 * beyond the stack; outside a fade nothing is converted.
 */
#include <string.h>

#include "dax_priv.h"

#define CHUNK_FRAMES 16u
#define DOWNMIX_K 0.70710678118654752f

enum { CH_L, CH_R, CH_C, CH_LFE, CH_LS, CH_RS, CH_LB, CH_RB };

static void downmix_chunk(const float *in, uint32_t channels, float *out, uint32_t frames)
{
	for (uint32_t i = 0; i < frames; i++) {
		const float *x = in + (size_t)i * channels;
		float c = DOWNMIX_K * x[CH_C];
		float l = x[CH_L] + c + DOWNMIX_K * x[CH_LS];
		float r = x[CH_R] + c + DOWNMIX_K * x[CH_RS];

		if (channels == 8) {
			l += DOWNMIX_K * x[CH_LB];
			r += DOWNMIX_K * x[CH_RB];
		}
		out[2 * i] = l;
		out[2 * i + 1] = r;
	}
}

void dax_dry_render(enum adx_sample_format format, uint32_t in_channels,
		    const void *in, void *out, uint32_t frames)
{
	size_t sample = adx_sample_bytes(format);
	float x[CHUNK_FRAMES * DAX_MAX_CHANNELS];
	float y[CHUNK_FRAMES * DAX_OUT_CHANNELS];

	if (in_channels == DAX_OUT_CHANNELS) {
		memcpy(out, in, (size_t)frames * DAX_OUT_CHANNELS * sample);
		return;
	}
	for (uint32_t done = 0; done < frames; done += CHUNK_FRAMES) {
		uint32_t n = frames - done < CHUNK_FRAMES ? frames - done : CHUNK_FRAMES;

		adx_to_float(format, (const uint8_t *)in + (size_t)done * in_channels * sample,
			     x, (size_t)n * in_channels);
		downmix_chunk(x, in_channels, y, n);
		adx_from_float(format, y, (uint8_t *)out + (size_t)done * DAX_OUT_CHANNELS * sample,
			       (size_t)n * DAX_OUT_CHANNELS);
	}
}

void dax_gain_frame(enum adx_sample_format format, void *frame, float gain)
{
	float x[DAX_OUT_CHANNELS];

	adx_to_float(format, frame, x, DAX_OUT_CHANNELS);
	for (uint32_t c = 0; c < DAX_OUT_CHANNELS; c++)
		x[c] *= gain;
	adx_from_float(format, x, frame, DAX_OUT_CHANNELS);
}

static float ramp_gain(uint32_t i, uint32_t fade)
{
	return (float)(i + 1) / (float)fade;
}

void dax_crossfade(enum adx_sample_format format, const void *from, void *to, uint32_t fade)
{
	size_t frame = adx_sample_bytes(format) * DAX_OUT_CHANNELS;
	float a[DAX_OUT_CHANNELS], b[DAX_OUT_CHANNELS];

	for (uint32_t i = 0; i < fade; i++) {
		uint8_t *dst = (uint8_t *)to + i * frame;
		float g = ramp_gain(i, fade);

		adx_to_float(format, (const uint8_t *)from + i * frame, a, DAX_OUT_CHANNELS);
		adx_to_float(format, dst, b, DAX_OUT_CHANNELS);
		for (uint32_t c = 0; c < DAX_OUT_CHANNELS; c++)
			b[c] = a[c] + (b[c] - a[c]) * g;
		adx_from_float(format, b, dst, DAX_OUT_CHANNELS);
	}
}

void dax_fade_in(enum adx_sample_format format, void *block, uint32_t fade)
{
	size_t frame = adx_sample_bytes(format) * DAX_OUT_CHANNELS;

	for (uint32_t i = 0; i < fade; i++)
		dax_gain_frame(format, (uint8_t *)block + i * frame, ramp_gain(i, fade));
}
