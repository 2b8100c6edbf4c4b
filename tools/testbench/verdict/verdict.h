/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The verdict room's door (docs/verdict.md): randomized switch stories,
 * sweeps over policy x heap x total memory through the lab, their shards,
 * merge and report, the minimum-memory search, the tables, the plots and
 * the verdict's wording. The parts' headers are listed here so other rooms
 * include this one only.
 */
#ifndef ADX_TB_VERDICT_H
#define ADX_TB_VERDICT_H

#include "verdict/tb_budgets.h"
#include "verdict/tb_min_memory.h"
#include "verdict/tb_pool.h"
#include "verdict/tb_story.h"
#include "verdict/tb_sweep.h"
#include "verdict/tb_sweep_file.h"
#include "verdict/tb_sweep_run.h"
#include "verdict/tb_sweep_table.h"
#include "verdict/tb_verdict_plot.h"
#include "verdict/tb_verdict_text.h"
#include "verdict/tb_wilson.h"

#endif
