/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A probe module for tests: records every op call, can be told to fail an
 * op, allocates in init and prepare like a real module, and copies one
 * block per process call.
 */
#ifndef ADX_TEST_PROBE_MODULE_H
#define ADX_TEST_PROBE_MODULE_H

#include <stdbool.h>

#include "adx/audio/module_adapter.h"

enum probe_op {
	PROBE_INIT,
	PROBE_PREPARE,
	PROBE_PROCESS,
	PROBE_RESET,
	PROBE_FREE,
	PROBE_SET_CONFIG,
	PROBE_GET_CONFIG,
	PROBE_TRIGGER,
	PROBE_OPS,
};

struct probe_control {
	unsigned int calls[PROBE_OPS];
	int fail[PROBE_OPS];          /* non-zero: the op returns this */
	bool leak_on_failed_prepare;  /* a buggy module: keeps its prepare allocation */
};

extern const struct adx_module_driver probe_ll_driver;
extern const struct adx_module_driver probe_dp_driver;

/* init_data of a probe is a pointer to its struct probe_control. */
#endif
