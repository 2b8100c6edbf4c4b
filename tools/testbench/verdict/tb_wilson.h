/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The Wilson score interval for a binomial proportion (Wilson 1927; Brown,
 * Cai and DasGupta 2001 recommend it over the normal "Wald" interval, which
 * collapses to [0, 0] when no story failed and so claims certainty that
 * zero failures in N stories cannot give).
 */
#ifndef ADX_TB_WILSON_H
#define ADX_TB_WILSON_H

#include <stdint.h>

struct tb_interval {
	double estimate;   /* failures / trials */
	double low;
	double high;
};

/* z = 1.959964 for 95 %. trials == 0 gives [0, 1] (nothing is known). */
struct tb_interval tb_wilson(uint64_t failures, uint64_t trials, double z);
struct tb_interval tb_wilson95(uint64_t failures, uint64_t trials);

#endif
