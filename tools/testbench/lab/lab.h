/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scenario lab, the lab room's door: runs a scenario's timeline through
 * the firmware as a host driver would (fw/fw.h), under one DAX policy and
 * one heap, and gathers what report.json, trace.json and the plots show.
 *
 * A sweep runs lab_run() once per (policy, heap, heap size): the scenario
 * from tb_scenario_load() (its heap_bytes may be set before each run), the
 * inputs from lab_inputs_load() once, and the results to report/report.h.
 */
#ifndef ADX_TB_LAB_H
#define ADX_TB_LAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"
#include "adx/sched/sched.h"
#include "audio/audio_file.h"
#include "scenario/scenario.h"

struct lab_trace;
struct lab_progress;

struct lab_run_options {
	const struct tb_scenario *sc;
	const struct tb_audio *inputs;     /* one per pipeline, in its format */
	enum adx_dax_policy policy;
	bool policy_forced;                /* --policy/--compare: overrides per-module policies */
	enum adx_heap_kind heap;
	enum adx_exec_mode mode;
	bool realtime;
	enum adx_control_model control_model;
	uint64_t until_us;                 /* 0: the scenario's length */
	const char *audio_dir;             /* DAI files go here; NULL: not written */
	struct lab_trace *trace;           /* NULL: no trace */
	int trace_pid;
	struct lab_progress *progress;     /* NULL: silent */
	bool echo_errors;                  /* firmware error lines to stderr as well */
	bool wrap_modules;                 /* every module's process() behind its own
					    * lab_wrap trampoline (callgrind calibration) */
	bool same_heap;                    /* --same-heap: the heap is the whole total and a
					    * static region comes on top (unequal totals) */
};

struct lab_sample {
	uint64_t t_ns;
	size_t used;
	size_t free;
	size_t largest;
	size_t committed;                  /* engine bytes committed (heap + static) */
	double fragmentation;
};

struct lab_failure {
	uint64_t t_ns;
	size_t size;
	char owner[40];
	char op[96];
};

struct lab_op_record {
	uint64_t t_ns;
	char what[96];
	int ret;
	char note[160];
	int8_t mid_cycle;                  /* -1: not asked (no mid_cycle key); 1: issued
					    * while the module's DP cycle was in flight and
					    * answered after it ended; 0: it was not */
};

enum lab_block_class {
	LAB_BLOCK_FREE,
	LAB_BLOCK_ENGINE,
	LAB_BLOCK_BURST,
	LAB_BLOCK_OTHER,
};

struct lab_block {
	uint32_t offset;
	uint32_t size;
	uint8_t cls;                       /* enum lab_block_class */
};

struct lab_block_map {
	uint64_t t_ns;
	char label[96];
	size_t request;
	bool failed;
	size_t num_blocks;
	struct lab_block *blocks;
};

struct lab_module_stats {
	char name[48];                     /* pipeline.module */
	char driver[24];
	bool dp;
	uint64_t process_calls;
	uint64_t bypassed_frames;
	uint64_t dp_cycles;
	uint64_t dp_deadline_misses;
	uint64_t declared_cost_ns;         /* per period (LL) or per cycle (DP) */
	uint32_t period_us;
	struct adx_duration_hist exec;     /* DP cycles: virtual cost or wall ns */
	uint64_t instructions;             /* measured over measured_cycles (DP only) */
	uint64_t measured_cycles;
	bool calibrated;                   /* --calibrate measured it under callgrind */
	double calibrated_instructions_per_call; /* per process() call: per LL period
						  * or per DP cycle */
	uint64_t calibrated_calls;         /* process() calls callgrind counted */
};

struct lab_endpoint_stats {
	char pipeline[TB_NAME_MAX];
	char name[TB_NAME_MAX];
	uint64_t frames_in;
	uint64_t frames_out;
	uint64_t underruns;
	uint64_t underrun_frames;
	char path[512];
};

