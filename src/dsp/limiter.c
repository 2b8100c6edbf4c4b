// SPDX-License-Identifier: BSD-3-Clause
/*
 * The limiter works a period at a time in passes, so that all but one are
 * plain loops over independent samples that compilers vectorise:
 *  1. peaks: max(|L|, |R|) per sample, after the last W-1 peaks of the
 *     previous period (a window spans the boundary);
 *  2. the sliding maximum over W peaks, by van Herk / Gil-Werman: cut the
 *     peaks into blocks of W; a window then covers the tail of one block and
 *     the head of the next, so its maximum is max(suffix max, prefix max),
 *     about three comparisons per sample whatever the signal;
 *  3. need = ceiling / peak where the peak exceeds the ceiling;
 *  4. the one serial pass: instant attack to need, exponential release,
 *     and the box mean over W (a running sum, re-added from its ring at
 *     each period so its rounding cannot accumulate);
 *  5. the delayed audio times the gain, clamped to the ceiling.
 */
#include <string.h>
#include <math.h>

#include "limiter.h"

#define W ADX_LIMITER_WINDOW
#define D ADX_LIMITER_LOOKAHEAD

void adx_limiter_configure(struct adx_limiter *lim, float ceiling_db, float rate)
{
	lim->ceiling = powf(10.0f, ceiling_db / 20.0f);
	lim->release_coef = 1.0f - expf(-1.0f / (ADX_LIMITER_RELEASE_MS * 0.001f * rate));
}

void adx_limiter_reset(struct adx_limiter *lim)
{
	uint32_t i;

	lim->gain = 1.0f;
	for (i = 0; i < W; i++)
		lim->box[i] = 1.0f;
	lim->box_pos = 0;
	memset(lim->peak_history, 0, sizeof(lim->peak_history));
	memset(lim->delay, 0, sizeof(lim->delay));
}

static float max2(float a, float b)
{
	return a > b ? a : b;
}

/*
 * A NaN peaks at 0 on purpose: the sample itself leaves as 0 (clamp_abs),
 * so it needs no gain reduction, and taking it as loud would hold the gain
 * down for a whole release time after the input is clean again.
 */
static float peak_of(float left, float right)
{
	float peak = max2(fabsf(left), fabsf(right));

	return peak == peak ? peak : 0.0f;
}

/* peaks[0..D) = history, peaks[D..D+frames) = this period's. */
static void collect_peaks(struct adx_limiter *lim, const float *left, const float *right,
			  uint32_t frames, float *peaks)
{
	uint32_t i;

	memcpy(peaks, lim->peak_history, sizeof(lim->peak_history));
	for (i = 0; i < frames; i++)
		peaks[D + i] = peak_of(left[i], right[i]);
	memcpy(lim->peak_history, peaks + frames, sizeof(lim->peak_history));
}

/* window_max[i] = max(peaks[i .. i + W - 1]) for i < frames. */
static void sliding_max(const float *peaks, uint32_t frames, float *window_max)
{
	uint32_t n = frames + D, start, i;
	float prefix;

	/* Suffix maxima within each block of W, written in place of the result. */
	for (start = 0; start < n; start += W) {
		uint32_t end = start + W < n ? start + W : n;
		float run = peaks[end - 1];

		for (i = end; i-- > start;) {
			run = max2(run, peaks[i]);
			window_max[i] = run;
		}
	}
	/* Prefix maxima, running ahead by D, combined with the suffixes. */
	for (start = 0; start < n; start += W) {
		uint32_t end = start + W < n ? start + W : n;

		prefix = peaks[start];
		for (i = start; i < end; i++) {
			prefix = max2(prefix, peaks[i]);
			if (i >= D)
				window_max[i - D] = max2(window_max[i - D], prefix);
		}
	}
}

/* In place: window maxima in, smoothed gains out. */
static void gains_from_peaks(struct adx_limiter *lim, float *g, uint32_t frames)
{
	float ceiling = lim->ceiling, rc = lim->release_coef, gain = lim->gain, sum = 0.0f;
	uint32_t pos = lim->box_pos, i;

	/* ceiling / max(peak, ceiling): 1 below the ceiling, with no branch. */
	for (i = 0; i < frames; i++)
		g[i] = ceiling / max2(g[i], ceiling);
	for (i = 0; i < W; i++)
		sum += lim->box[i];
	for (i = 0; i < frames; i++) {
		float need = g[i];

		gain = need < gain ? need : gain + (need - gain) * rc;
		sum += gain - lim->box[pos];
		lim->box[pos] = gain;
		pos = pos + 1 == W ? 0 : pos + 1;
		g[i] = sum * (1.0f / (float)W);
	}
	lim->gain = gain;
	lim->box_pos = pos;
}

/* To [-limit, limit]; a NaN (which compares false both ways) becomes 0. */
static float clamp_abs(float x, float limit)
{
	float y = x > limit ? limit : x;

	y = y < -limit ? -limit : y;
	return y == y ? y : 0.0f;
}

/* x[i] = clamp(x[i - D] * g[i]), the first D from the delay line; line
 * holds D + frames floats of scratch. */
static void delay_and_apply(float *delay, float *x, const float *g, uint32_t frames,
			    float ceiling, float *line)
{
	uint32_t i;

	memcpy(line, delay, D * sizeof(float));
	memcpy(line + D, x, frames * sizeof(float));
	for (i = 0; i < frames; i++)
		x[i] = clamp_abs(line[i] * g[i], ceiling);
	memcpy(delay, line + frames, D * sizeof(float));
}

void adx_limiter_process(struct adx_limiter *lim, float *left, float *right,
			 uint32_t frames, float *scratch)
{
	float *peaks = scratch, *gains = scratch + ADX_LIMITER_SCRATCH_FLOATS / 2;

	collect_peaks(lim, left, right, frames, peaks);
	sliding_max(peaks, frames, gains);
	gains_from_peaks(lim, gains, frames);
	/* peaks are spent: their space holds the delayed audio. */
	delay_and_apply(lim->delay[0], left, gains, frames, lim->ceiling, peaks);
	delay_and_apply(lim->delay[1], right, gains, frames, lim->ceiling, peaks);
}
