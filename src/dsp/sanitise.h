/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Input sanitiser: the one place where non-finite or absurdly large float
 * input is stopped, so that no filter, window or gain state downstream can
 * ever hold a NaN or an infinity (a single one would latch a recursive
 * state for good). Counted in the engine's statistics. And its counterpart
 * at the output, which flushes what is too small to be a sample.
 */
#ifndef ADX_DSP_SANITISE_H
#define ADX_DSP_SANITISE_H

#include <stdint.h>

#include "adx/dsp/engine.h"

/* In place on channels planar buffers of frames samples each. */
void adx_sanitise(float *const *channel, uint32_t channels, uint32_t frames,
		  struct adx_dsp_stats *stats);

/*
 * In place on a stereo pair: samples below ADX_DSP_FLUSH_BELOW in magnitude
 * (subnormals included) become exactly 0, so silence in is silence out
 * whatever a stage's rounding leaves behind.
 */
#define ADX_DSP_FLUSH_BELOW 1e-30f
void adx_flush_tiny(float *left, float *right, uint32_t frames);

#endif
