/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The observer interface: what a measuring tool (the testbench, a profiler,
 * a debug console) may read about the running firmware, and nothing it
 * could steer with. Control goes through IPC (adx/ipc/ipc.h); measurement
 * goes through these read-only getters, each owned by the layer that owns
 * the figure:
 *
 *   figure                               getter
 *   module process calls, bypassed       adx_observe_module_stats()   (here)
 *   frames, leaks
 *   DP task cycles, deadline misses,     adx_observe_dp_stats()       (here)
 *   exec and response histograms
 *   scheduler ticks, LL work, jitter     struct adx_sched_stats       (adx/sched/sched.h)
 *   heap totals, fragmentation, blocks   adx_heap_get_stats(),
 *                                        adx_heap_walk()              (adx/mem/heap.h)
 *   per-owner heap use, owner names      adx_mem_owners_visit(),
 *                                        adx_mem_owner_name()         (adx/mem/module_mem.h)
 *   copier underruns and frames          adx_copier_get_stats()       (adx/modules/copier.h)
 *   DAX instance and engine memory       adx_dax_get_stats(),
 *                                        adx_dax_get_memory_stats()   (adx/modules/dax.h)
 *   leaked blocks a deleted pipeline     the DELETE_PIPELINE reply's
 *   left behind                          extension                    (adx/ipc/ipc.h)
 *
 * Threads: the module and DP figures are written by the LL and DP threads;
 * read them after adx_sched_run_ticks() returns and, for DP figures, after
 * adx_sched_drain(), a cancel or a post (the calls that order the
 * executor's writes before the reads, see adx/sched/sched.h).
 */
#ifndef ADX_OBSERVE_H
#define ADX_OBSERVE_H

#include "adx/audio/module_adapter.h"

/* What the adapter counted for this instance. */
const struct adx_module_stats *adx_observe_module_stats(const struct adx_module *mod);
/* A DP module's task statistics; NULL for an LL module. */
const struct adx_dp_task_stats *adx_observe_dp_stats(const struct adx_module *mod);

#endif
