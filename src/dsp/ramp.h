/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Linear gain ramps: a gain that moves to its target by a constant
 * increment per sample over a fixed number of samples, then holds it
 * exactly. A sample-to-sample step of the output therefore exceeds the
 * input's own (scaled) step by at most |increment| x |input|.
 */
#ifndef ADX_DSP_RAMP_H
#define ADX_DSP_RAMP_H

#include <stdbool.h>
#include <stdint.h>

struct adx_ramp {
	float gain;
	float target;
	float step;
	uint32_t remaining;  /* samples until gain == target */
};

/* Holds gain with no ramp in progress. */
void adx_ramp_set(struct adx_ramp *r, float gain);

/* Starts from the current gain towards target over frames samples (>= 1). */
void adx_ramp_to(struct adx_ramp *r, float target, uint32_t frames);

bool adx_ramp_is_active(const struct adx_ramp *r);

/* Writes frames per-sample gains into gains, advancing the ramp. */
void adx_ramp_gains(struct adx_ramp *r, float *gains, uint32_t frames);

/* Multiplies both channels by the ramp (one gain per frame). */
void adx_ramp_apply(struct adx_ramp *r, float *left, float *right, uint32_t frames);

#endif
