// SPDX-License-Identifier: BSD-3-Clause
/*
 * The limiter works a period at a time in passes, so that all but one are
 * plain loops over independent samples that compilers vectorise:
 *  1. peaks: per interval, the largest magnitude of the sample and of the
 *     three interpolated points after it, over both channels, written
 *     after the last hold-window - 1 peaks of the previous period (a window
 *     spans the boundary);
 *  2. the sliding maximum over the hold window, by van Herk / Gil-Werman:
 *     cut the peaks into blocks of the window's length; a window then
 *     covers the tail of one block and the head of the next, so its maximum
 *     is max(suffix max, prefix max), about three comparisons per sample
 *     whatever the signal;
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
#define HOLD (D + 1u)
#define T ADX_LIMITER_TP_TAPS
#define POINTS ADX_LIMITER_TP_POINTS

static const double pi = 3.14159265358979323846;

/* Zeroth-order modified Bessel function of the first kind, by its series. */
static double bessel_i0(double x)
{
	double term = 1.0, sum = 1.0;
	uint32_t k;

	for (k = 1; k < 30u; k++) {
		term *= (x / (2.0 * k)) * (x / (2.0 * k));
		sum += term;
	}
	return sum;
}

/*
 * Point k (at (k + 1) / (POINTS + 1) of the interval) from taps T: tap j
 * weighs the sample at distance d = frac + T/2 - 1 - j, by sinc(d) under a
 * Kaiser window spanning the taps, normalised to unity gain at DC. With so
 * few taps, a mild window (beta ADX_LIMITER_TP_KAISER_BETA) keeps the
 * passband up to 20 kHz at or above unity: the interpolator errs towards
 * reading high, which only costs a little headroom.
 */
static void design_interpolator(float taps[POINTS][T])
{
	const double beta = ADX_LIMITER_TP_KAISER_BETA;
	uint32_t k, j;

	for (k = 0; k < POINTS; k++) {
		double frac = (double)(k + 1) / (double)(POINTS + 1), h[T], sum = 0.0;

		for (j = 0; j < T; j++) {
			double d = frac + (double)(T / 2u) - 1.0 - (double)j;
			double u = d / (double)(T / 2u);
			double window = bessel_i0(beta * sqrt(1.0 - u * u)) / bessel_i0(beta);

			h[j] = sin(pi * d) / (pi * d) * window;
			sum += h[j];
		}
		for (j = 0; j < T; j++)
			taps[k][j] = (float)(h[j] / sum);
	}
}

/*
 * Each tap four times over, in the order raise_interval_peaks() reads them;
 * and the largest sum of tap magnitudes, which bounds how far above the
 * samples' magnitude an interpolated point can reach.
 */
static void spread_to_lanes(struct adx_limiter *lim)
{
	uint32_t k, j, lane;

	lim->interp_bound = 0.0f;
	for (k = 0; k < POINTS; k++) {
		float sum = 0.0f;

		for (j = 0; j < T; j++) {
			for (lane = 0; lane < 4u; lane++)
				lim->interp_lanes[j][k][lane] = lim->interp[k][j];
			sum += fabsf(lim->interp[k][j]);
		}
		lim->interp_bound = sum > lim->interp_bound ? sum : lim->interp_bound;
	}
}

void adx_limiter_configure(struct adx_limiter *lim, float ceiling_db, float rate)
{
	lim->ceiling = powf(10.0f, ceiling_db / 20.0f);
	lim->margin = powf(10.0f, ADX_LIMITER_TP_MARGIN_DB / 20.0f);
	lim->release_coef = 1.0f - expf(-1.0f / (ADX_LIMITER_RELEASE_MS * 0.001f * rate));
	design_interpolator(lim->interp);
	spread_to_lanes(lim);
}

