/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Look-ahead peak limiter, stereo-linked.
 *
 * With W = ADX_LIMITER_WINDOW samples and the audio delayed by W - 1
 * (ADX_LIMITER_LOOKAHEAD):
 *   need[n] = min(1, ceiling / max(|L[n]|, |R[n]|))
 *   hold[n] = min(need[n - W + 1 .. n])                 (sliding minimum)
 *   g[n]    = hold[n] if it is lower than g[n-1], else g[n-1] moves
 *             towards hold[n] with the release time constant
 *   out[n]  = in[n - W + 1] * mean(g[n - W + 1 .. n])   (box smoothing)
 * Every g in the box window belongs to a hold window that contains the
 * output's input sample, so each is <= its need and so is their mean: the
 * output never exceeds the ceiling, and the gain reaches it over W samples
 * (a 1 ms attack) with no step. A final clamp to the ceiling only absorbs
 * float rounding of the mean.
 *
 * Periods are at most ADX_LIMITER_MAX_FRAMES; scratch holds
 * ADX_LIMITER_SCRATCH_FLOATS floats.
 */
#ifndef ADX_DSP_LIMITER_H
#define ADX_DSP_LIMITER_H

#include <stdint.h>

#define ADX_LIMITER_LOOKAHEAD 48u
#define ADX_LIMITER_WINDOW (ADX_LIMITER_LOOKAHEAD + 1u)
#define ADX_LIMITER_RELEASE_MS 100.0f
#define ADX_LIMITER_DEFAULT_CEILING_DB -1.0f
#define ADX_LIMITER_MAX_FRAMES 256u
#define ADX_LIMITER_SCRATCH_FLOATS (2u * (ADX_LIMITER_MAX_FRAMES + ADX_LIMITER_LOOKAHEAD))

struct adx_limiter {
	float ceiling;          /* linear */
	float release_coef;     /* per sample */
	float gain;             /* g[n-1] */
	uint32_t box_pos;       /* oldest entry of box */
	float box[ADX_LIMITER_WINDOW];
	float peak_history[ADX_LIMITER_LOOKAHEAD];  /* last W-1 peaks */
	float delay[2][ADX_LIMITER_LOOKAHEAD];      /* last D input samples */
};

void adx_limiter_configure(struct adx_limiter *lim, float ceiling_db, float rate);
void adx_limiter_reset(struct adx_limiter *lim);
void adx_limiter_process(struct adx_limiter *lim, float *left, float *right,
			 uint32_t frames, float *scratch);

#endif
