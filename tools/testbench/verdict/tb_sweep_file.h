/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The files of a sweep, all JSON (jansson), all written atomically:
 *  - a shard file: the plan (seed, story count, cells), the shard's index,
 *    the version that produced it, and the raw outcome of every (story,
 *    cell) of its slice;
 *  - the sweep report: the plan and one summary per cell, computed from the
 *    outcomes alone, so a merged set of shards and an unsharded run give the
 *    same bytes.
 */
#ifndef ADX_TB_SWEEP_FILE_H
#define ADX_TB_SWEEP_FILE_H

#include <stddef.h>

#include "verdict/tb_sweep.h"

#define TB_SHARD_FORMAT "adx-sweep-shard-1"

int tb_shard_write(const char *path, const struct tb_sweep_plan *plan, const char *version,
		   const struct tb_story_outcome *outcomes, size_t num_outcomes, char *err,
		   size_t err_size);

/*
 * Reads shard files 1..n of one sweep, in any order, and returns the whole
 * sweep's plan (shard 1 of 1) and its outcomes sorted by story, then cell
 * (freed by the caller). Refuses, naming the file: a file that is not a
 * shard, a version other than `version`, a plan (seed, stories, cells,
 * shard count) unlike the first file's, a shard given twice, a missing
 * shard, and outcomes outside the shard's slice or missing from it.
 */
int tb_shard_merge(const char *const *paths, int num_paths, const char *version,
		   struct tb_sweep_plan *plan, struct tb_story_outcome **outcomes,
		   size_t *num_outcomes, char *err, size_t err_size);

int tb_sweep_report_write(const char *path, const struct tb_sweep_plan *plan,
			  const char *version, const struct tb_cell_summary *summaries,
			  char *err, size_t err_size);

#endif