void adx_limiter_reset(struct adx_limiter *lim)
{
	uint32_t i;

	lim->gain = 1.0f;
	for (i = 0; i < W; i++)
		lim->box[i] = 1.0f;
	lim->box_pos = 0;
	memset(lim->tp_history, 0, sizeof(lim->tp_history));
	memset(lim->peak_history, 0, sizeof(lim->peak_history));
	memset(lim->delay, 0, sizeof(lim->delay));
}

static float max2(float a, float b)
{
	return a > b ? a : b;
}

/*
 * peak = max(peak, |v|), where a NaN v leaves peak as it is, on purpose: the
 * sample itself leaves as 0 (clamp_abs), so it needs no gain reduction, and
 * taking it as loud would hold the gain down for a whole release time after
 * the input is clean again.
 */
static float raise_peak(float peak, float v)
{
	float magnitude = fabsf(v);

	return magnitude > peak ? magnitude : peak;
}

/*
 * The interpolator runs on four-lane vectors (GCC/Clang vector extensions,
 * lowered to SSE, NEON or HiFi SIMD, or to scalar code where there is none):
 * four consecutive intervals at a time, each input vector loaded once and
 * used by all three points, the sums and their maximum kept in registers.
 */
typedef float f32x4 __attribute__((vector_size(16)));
typedef float f32x4_unaligned __attribute__((vector_size(16), aligned(4)));
typedef int32_t i32x4 __attribute__((vector_size(16)));

/* max(peak, |v|) lane by lane; a NaN lane of v leaves peak (see raise_peak). */
static f32x4 raise_peak4(f32x4 peak, f32x4 v)
{
	const i32x4 magnitude_bits = { 0x7fffffff, 0x7fffffff, 0x7fffffff, 0x7fffffff };
	f32x4 magnitude = (f32x4)((i32x4)v & magnitude_bits);
	i32x4 higher = magnitude > peak;

	return (f32x4)((higher & (i32x4)magnitude) | (~higher & (i32x4)peak));
}

/* max |x[i]| over n samples, NaN ignored. */
static float largest_magnitude(const float *x, uint32_t n)
{
	f32x4 high = { 0 };
	float largest;
	uint32_t i;

	for (i = 0; i + 4u <= n; i += 4u)
		high = raise_peak4(high, *(const f32x4_unaligned *)(x + i));
	largest = max2(max2(high[0], high[1]), max2(high[2], high[3]));
	for (; i < n; i++)
		largest = raise_peak(largest, x[i]);
	return largest;
}

/* One interval at a time: peak = max(peak, |x[T/2 - 1]|, |the points after it|). */
static float interval_peak(const float taps[POINTS][T], const float *x, float peak)
{
	uint32_t k, j;

	peak = raise_peak(peak, x[T / 2u - 1u]);
	for (k = 0; k < POINTS; k++) {
		float acc = 0.0f;

		for (j = 0; j < T; j++)
			acc += taps[k][j] * x[j];
		peak = raise_peak(peak, acc);
	}
	return peak;
}

/*
 * peak[i] = max(peak[i], the magnitudes of x[i + T/2 - 1] and of the points
 * interpolated after it), for i < frames; x holds T - 1 + frames samples.
 */
