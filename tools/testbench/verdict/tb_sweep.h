/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A sweep: N generated stories, each run under every policy x heap x total
 * memory budget (a "cell"). The plan fixes what is run; the outcome of one
 * (story, cell) is a handful of integers, so a sweep's results are exact
 * and the same whichever process or machine computed them. Shard i of n
 * runs a contiguous slice of the stories under every cell.
 */
#ifndef ADX_TB_SWEEP_H
#define ADX_TB_SWEEP_H

#include <stddef.h>
#include <stdint.h>

#include "verdict/tb_wilson.h"

#define TB_SWEEP_MAX_POLICIES 4
#define TB_SWEEP_MAX_HEAPS 2
#define TB_SWEEP_MAX_BUDGETS 32
#define TB_SWEEP_MAX_STORIES 10000000u
#define TB_SWEEP_MAX_SHARDS 100000u
#define TB_SWEEP_NAME_MAX 16

struct tb_sweep_plan {
	uint64_t seed;
	uint32_t stories;
	uint32_t num_policies;
	uint32_t num_heaps;
	uint32_t num_budgets;
	char policies[TB_SWEEP_MAX_POLICIES][TB_SWEEP_NAME_MAX];
	char heaps[TB_SWEEP_MAX_HEAPS][TB_SWEEP_NAME_MAX];
	uint64_t budgets[TB_SWEEP_MAX_BUDGETS];   /* total memory in bytes, ascending */
	uint32_t shard;                           /* 1-based: shard `shard` of `shards` */
	uint32_t shards;
};

struct tb_sweep_cell {
	uint32_t policy;
	uint32_t heap;
	uint32_t budget;
};

/*
 * What counts as a failure (docs/verdict.md): any one of these in a run.
 * A bypassed frame is a failure unless it came from a defined handoff.
 */
enum tb_failure_bits {
	TB_FAIL_ENGINE_ALLOC = 1u << 0,
	TB_FAIL_OTHER_ALLOC = 1u << 1,
	TB_FAIL_OP_ERROR = 1u << 2,
	TB_FAIL_UNDERRUN = 1u << 3,
	TB_FAIL_BYPASS = 1u << 4,
	TB_FAIL_KINDS = 5,
};

const char *tb_failure_name(unsigned bit_index);

struct tb_story_outcome {
	uint32_t story;
	uint32_t cell;
	uint32_t failures;             /* enum tb_failure_bits */
	uint64_t engine_committed;     /* peak engine bytes committed (heap + static) */
	uint64_t bypassed_frames;      /* every DAX instance, handoff or not */
	uint64_t worst_gap_us;         /* longest start-to-first-processed-frame */
};

struct tb_cell_summary {
	uint64_t stories;
	uint64_t failed;
	uint64_t failed_by_kind[TB_FAIL_KINDS];
	struct tb_interval ci;         /* Wilson 95 % */
	uint64_t engine_committed_max;
	uint64_t bypassed_frames_total;
	uint64_t worst_gap_us;
	int64_t first_failed_story;    /* -1: none (replay this one to see a failure) */
};

uint32_t tb_sweep_num_cells(const struct tb_sweep_plan *plan);
/* Budget-major, then heap, then policy: the table's order. */
struct tb_sweep_cell tb_sweep_cell_at(const struct tb_sweep_plan *plan, uint32_t cell);
uint32_t tb_sweep_cell_index(const struct tb_sweep_plan *plan, struct tb_sweep_cell c);

/* Stories [*first, *end) belong to the plan's shard. */
void tb_sweep_shard_range(const struct tb_sweep_plan *plan, uint32_t *first, uint32_t *end);

/* "i/n" with 1 <= i <= n <= TB_SWEEP_MAX_SHARDS, digits only. 0 or -EINVAL with err set. */
int tb_sweep_parse_shard(const char *text, uint32_t *shard, uint32_t *shards, char *err,
			 size_t err_size);
/* A story count: 1..TB_SWEEP_MAX_STORIES. */
int tb_sweep_parse_stories(const char *text, uint32_t *stories, char *err, size_t err_size);

/*
 * Sums outcomes (any order) into one summary per cell. `summaries` has
 * tb_sweep_num_cells() entries. -EINVAL when an outcome names a cell outside the plan.
 */
int tb_sweep_summarize(const struct tb_sweep_plan *plan, const struct tb_story_outcome *outcomes,
		       size_t num_outcomes, struct tb_cell_summary *summaries);

#endif
