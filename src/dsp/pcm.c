// SPDX-License-Identifier: BSD-3-Clause

#include "adx/util/round.h"
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

/*
 * Loops index with size_t (an unsigned 32-bit index may wrap, which keeps
 * compilers from vectorising strided access) and treat stereo apart, where
 * the stride is a constant.
 */
static void s16_to_planar(const int16_t *in, uint32_t channels,
			  float *const *planar, uint32_t frames)
{
	const float k = 1.0f / S16_SCALE;
	size_t c, i;

	if (channels == 2) {
		float *restrict l = planar[0], *restrict r = planar[1];

		for (i = 0; i < frames; i++) {
			l[i] = (float)in[2 * i] * k;
			r[i] = (float)in[2 * i + 1] * k;
		}
		return;
	}
	for (c = 0; c < channels; c++)
		for (i = 0; i < frames; i++)
			planar[c][i] = (float)in[i * channels + c] * k;
}

static void s32_to_planar(const int32_t *in, uint32_t channels,
			  float *const *planar, uint32_t frames)
{
	size_t c, i;

	for (c = 0; c < channels; c++)
		for (i = 0; i < frames; i++)
			planar[c][i] = (float)((double)in[i * channels + c] * (1.0 / S32_SCALE));
}

static void float_to_planar(const float *in, uint32_t channels,
			    float *const *planar, uint32_t frames)
{
	size_t c, i;

	if (channels == 2) {
		float *restrict l = planar[0], *restrict r = planar[1];

		for (i = 0; i < frames; i++) {
			l[i] = in[2 * i];
			r[i] = in[2 * i + 1];
		}
		return;
	}
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

/*
 * Clamped with selects that compile to min/max and rounded inline
 * (adx/util/round.h), so the loops vectorise with no libm call.
 */

static int16_t to_s16(float v)
{
	float x = v * S16_SCALE;

	x = x < 32767.0f ? x : 32767.0f;
	x = x > -32768.0f ? x : -32768.0f;
	return (int16_t)(int32_t)adx_round_nearest_f(x);
}

static int32_t to_s32(float v)
{
	double x = (double)v * S32_SCALE;

	x = x < 2147483647.0 ? x : 2147483647.0;
	x = x > -2147483648.0 ? x : -2147483648.0;
	return (int32_t)adx_round_nearest_d(x);
}

void adx_pcm_from_stereo(enum adx_dsp_format format, const float *left,
			 const float *right, void *out, uint32_t frames)
{
	size_t i;

	switch (format) {
	case ADX_DSP_S16_LE: {
		int16_t *restrict o = out;

		for (i = 0; i < frames; i++) {
			o[2 * i] = to_s16(left[i]);
			o[2 * i + 1] = to_s16(right[i]);
		}
		break;
	}
	case ADX_DSP_S32_LE: {
		int32_t *restrict o = out;

		for (i = 0; i < frames; i++) {
			o[2 * i] = to_s32(left[i]);
			o[2 * i + 1] = to_s32(right[i]);
		}
		break;
	}
	case ADX_DSP_FLOAT32: {
		float *restrict o = out;

		for (i = 0; i < frames; i++) {
			o[2 * i] = left[i];
			o[2 * i + 1] = right[i];
		}
		break;
	}
	}
}
