/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interleaved PCM <-> planar float, for the engine's three formats.
 *
 * Full scale maps to [-1, 1): S16 by 2^15, S32 by 2^31. Back to integers the
 * value is rounded to nearest (ties to even) and saturated. (The chain makes
 * no NaN from integer input, so no NaN reaches an integer output.) Buffers
 * are aligned to their sample size.
 */
#ifndef ADX_DSP_PCM_H
#define ADX_DSP_PCM_H

#include <stddef.h>
#include <stdint.h>

#include "adx/dsp/engine.h"

size_t adx_pcm_sample_bytes(enum adx_dsp_format format);

/* in: frames x channels interleaved; planar[c]: frames floats. */
void adx_pcm_to_planar(enum adx_dsp_format format, const void *in,
		       uint32_t channels, float *const *planar, uint32_t frames);

/* Stereo planar float to frames x 2 interleaved. */
void adx_pcm_from_stereo(enum adx_dsp_format format, const float *left,
			 const float *right, void *out, uint32_t frames);

#endif
