/* SPDX-License-Identifier: BSD-3-Clause */
/* The sweep's tables on the terminal: failure probability per total, details, minimum memory. */
#ifndef ADX_TB_SWEEP_TABLE_H
#define ADX_TB_SWEEP_TABLE_H

#include <stdio.h>

#include "verdict/tb_min_memory.h"
#include "verdict/tb_sweep.h"

/* One row per policy x heap, one column per total: stories with any failure. */
void tb_print_failure_matrix(FILE *out, const struct tb_sweep_plan *plan,
			     const struct tb_cell_summary *sums);
/* Every figure of each policy x heap at one total. */
void tb_print_budget_details(FILE *out, const struct tb_sweep_plan *plan,
			     const struct tb_cell_summary *sums, uint32_t budget);
void tb_print_min_memory(FILE *out, const struct tb_min_memory *mins, int num_mins,
			 uint32_t stories);

#endif
