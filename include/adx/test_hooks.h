/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test seams: the calls a test or the testbench uses to steer the firmware
 * into the interleavings and failures it wants to prove something about.
 * They exist only in builds configured with ADX_TEST_HOOKS=ON (the PC
 * build's default, for tests and the testbench); a firmware build
 * (-DADX_TEST_HOOKS=OFF) has none of them, as Zephyr gates its heap
 * listener and validation.
 */
#ifndef ADX_TEST_HOOKS_H
#define ADX_TEST_HOOKS_H

#if !ADX_TEST_HOOKS
#error "adx/test_hooks.h needs a build configured with ADX_TEST_HOOKS=ON"
#endif

#include <stdbool.h>
#include <stdint.h>

/*
 * Forward declarations only: the layer headers (sched.h, heap.h,
 * module_adapter.h) include this one, so it must include none of them.
 */
struct adx_dp_task;
struct adx_heap;
struct adx_module;
struct adx_sched;
struct adx_sink;
struct adx_source;

/* ---- scheduler (src/sched) ---- */

/*
 * A point where shared state is touched (ownership slot, staged settings,
 * flags). Modules reach it through adx_module_sync_point(); the
 * virtual-time executor can pause a DP cycle exactly there. Elsewhere
 * (threads, LL, control) it is a no-op costing one thread-local load.
 */
void adx_yield_point(const char *site);

/*
 * Called at each adx_yield_point() reached inside a virtual-time DP cycle.
 * Return true to pause the cycle there: the call that was running the cycle
 * (adx_sched_run_ticks or adx_sched_step_dp) returns to the caller with the
 * cycle paused, and the next run/step/cancel resumes it. The hook is asked
 * only where a pause can be honoured (a cycle run by run_ticks or
 * step_dp); when the control side waits for the cycle (cancel, post,
 * remove) or inside a posted op, yield points run straight through.
 */
typedef bool (*adx_yield_hook_fn)(void *ctx, const struct adx_dp_task *task,
				  const char *site);

void adx_sched_set_yield_hook(struct adx_sched *sched, adx_yield_hook_fn fn, void *ctx);

/*
 * Virtual time only: run the released (or paused) cycle of `task` now, in
 * the caller's virtual instant, until it ends or the yield hook pauses it.
 * Returns 0 when the cycle ended, 1 when paused, -EINVAL if the task has no
 * cycle released or paused. For tests that interleave a control op with a
 * cycle's steps.
 */
int adx_sched_step_dp(struct adx_sched *sched, struct adx_dp_task *task);

/* ---- memory (src/mem) ---- */

/* Fail the nth valid allocation from now (1 = the next). sticky: and all after. 0 disarms. */
void adx_heap_inject_failure(struct adx_heap *heap, uint64_t nth, bool sticky);

/* ---- module adapter (src/audio) ---- */

/* process()'s signature, for a probe that calls it. */
typedef int (*adx_module_process_fn)(struct adx_module *mod, struct adx_source **sources,
				     int num_sources, struct adx_sink **sinks, int num_sinks);

/*
 * Instrumentation (a testbench probe, a profiler): the adapter calls probe
 * instead of drv->ops->process, and the probe calls drv->ops->process
 * itself. The instance keeps its driver, so code that tells module types
 * apart by driver sees the real one. Only while the instance is not
 * running (-EBUSY otherwise); NULL removes the probe.
 */
int adx_module_set_process_probe(struct adx_module *mod, adx_module_process_fn probe);

#endif
