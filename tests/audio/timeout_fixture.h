/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the timeout tests share: a locked heap, the threads executor
 * (unpaced, short back-pressure) and a "hog": a bare stall module, started,
 * whose held cycle keeps the one DSP core busy so that other DP modules'
 * cycles and posted ops wait behind it past their op timeout.
 */
#ifndef ADX_TEST_TIMEOUT_FIXTURE_H
#define ADX_TEST_TIMEOUT_FIXTURE_H

#include <stddef.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"
#include "adx/mem/heap.h"
#include "adx/sched/sched.h"
#include "stall_module.h"

struct CMUnitTest;

/*
 * The op timeout of a call the hog is meant to make time out: short, so
 * the suite stays fast (the hog holds the core as long as a test wants).
 * Every other call gets TO_RELAXED_TIMEOUT_NS, so a loaded machine's slow
 * thread wake-ups never turn an op that must succeed into a timeout.
 */
#define TO_OP_TIMEOUT_NS (20ull * 1000 * 1000)
#define TO_RELAXED_TIMEOUT_NS (5ull * 1000 * 1000 * 1000)
#define TO_LONG_WAIT_NS (5ull * 1000 * 1000 * 1000)

struct to_fixture {
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_mutex heap_lock;
	struct adx_sched sched;
	struct stall_control hog_ctl;
	struct stall_control *hog_ctl_ptr;
	struct adx_module_instance hog;
};

void to_init(struct to_fixture *f, size_t heap_bytes);
/* Frees the hog, checks the heap holds nothing and validates, tears down. */
void to_destroy(struct to_fixture *f);
/* Runs ticks until the hog's cycle holds the core (asserts it does). */
void to_hog_hold(struct to_fixture *f);
/* Lets the hog's cycle end and waits until no DP cycle is left in flight. */
void to_hog_release(struct to_fixture *f);
/* Runs `ticks` ticks and drains the DP work they released. */
void to_run(struct to_fixture *f, uint64_t ticks);

/*
 * Runs ticks one at a time, draining after each, until the module of `ctl`
 * has run process() more than `before` times (asserts it does within a
 * bound of ticks, not of wall time).
 */
void to_run_until_processed(struct to_fixture *f, struct stall_control *ctl,
			    unsigned int before);

/* A stall module on the fixture's scheduler, its timeout TO_RELAXED_TIMEOUT_NS; init only. */
void to_module_init(struct to_fixture *f, struct adx_module_instance *inst, const char *name,
		    struct stall_control **ctl_ptr, enum adx_control_model model);

/*
 * Runs the group, or with a test name as argv[1] only that test (each case
 * on its own, to see which one a build without the fix breaks).
 */
int to_run_tests(const char *group, const struct CMUnitTest *tests, size_t count,
		 int argc, char **argv);

#endif
