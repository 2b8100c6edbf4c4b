/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Look-ahead true-peak limiter, stereo-linked.
 *
 * The peak of sample interval [m, m+1) is the largest of |x[m]| and the
 * signal 4x oversampled inside it (three interpolated points, by windowed
 * sinc with T = ADX_LIMITER_TP_TAPS taps, the samples x[m-T/2+1 .. m+T/2]):
 * the true peak as ITU-R BS.1770-4 Annex 2 measures it. An interpolated
 * point depends on all T samples around it, so each peak is charged to all
 * of them: with W = ADX_LIMITER_WINDOW and the audio delayed by
 * ADX_LIMITER_LOOKAHEAD = (W - 1) + (T - 1),
 *   need[m] = min(1, ceiling / (peak[m] * margin))
 *   hold[n] = min(need over the last W + T - 1 intervals) (sliding minimum)
 *   g[n]    = hold[n] if it is lower than g[n-1], else g[n-1] moves
 *             towards hold[n] with the release time constant
 *   out[n]  = in[n - LOOKAHEAD] * mean(g[n - W + 1 .. n])   (box smoothing)
 * Every g in the box window belongs to a hold window that contains every
 * interval whose interpolation uses the output's input sample, so each is
 * <= those intervals' needs and so is their mean: no sample and, up to the
 * interpolator's accuracy (which the margin covers), no point between
 * samples exceeds the ceiling. The gain reaches it over W samples (a 1 ms
 * attack) with no step. A final clamp to the ceiling only absorbs float
 * rounding of the mean.
 *
 * Periods are at most ADX_LIMITER_MAX_FRAMES; scratch holds
 * ADX_LIMITER_SCRATCH_FLOATS floats.
 */
#ifndef ADX_DSP_LIMITER_H
#define ADX_DSP_LIMITER_H

#include <stdint.h>

#define ADX_LIMITER_WINDOW 49u
#define ADX_LIMITER_TP_TAPS 8u
#define ADX_LIMITER_TP_POINTS 3u      /* interpolated points per interval (4x) */
#define ADX_LIMITER_TP_KAISER_BETA 3.0
/* Detection reads peaks this much high (dB), for what 4x sampling and the
 * short interpolator can miss between their points. */
#define ADX_LIMITER_TP_MARGIN_DB 0.2f
#define ADX_LIMITER_LOOKAHEAD (ADX_LIMITER_WINDOW - 1u + ADX_LIMITER_TP_TAPS - 1u)
#define ADX_LIMITER_RELEASE_MS 100.0f
#define ADX_LIMITER_DEFAULT_CEILING_DB -1.0f
#define ADX_LIMITER_MAX_FRAMES 256u
#define ADX_LIMITER_SCRATCH_FLOATS (3u * (ADX_LIMITER_MAX_FRAMES + ADX_LIMITER_LOOKAHEAD))

struct adx_limiter {
	float ceiling;          /* linear */
	float margin;           /* linear, >= 1 */
	float interp_bound;     /* largest sum of |tap| over the points */
	float release_coef;     /* per sample */
	float gain;             /* g[n-1] */
	uint32_t box_pos;       /* oldest entry of box */
	float box[ADX_LIMITER_WINDOW];
	float interp[ADX_LIMITER_TP_POINTS][ADX_LIMITER_TP_TAPS];
	/* The same taps, each repeated for the four lanes of a vector. */
	float interp_lanes[ADX_LIMITER_TP_TAPS][ADX_LIMITER_TP_POINTS][4]
		__attribute__((aligned(16)));
	float tp_history[2][ADX_LIMITER_TP_TAPS - 1];   /* last T-1 input samples */
	float peak_history[ADX_LIMITER_LOOKAHEAD];      /* last hold window - 1 peaks */
	float delay[2][ADX_LIMITER_LOOKAHEAD];          /* last LOOKAHEAD input samples */
};

void adx_limiter_configure(struct adx_limiter *lim, float ceiling_db, float rate);
void adx_limiter_reset(struct adx_limiter *lim);
void adx_limiter_process(struct adx_limiter *lim, float *left, float *right,
			 uint32_t frames, float *scratch);

#endif
