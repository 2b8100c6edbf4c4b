// SPDX-License-Identifier: BSD-3-Clause
/*
 * The sliding maximum is a monotonic deque (values decreasing from the
 * front), amortised O(1) per sample: each peak enters and leaves once.
 * Tracking the maximum peak is the same as tracking the minimum needed
 * gain, with one division per sample instead of one per window entry.
 */
#include <math.h>
#include <string.h>

#include "limiter.h"

void adx_limiter_configure(struct adx_limiter *lim, float ceiling_db, float rate)
{
	lim->ceiling = powf(10.0f, ceiling_db / 20.0f);
	lim->release_coef = 1.0f - expf(-1.0f / (ADX_LIMITER_RELEASE_MS * 0.001f * rate));
}

void adx_limiter_reset(struct adx_limiter *lim)
{
	uint32_t i;

	lim->gain = 1.0f;
	for (i = 0; i < ADX_LIMITER_WINDOW; i++)
		lim->box[i] = 1.0f;
	lim->box_sum = (float)ADX_LIMITER_WINDOW;
	lim->box_pos = 0;
	lim->delay_pos = 0;
	lim->now = 0;
	lim->peak_head = 0;
	lim->peak_count = 0;
	memset(lim->delay, 0, sizeof(lim->delay));
}

static uint32_t ring_at(uint32_t head, uint32_t k)
{
	return (head + k) % ADX_LIMITER_WINDOW;
}

/* Pushes this sample's peak and returns the window's maximum. */
static float window_peak(struct adx_limiter *lim, float peak)
{
	uint32_t back;

	/* Expire first, so the ring never holds more than WINDOW entries. */
	if (lim->peak_count &&
	    lim->now - lim->peak_time[lim->peak_head] >= ADX_LIMITER_WINDOW) {
		lim->peak_head = ring_at(lim->peak_head, 1);
		lim->peak_count--;
	}
	while (lim->peak_count) {
		back = ring_at(lim->peak_head, lim->peak_count - 1);
		if (lim->peak_value[back] > peak)
			break;
		lim->peak_count--;
	}
	back = ring_at(lim->peak_head, lim->peak_count);
	lim->peak_value[back] = peak;
	lim->peak_time[back] = lim->now;
	lim->peak_count++;
	lim->now++;
	return lim->peak_value[lim->peak_head];
}

static float smoothed_gain(struct adx_limiter *lim, float hold)
{
	float g = lim->gain;

	g = hold < g ? hold : g + (hold - g) * lim->release_coef;
	lim->gain = g;
	lim->box_sum += g - lim->box[lim->box_pos];
	lim->box[lim->box_pos] = g;
	lim->box_pos = lim->box_pos + 1 == ADX_LIMITER_WINDOW ? 0 : lim->box_pos + 1;
	return lim->box_sum * (1.0f / (float)ADX_LIMITER_WINDOW);
}

static float clamp_abs(float x, float limit)
{
	return x > limit ? limit : (x < -limit ? -limit : x);
}

/* The running box sum is re-added from its ring each period, so its
 * rounding cannot accumulate. */
static void resum_box(struct adx_limiter *lim)
{
	float sum = 0.0f;
	uint32_t i;

	for (i = 0; i < ADX_LIMITER_WINDOW; i++)
		sum += lim->box[i];
	lim->box_sum = sum;
}

void adx_limiter_process(struct adx_limiter *lim, float *left, float *right,
			 uint32_t frames)
{
	float ceiling = lim->ceiling;
	uint32_t i;

	resum_box(lim);
	for (i = 0; i < frames; i++) {
		float l = left[i], r = right[i];
		float peak = fmaxf(fabsf(l), fabsf(r));
		float wp = window_peak(lim, peak);
		float hold = wp > ceiling ? ceiling / wp : 1.0f;
		float g = smoothed_gain(lim, hold);
		uint32_t d = lim->delay_pos;

		left[i] = clamp_abs(lim->delay[0][d] * g, ceiling);
		right[i] = clamp_abs(lim->delay[1][d] * g, ceiling);
		lim->delay[0][d] = l;
		lim->delay[1][d] = r;
		lim->delay_pos = d + 1 == ADX_LIMITER_LOOKAHEAD ? 0 : d + 1;
	}
}
