/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Volume (LL): gain in Q8.23 (1.0 = 1 << 23) with a linear ramp, applied in
 * the stream's own format: integer formats multiply in 64 bits and round to
 * nearest, so unity gain is bit-exact. Configuration id ADX_VOLUME_CFG_GAIN
 * takes a struct adx_volume_config; the latest one wins at the next period.
 */
#ifndef ADX_MODULES_VOLUME_H
#define ADX_MODULES_VOLUME_H

#include <stdint.h>

#include "adx/module/interface.h"

#define ADX_VOLUME_CFG_GAIN 1u
#define ADX_VOLUME_UNITY_Q8_23 (1 << 23)
struct adx_volume_config {
	int32_t gain_q8_23;     /* 0 .. 16.0 */
	uint32_t ramp_frames;   /* 0: jump */
};

extern const struct adx_module_driver adx_volume_driver;

#endif
