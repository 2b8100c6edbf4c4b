/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Running a sweep through the lab: each task is one story, written as its
 * scenario YAML, loaded back from that file (so what runs is exactly what
 * a user replays) and run under every cell of the plan. The outcome of a
 * run is classified by tb_outcome_of(): what counts as a failure lives
 * there and in docs/verdict.md, nowhere else.
 */
#ifndef ADX_TB_SWEEP_RUN_H
#define ADX_TB_SWEEP_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lab/lab.h"
#include "verdict/tb_sweep.h"

struct tb_sweep_run {
	const struct tb_sweep_plan *plan;
	const char *stories_dir;      /* story YAMLs are written here */
	bool keep_stories;            /* false: each is removed after its runs */
	const char *inputs_cache;
	bool skip_engine_audio;       /* memory and timing only (adx_dax_skip_engine_audio) */
	const char *scenario;         /* set: run this scenario, not generated stories */
};

/* The outcome of one lab run of story `story` in cell `cell`. */
struct tb_story_outcome tb_outcome_of(const struct lab_result *res, uint32_t story,
				      uint32_t cell);

/*
 * Pool task (tb_pool_task_fn): runs story `task` of the plan's shard under
 * every cell; `record` holds tb_sweep_num_cells() outcomes.
 */
int tb_sweep_run_story(void *ctx, uint32_t task, void *record);

/*
 * Runs the plan's shard with `jobs` workers. *outcomes (freed by the
 * caller) gets (end - first) * cells outcomes, story-major.
 */
int tb_sweep_run_all(const struct tb_sweep_run *run, unsigned jobs,
		     struct tb_story_outcome **outcomes, size_t *num_outcomes, char *err,
		     size_t err_size);

/*
 * Writes story `index` of the plan's seed as YAML into `path` (atomically),
 * at the plan's first total, naming the others in a comment.
 */
int tb_sweep_write_story(const char *path, const struct tb_sweep_plan *plan, uint32_t index,
			 char *err, size_t err_size);

#endif
