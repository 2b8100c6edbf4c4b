/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The verdict's plots, rendered by gnuplot (SVG and PNG, like the lab's):
 *  - failure-vs-memory: failure probability against total memory, one
 *    curve per policy x heap with its Wilson 95 % interval as error bars:
 *    the picture a reader should see first;
 *  - min-memory: the smallest total with zero failures, one bar per
 *    policy x heap.
 */
#ifndef ADX_TB_VERDICT_PLOT_H
#define ADX_TB_VERDICT_PLOT_H

#include <stddef.h>

#include "verdict/tb_min_memory.h"
#include "verdict/tb_sweep.h"

int tb_plot_failure_vs_memory(const char *dir, const struct tb_sweep_plan *plan,
			      const struct tb_cell_summary *sums, char *err, size_t err_size);
int tb_plot_min_memory(const char *dir, const struct tb_min_memory *mins, int num_mins,
		       uint64_t engine_bytes, char *err, size_t err_size);

#endif
