/* SPDX-License-Identifier: BSD-3-Clause */
/* Runs the default pipeline over an input file and gathers the figures. */
#ifndef ADX_TB_RUNNER_H
#define ADX_TB_RUNNER_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/mem/heap.h"
#include "adx/sched/sched.h"
#include "options.h"

struct tb_result {
	struct adx_stream_params params;
	uint64_t frames_in;
	uint64_t frames_out;
	uint32_t latency_frames;
	double audio_seconds;
	double wall_seconds;
	struct adx_heap_stats heap;       /* at the end (after destroy) */
	size_t heap_high_water;
	size_t largest_free_running;      /* largest free block while the pipeline ran */
	uint64_t leaked_blocks;
	uint64_t ticks;
	uint64_t ll_work_max_ns;
	uint64_t ll_work_p99_ns;
	uint64_t dp_cycles;
	uint64_t dp_deadline_misses;
	uint64_t underrun_frames;
	bool fifo;
};

enum tb_run_status {
	TB_RUN_OK = 0,
	TB_RUN_BAD_INPUT = 2,   /* the input or the options cannot be run */
	TB_RUN_FAILED = 1,      /* the runtime failed while running */
};

enum tb_run_status tb_run(const struct tb_options *opt, struct tb_result *result,
			  char *err, size_t err_size);
void tb_print_summary(const struct tb_options *opt, const struct tb_result *result);

#endif
