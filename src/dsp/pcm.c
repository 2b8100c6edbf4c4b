// SPDX-License-Identifier: BSD-3-Clause
#include "pcm.h"

#define S16_SCALE 32768.0f
#define S32_SCALE 2147483648.0

size_t adx_pcm_sample_bytes(enum adx_dsp_format format)
{
	switch (format) {
	case ADX_DSP_S16_LE:
		return sizeof(int16_t);
	case ADX_DSP_S32_LE:
		return sizeof(int32_t);
	case ADX_DSP_FLOAT32:
		return sizeof(float);
	}
	return 0;
}

static void s16_to_planar(const int16_t *in, uint32_t channels,
			  float *const *planar, uint32_t frames)
{
	uint32_t c, i;

	for (c = 0; c < channels; c++)
		for (i = 0; i < frames; i++)
			planar[c][i] = (float)in[i * channels + c] * (1.0f / S16_SCALE);
}

static void s32_to_planar(const int32_t *in, uint32_t channels,
			  float *const *planar, uint32_t frames)
{
	uint32_t c, i;

	for (c = 0; c < channels; c++)
		for (i = 0; i < frames; i++)
			planar[c][i] = (float)((double)in[i * channels + c] * (1.0 / S32_SCALE));
}

static void float_to_planar(const float *in, uint32_t channels,
			    float *const *planar, uint32_t frames)
{
	uint32_t c, i;

	for (c = 0; c < channels; c++)
		for (i = 0; i < frames; i++)
			planar[c][i] = in[i * channels + c];
}

void adx_pcm_to_planar(enum adx_dsp_format format, const void *in,
		       uint32_t channels, float *const *planar, uint32_t frames)
{
	switch (format) {
	case ADX_DSP_S16_LE:
		s16_to_planar(in, channels, planar, frames);
		break;
	case ADX_DSP_S32_LE:
		s32_to_planar(in, channels, planar, frames);
		break;
	case ADX_DSP_FLOAT32:
		float_to_planar(in, channels, planar, frames);
		break;
	}
}

static int16_t to_s16(float v)
{
	float x = v * S16_SCALE;

	if (x >= 32767.0f)
		return INT16_MAX;
	if (x <= -32768.0f)
		return INT16_MIN;
	if (x != x)
		return 0;
	return (int16_t)(x + (x >= 0.0f ? 0.5f : -0.5f));
}

static int32_t to_s32(float v)
{
	double x = (double)v * S32_SCALE;

	if (x >= 2147483647.0)
		return INT32_MAX;
	if (x <= -2147483648.0)
		return INT32_MIN;
	if (x != x)
		return 0;
	return (int32_t)(x + (x >= 0.0 ? 0.5 : -0.5));
}

void adx_pcm_from_stereo(enum adx_dsp_format format, const float *left,
			 const float *right, void *out, uint32_t frames)
{
	uint32_t i;

	switch (format) {
	case ADX_DSP_S16_LE:
		for (i = 0; i < frames; i++) {
			((int16_t *)out)[2 * i] = to_s16(left[i]);
			((int16_t *)out)[2 * i + 1] = to_s16(right[i]);
		}
		break;
	case ADX_DSP_S32_LE:
		for (i = 0; i < frames; i++) {
			((int32_t *)out)[2 * i] = to_s32(left[i]);
			((int32_t *)out)[2 * i + 1] = to_s32(right[i]);
		}
		break;
	case ADX_DSP_FLOAT32:
		for (i = 0; i < frames; i++) {
			((float *)out)[2 * i] = left[i];
			((float *)out)[2 * i + 1] = right[i];
		}
		break;
	}
}
