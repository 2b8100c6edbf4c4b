/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A DP test module whose cycle can be made to overrun any op timeout: once
 * armed, its next cycle stops inside process() until the test lets it go.
 * While it stops there it holds the one simulated DSP core, so every other
 * DP module's cycles and posted ops wait behind it: the path docs/design.md §5
 * bounds with the op timeout. Every op is counted; process() moves one
 * block from its source to its sink (producing a counter when it has no
 * source, consuming when it has no sink), with a sync point before and
 * after, where the virtual-time explorer can pause it. In virtual time a
 * cycle that overruns is one whose declared cost (cycle_cost_ns) is longer
 * than its period.
 *
 * init_data is a pointer to the module's struct stall_control, which must
 * outlive the instance.
 */
#ifndef ADX_TEST_STALL_MODULE_H
#define ADX_TEST_STALL_MODULE_H

#include <stdatomic.h>
#include <stdbool.h>

#include "adx/module/interface.h"
#include "adx/platform/platform.h"

enum stall_op {
	STALL_INIT,
	STALL_PREPARE,
	STALL_PROCESS,
	STALL_RESET,
	STALL_FREE,
	STALL_TRIGGER,
	STALL_PROCESS_UNPREPARED,   /* a tripwire: process() ran with its reset done */
	STALL_OPS,
};

struct stall_control {
	atomic_uint calls[STALL_OPS];
	uint64_t cycle_cost_ns;  /* virtual-time cost of a cycle; 0: 100 us */
	struct adx_mutex lock;
	struct adx_cond changed;
	bool armed;      /* the next cycle stops (lock) */
	bool held;       /* a cycle is stopped inside process() (lock) */
};

extern const struct adx_module_driver stall_dp_driver;

void stall_init(struct stall_control *ctl);
void stall_destroy(struct stall_control *ctl);
/* The next cycle stops inside process() until stall_release(). */
void stall_arm(struct stall_control *ctl);
/* Waits up to timeout_ns for an armed cycle to stop there; true once one has. */
bool stall_wait_held(struct stall_control *ctl, uint64_t timeout_ns);
/* Lets a stopped cycle go (and disarms). */
void stall_release(struct stall_control *ctl);
unsigned int stall_calls(struct stall_control *ctl, enum stall_op op);

#endif
