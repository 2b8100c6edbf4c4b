/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The verdict in words, generated from a sweep's numbers and the minimum
 * memories: which total it talks about, which policy fails how often (with
 * its Wilson interval), what each needs to never fail, and which needs
 * least. Nothing in the wording is decided before the numbers are in.
 */
#ifndef ADX_TB_VERDICT_TEXT_H
#define ADX_TB_VERDICT_TEXT_H

#include <stdio.h>

#include "verdict/tb_min_memory.h"
#include "verdict/tb_sweep.h"

struct tb_verdict_input {
	const struct tb_sweep_plan *plan;       /* NULL: no sweep */
	const struct tb_cell_summary *sums;
	const struct tb_min_memory *mins;       /* NULL or num_mins entries */
	int num_mins;
	uint32_t min_memory_stories;            /* stories each minimum was searched over */
};

/*
 * The total the verdict's first sentence quotes: the smallest budget at
 * which some policy never failed while another did; failing that, the
 * largest budget where policies differ; failing that, the last budget.
 */
uint32_t tb_verdict_featured_budget(const struct tb_sweep_plan *plan,
				    const struct tb_cell_summary *sums);

void tb_verdict_write(FILE *out, const struct tb_verdict_input *in);

#endif