struct lab_switch {
	uint64_t t_ns;
	char pipeline[TB_NAME_MAX];
	int64_t first_processed_frame;     /* input frames from start to the end of the
					    * first block the engine ran; -1: none */
	double first_processed_ms;
	double install_to_first_ms;        /* the module's switch_to_first_frames; -1: none */
	uint64_t bypassed_frames;          /* by this DAX instance during this start */
	uint64_t handoffs_in;              /* region received during this start */
	size_t largest_free_at_engine_request; /* just before its DAX instance asked for
						* its engine: hw_params (init), else prepare */
	size_t free_at_engine_request;
};

struct lab_log_line {
	uint64_t t_ns;
	char level[8];
	char text[160];
};

struct lab_result {
	enum adx_dax_policy policy;
	enum adx_heap_kind heap;
	enum adx_exec_mode mode;
	bool realtime;                     /* threads paced to the wall clock */
	const char *dax_driver;
	size_t total_memory;               /* heap + static region: what the run was given */
	size_t static_region;              /* 0 unless a DAX instance ran the static policy */
	bool same_heap;                    /* --same-heap: the region came on top of the heap */
	size_t heap_total;
	size_t peak_used;
	size_t peak_committed;
	size_t largest_free_at_switch;     /* SIZE_MAX: no DAX prepare after the first */
	uint64_t alloc_failures;
	uint64_t engine_failures;          /* failed allocations of engine size */
	uint64_t bypassed_frames;
	uint64_t underruns;
	uint64_t dp_deadline_misses;
	uint64_t op_errors;
	uint64_t mid_cycle_asked;          /* ops with a mid_cycle key */
	uint64_t mid_cycle_landed;         /* of those, ops that landed inside a DP cycle */
	uint64_t leaked_blocks;            /* reported by the firmware at delete */
	uint64_t blocks_left;              /* heap blocks still used after everything closed */
	uint64_t ticks;
	struct adx_duration_hist ll_work;
	bool instructions_measured;        /* false: see instructions_why */
	char instructions_why[200];
	struct adx_duration_hist ll_instructions; /* per tick, all LL work */
	uint64_t ipc_messages;
	uint64_t ipc_rejected;
	uint64_t ipc_blobs;
	uint64_t ipc_fragments;
	struct lab_log_line *log;          /* firmware warnings and errors */
	size_t num_log;
	uint64_t log_dropped;
	double audio_seconds;              /* virtual duration of the run */
	double wall_seconds;
	double x_realtime;
	struct lab_sample *samples;
	size_t num_samples;
	struct lab_failure *failures;
	size_t num_failures;
	struct lab_op_record *ops;
	size_t num_ops;
	struct lab_block_map *maps;
	size_t num_maps;
	struct lab_module_stats *modules;
	size_t num_modules;
	struct lab_endpoint_stats endpoints[TB_MAX_PIPELINES];
	int num_endpoints;
	struct lab_switch *switches;
	size_t num_switches;
	uint64_t trace_events_dropped;
	char calibration_file[1100];       /* callgrind output of --calibrate; "": none */
};

/* Loads (or generates, or converts with sox into cache_dir) every pipeline's input. */
int lab_inputs_load(const struct tb_scenario *sc, const char *cache_dir,
		    struct tb_audio *inputs, char *err, size_t err_size);
void lab_inputs_free(const struct tb_scenario *sc, struct tb_audio *inputs);

/* True when some DAX instance of the run uses the static policy (and so its region). */
bool lab_reserves_static_region(const struct lab_run_options *opt);

/* Runs one (policy, heap). 0, or -errno with err set when the run could not start. */
int lab_run(const struct lab_run_options *opt, struct lab_result *res, char *err,
	    size_t err_size);
void lab_result_free(struct lab_result *res);
/* The virtual length of a run in LL ticks (for progress totals). */
uint64_t lab_run_ticks(const struct tb_scenario *sc, uint64_t until_us);

/* "virtual", "threads" (as fast as they go) or "realtime" (threads paced to the wall clock). */
const char *lab_executor_name(const struct lab_result *res);

/*
 * The --calibrate child's side: after its one run, which trampoline symbol
 * served which instance and the process() calls the lab counted (calib.h).
 */
int lab_calib_write_child(const char *path, const struct lab_result *res, char *err,
			  size_t err_size);

#endif
