// SPDX-License-Identifier: BSD-3-Clause
/*
 * The ramp's gain is recomputed from the period's start each sample
 * (start + k * step) rather than accumulated, so rounding cannot build up
 * within a period, and the held value after the ramp is the target itself.
 */
#include "ramp.h"

void adx_ramp_set(struct adx_ramp *r, float gain)
{
	r->gain = gain;
	r->target = gain;
	r->step = 0.0f;
	r->remaining = 0;
}

void adx_ramp_to(struct adx_ramp *r, float target, uint32_t frames)
{
	if (frames == 0 || target == r->gain) {
		adx_ramp_set(r, target);
		return;
	}
	r->target = target;
	r->step = (target - r->gain) / (float)frames;
	r->remaining = frames;
}

bool adx_ramp_is_active(const struct adx_ramp *r)
{
	return r->remaining != 0;
}

/* Advances the ramp over frames samples; returns how many of them ramp. */
static uint32_t ramp_advance(struct adx_ramp *r, float *start, uint32_t frames)
{
	uint32_t ramped = frames < r->remaining ? frames : r->remaining;

	*start = r->gain;
	r->remaining -= ramped;
	r->gain = r->remaining ? *start + r->step * (float)ramped : r->target;
	return ramped;
}

void adx_ramp_gains(struct adx_ramp *r, float *gains, uint32_t frames)
{
	float start, step = r->step;
	uint32_t ramped = ramp_advance(r, &start, frames);
	uint32_t i;

	for (i = 0; i < ramped; i++)
		gains[i] = start + step * (float)(i + 1);
	for (; i < frames; i++)
		gains[i] = r->gain;
}

void adx_ramp_apply(struct adx_ramp *r, float *left, float *right, uint32_t frames)
{
	float start, step = r->step;
	uint32_t ramped = ramp_advance(r, &start, frames);
	float hold = r->gain;
	uint32_t i;

	for (i = 0; i < ramped; i++) {
		float g = start + step * (float)(i + 1);

		left[i] *= g;
		right[i] *= g;
	}
	if (hold == 1.0f)
		return;
	for (; i < frames; i++) {
		left[i] *= hold;
		right[i] *= hold;
	}
}
