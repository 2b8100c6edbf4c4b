/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef ADX_UTIL_HIST_H
#define ADX_UTIL_HIST_H

#include <stdint.h>

/*
 * Fixed-bin histogram of durations, so percentiles need no allocation
 * (the scheduler's LL and DP statistics, benchmarks, reports).
 * Bins are log-spaced (HDR layout): exact below 16 ns, then 16 sub-bins
 * per power of two, so a bin is at most 1/16 (6.25%) of its lower bound
 * wide; bins cover 0 .. 2^35 ns (34 s), longer values share the last one.
 */
#define ADX_HIST_BINS 512
struct adx_duration_hist {
	uint64_t count;
	uint64_t max_ns;
	uint64_t sum_ns;
	uint32_t bins[ADX_HIST_BINS]; /* log-spaced; see adx_hist_percentile() */
};
void adx_hist_add(struct adx_duration_hist *hist, uint64_t ns);
/*
 * Upper bound of the bin holding the p-th percentile (0 < p <= 100), in ns:
 * the largest value that bin can hold, capped at max_ns. The p-th
 * percentile is the sample of rank ceil(p * count / 100) in sorted order;
 * the result is >= it and exceeds it by less than 1/16. 0 when the
 * histogram is empty or p is out of range.
 */
uint64_t adx_hist_percentile(const struct adx_duration_hist *hist, double p);

#endif
