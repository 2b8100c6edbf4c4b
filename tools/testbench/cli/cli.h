/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The command line of adx-testbench, the cli room's door: the options, the
 * plain -i/-o run of a fixed pipeline (cli_runner.c) and scenario mode
 * (cli_lab.c), which main() picks between.
 */
#ifndef ADX_TB_CLI_H
#define ADX_TB_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/format.h"
#include "adx/audio/module_adapter.h"
#include "adx/mem/heap.h"
#include "adx/sched/sched.h"
#include "scenario/scenario.h"

enum tb_pipeline_kind {
	TB_PIPELINE_DEFAULT,  /* host -> volume -> dp-passthrough -> dai */
	TB_PIPELINE_GAIN,     /* host -> volume -> dai */
};

struct tb_options {
	const char *input;
	const char *output;
	uint32_t expect_rate;          /* -r: 0 = whatever the file has */
	uint16_t expect_channels;      /* -c: 0 = whatever the file has */
	bool format_given;             /* -b */
	enum adx_sample_format format;
	enum adx_exec_mode mode;
	bool realtime;
	size_t heap_bytes;
	enum adx_heap_kind heap_kind;
	double gain_db;
	uint32_t dp_block_frames;
	uint32_t dp_period_us;
	uint64_t dp_cost_ns;
	enum adx_control_model control_model;
	enum tb_pipeline_kind pipeline;
	const char *module_lib;        /* --module-lib: a loaded module replaces the DP stage */
	bool quiet;
	/* scenario mode (--scenario) */
	const char *scenario;
	bool heap_given;               /* --heap overrides the scenario's heap kinds */
	bool heap_size_given;          /* --heap-size overrides the scenario's heap size */
	bool policy_given;
	enum adx_dax_policy policy;
	bool compare;                  /* all four policies */
	const char *out_dir;           /* [out] */
	const char *inputs_cache;      /* converted inputs [OUT/inputs] */
	double until_ms;               /* 0: the whole scenario */
	bool no_plots;
	bool no_trace;
	bool progress;                 /* progress bar on a terminal */
	bool mode_given;
	bool calibrate;                /* --calibrate: re-run each policy/heap under callgrind */
	const char *calibration_child; /* internal: run one policy/heap, write its slot map */
	bool same_heap;                /* --same-heap: static's region on top of the heap */
	/* sweeps (docs/verdict.md); values are checked by tb_verdict_main */
	const char *stories;           /* --stories N */
	const char *seed;              /* --seed S [1] */
	const char *budgets;           /* --budgets LIST of totals */
	const char *shard;             /* --shard i/n */
	const char *jobs;              /* --jobs N [cores] */
	const char *write_stories;     /* --write-stories DIR */
	bool min_memory;               /* --min-memory */
	const char *min_memory_stories; /* --min-memory-stories M [the --stories count] */
	bool with_audio;               /* --with-audio: sweeps render the engine's audio */
	bool merge;                    /* --merge: the arguments left are shard files */
	char **merge_files;
	int num_merge_files;
};

enum tb_parse_result {
	TB_PARSE_RUN,
	TB_PARSE_EXIT_OK,    /* --help, --version */
	TB_PARSE_ERROR,
};

void tb_options_defaults(struct tb_options *opt);
/* Parses argv; on error writes the reason into err. */
enum tb_parse_result tb_options_parse(struct tb_options *opt, int argc, char **argv,
				      char *err, size_t err_size);
void tb_options_usage(const char *prog);

/* Plain runs: the default pipeline over an input file, and the figures gathered. */
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

/*
 * adx-testbench --scenario: load, run every asked (policy, heap), write
 * outputs. Returns the process exit status (0, 1 failed, 2 bad scenario or usage).
 */
int tb_lab_main(const struct tb_options *opt);

/* --stories, --min-memory, --merge: sweeps and the verdict (cli_verdict.c, docs/verdict.md). */
bool tb_verdict_wanted(const struct tb_options *opt);
/* Returns the process exit status (0, 1 failed, 2 bad usage or input). */
int tb_verdict_main(const struct tb_options *opt);

#endif
