// SPDX-License-Identifier: BSD-3-Clause
#include <math.h>

#include "tb_wilson.h"

struct tb_interval tb_wilson(uint64_t failures, uint64_t trials, double z)
{
	struct tb_interval ci = { 0.0, 0.0, 1.0 };
	double n, p, z2, centre, half, denom;

	if (!trials || failures > trials)
		return ci;
	n = (double)trials;
	p = (double)failures / n;
	z2 = z * z;
	denom = 1.0 + z2 / n;
	centre = (p + z2 / (2.0 * n)) / denom;
	half = z / denom * sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
	ci.estimate = p;
	/* Rounding can push the bounds a hair past the estimate at p = 0 or 1. */
	ci.low = failures == 0 ? 0.0 : fmax(0.0, centre - half);
	ci.high = failures == trials ? 1.0 : fmin(1.0, centre + half);
	return ci;
}

struct tb_interval tb_wilson95(uint64_t failures, uint64_t trials)
{
	return tb_wilson(failures, trials, 1.959963984540054);
}
