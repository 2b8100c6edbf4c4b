/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * --min-memory: for one policy x heap, the smallest total memory at which
 * every story (or the one scenario) runs with zero failures of any kind,
 * by bisection to 1 KiB. Failure need not be monotone in the budget (a
 * different heap size moves every block, and a burst may land in a hole
 * that did not exist one KiB lower), so the answer is checked by probing
 * the KiBs around it; every probe that disagrees with monotonicity is
 * reported, never hidden (docs/verdict.md).
 */
#ifndef ADX_TB_MIN_MEMORY_H
#define ADX_TB_MIN_MEMORY_H

#include <stdbool.h>
#include <stdint.h>

#include "verdict/tb_sweep_run.h"

#define TB_MIN_MEMORY_PROBES 4        /* KiBs checked on each side of the answer */
#define TB_MIN_MEMORY_CAP (8u << 20)  /* the search gives up above this total */

struct tb_min_memory {
	char policy[TB_SWEEP_NAME_MAX];
	char heap[TB_SWEEP_NAME_MAX];
	bool found;                      /* false: failures even at TB_MIN_MEMORY_CAP */
	uint64_t total_bytes;            /* the answer (a multiple of 1 KiB) */
	uint32_t probes;                 /* budgets run, bisection and checks */
	uint32_t non_monotone;           /* probes that contradict monotonicity */
	uint64_t non_monotone_at[2 * TB_MIN_MEMORY_PROBES];
};

/*
 * `base` names the stories (seed, count) or the scenario; its plan's
 * policies/heaps/budgets are ignored. `least_total` is the least total the
 * policy accepts.
 */
int tb_min_memory_search(const struct tb_sweep_run *base, const char *policy, const char *heap,
			 uint64_t least_total, unsigned jobs, struct tb_min_memory *out, char *err,
			 size_t err_size);

#endif
