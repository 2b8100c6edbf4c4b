/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * DP pass-through, a test module: copies blocks of block_frames on a DP
 * task with the given deadline period and virtual-time cost, so DP
 * scheduling is exercised without the DAX module.
 */
#ifndef ADX_MODULES_DP_PASSTHROUGH_H
#define ADX_MODULES_DP_PASSTHROUGH_H

#include <stdint.h>

#include "adx/module/interface.h"

struct adx_dp_passthrough_init {
	uint32_t block_frames;
	uint32_t period_us;
	uint64_t cycle_cost_ns;
};

extern const struct adx_module_driver adx_dp_passthrough_driver;

#endif