static void raise_interval_peaks(const struct adx_limiter *lim, const float *x,
				 uint32_t frames, float *peak)
{
	_Static_assert(POINTS == 3, "one accumulator per interpolated point");
	_Static_assert(T == 8, "the tap loop is written out for eight taps");
	const f32x4 *lanes = (const f32x4 *)lim->interp_lanes;
	uint32_t i;

	if (largest_magnitude(x, T - 1u + frames) * lim->interp_bound * lim->margin <=
	    lim->ceiling) {
		/* No interpolated point can reach the ceiling: the samples
		 * alone give the same gains. */
		for (i = 0; i < frames; i++)
			peak[i] = raise_peak(peak[i], x[i + T / 2u - 1u]);
		return;
	}
	for (i = 0; i + 4u <= frames; i += 4u) {
		f32x4 quarter = { 0 }, half = { 0 }, three_quarters = { 0 }, high;

/* Tap j of all three points on the four intervals from x[i]. */
#define TAP(j)                                                                  \
	do {                                                                    \
		f32x4 xj = *(const f32x4_unaligned *)(x + i + (j));            \
		quarter += lanes[POINTS * (j)] * xj;                            \
		half += lanes[POINTS * (j) + 1u] * xj;                          \
		three_quarters += lanes[POINTS * (j) + 2u] * xj;                \
	} while (0)
		TAP(0); TAP(1); TAP(2); TAP(3); TAP(4); TAP(5); TAP(6); TAP(7);
#undef TAP
		high = *(const f32x4_unaligned *)(peak + i);
		high = raise_peak4(high, *(const f32x4_unaligned *)(x + i + T / 2u - 1u));
		high = raise_peak4(high, quarter);
		high = raise_peak4(high, half);
		high = raise_peak4(high, three_quarters);
		*(f32x4_unaligned *)(peak + i) = high;
	}
	for (; i < frames; i++)
		peak[i] = interval_peak(lim->interp, x + i, peak[i]);
}

/* One channel after its T - 1 last samples, in line (T - 1 + frames floats). */
static void extend(float *history, const float *x, uint32_t frames, float *line)
{
	memcpy(line, history, (T - 1u) * sizeof(float));
	memcpy(line + T - 1u, x, frames * sizeof(float));
	memcpy(history, line + frames, (T - 1u) * sizeof(float));
}

/* peaks[0..D) = history, peaks[D..D+frames) = this period's; line holds
 * T - 1 + frames floats of scratch. The peaks lag the input by T/2. */
static void collect_peaks(struct adx_limiter *lim, const float *left, const float *right,
			  uint32_t frames, float *peaks, float *line)
{
	memcpy(peaks, lim->peak_history, sizeof(lim->peak_history));
	memset(peaks + D, 0, frames * sizeof(float));
	extend(lim->tp_history[0], left, frames, line);
	raise_interval_peaks(lim, line, frames, peaks + D);
	extend(lim->tp_history[1], right, frames, line);
	raise_interval_peaks(lim, line, frames, peaks + D);
	memcpy(lim->peak_history, peaks + frames, sizeof(lim->peak_history));
}

/* window_max[i] = max(peaks[i .. i + HOLD - 1]) for i < frames. */
static void sliding_max(const float *peaks, uint32_t frames, float *window_max)
{
	uint32_t n = frames + D, start, i;
	float prefix;

	/* Suffix maxima within each block of HOLD, written in place of the result. */
	for (start = 0; start < n; start += HOLD) {
		uint32_t end = start + HOLD < n ? start + HOLD : n;
		float run = peaks[end - 1];

		for (i = end; i-- > start;) {
			run = max2(run, peaks[i]);
			window_max[i] = run;
		}
	}
	/* Prefix maxima, running ahead by D, combined with the suffixes. */
	for (start = 0; start < n; start += HOLD) {
		uint32_t end = start + HOLD < n ? start + HOLD : n;

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
	float ceiling = lim->ceiling, margin = lim->margin, rc = lim->release_coef;
	float gain = lim->gain, sum = 0.0f;
	uint32_t pos = lim->box_pos, i;

	/* ceiling / max(peak, ceiling): 1 below the ceiling, with no branch. */
	for (i = 0; i < frames; i++)
		g[i] = ceiling / max2(g[i] * margin, ceiling);
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
	const uint32_t part = ADX_LIMITER_SCRATCH_FLOATS / 3u;
	float *peaks = scratch, *gains = scratch + part, *line = scratch + 2u * part;

	collect_peaks(lim, left, right, frames, peaks, line);
	sliding_max(peaks, frames, gains);
	gains_from_peaks(lim, gains, frames);
	/* peaks are spent: their space holds the delayed audio. */
	delay_and_apply(lim->delay[0], left, gains, frames, lim->ceiling, peaks);
	delay_and_apply(lim->delay[1], right, gains, frames, lim->ceiling, peaks);
}
