// SPDX-License-Identifier: BSD-3-Clause
/*
 * Duration histogram with log-spaced bins (the HDR-histogram layout):
 * values below 16 ns have a bin each; above, every power of two is split
 * into 16 equal sub-bins. A bin is therefore at most 1/16 (6.25%) of its
 * lower bound wide, and percentiles overestimate by less than that.
 *
 * Why 16 and not finer: durations of interest run from nanoseconds (an
 * empty LL tick) to seconds (a stuck DP cycle), a range of 2^35. At 1.5%
 * that would take about 1600 bins; 512 bins at 6.25% cover 0..34 s, and
 * longer values share the last bin, whose bound is then max_ns. Binning
 * needs only a count-leading-zeros, no floating point on the hot path.
 */
#include <math.h>

#include "adx/util/hist.h"

enum {
	SUB_BITS = 4,                     /* 16 sub-bins per power of two */
	SUB_BINS = 1 << SUB_BITS,
	/* The highest power of two with its own sub-bins: 2^34 .. 2^35-1 ns. */
	TOP_OCTAVE = SUB_BITS + (ADX_HIST_BINS - SUB_BINS) / SUB_BINS - 1,
};
_Static_assert(ADX_HIST_BINS % SUB_BINS == 0, "bins must hold whole octaves");
_Static_assert(TOP_OCTAVE == 34, "bin layout changed: update the comment");

static unsigned int bin_of(uint64_t ns)
{
	unsigned int octave;
	unsigned int sub;

	if (ns < SUB_BINS)
		return (unsigned int)ns;
	octave = 63u - (unsigned int)__builtin_clzll(ns);
	if (octave > TOP_OCTAVE)
		return ADX_HIST_BINS - 1;
	sub = (unsigned int)(ns >> (octave - SUB_BITS)) & (SUB_BINS - 1);
	return SUB_BINS + (octave - SUB_BITS) * SUB_BINS + sub;
}

/* The largest value a bin holds (the last bin also holds every larger one). */
static uint64_t bin_upper(unsigned int bin)
{
	unsigned int octave;
	unsigned int sub;
	uint64_t width;

	if (bin < SUB_BINS)
		return bin;
	if (bin == ADX_HIST_BINS - 1)
		return UINT64_MAX;
	octave = (bin - SUB_BINS) / SUB_BINS + SUB_BITS;
	sub = (bin - SUB_BINS) % SUB_BINS;
	width = 1ull << (octave - SUB_BITS);
	return (SUB_BINS + sub) * width + width - 1;
}

void adx_hist_add(struct adx_duration_hist *hist, uint64_t ns)
{
	hist->count++;
	hist->sum_ns += ns;
	if (ns > hist->max_ns)
		hist->max_ns = ns;
	hist->bins[bin_of(ns)]++;
}

/* 1-based rank of the p-th percentile: the smallest rank covering p% of samples. */
static uint64_t percentile_rank(uint64_t count, double p)
{
	/* The small slack keeps p * count / 100 that is an integer in exact
	 * arithmetic from rounding up past it (e.g. 99.9 * 1000 / 100). */
	double rank = ceil(p * (double)count / 100.0 - 1e-9);

	if (rank < 1.0)
		return 1;
	if (rank > (double)count)
		return count;
	return (uint64_t)rank;
}

uint64_t adx_hist_percentile(const struct adx_duration_hist *hist, double p)
{
	uint64_t rank;
	uint64_t seen = 0;
	unsigned int bin;

	if (!hist->count || !(p > 0.0 && p <= 100.0))
		return 0;
	rank = percentile_rank(hist->count, p);
	for (bin = 0; bin < ADX_HIST_BINS; bin++) {
		seen += hist->bins[bin];
		if (seen >= rank)
			break;
	}
	if (bin == ADX_HIST_BINS) /* bins overflowed their 32 bits: no bound but the max */
		return hist->max_ns;
	/* No sample exceeds max_ns, so it is a tighter bound for the top bin. */
	return bin_upper(bin) < hist->max_ns ? bin_upper(bin) : hist->max_ns;
}
