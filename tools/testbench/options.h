/* SPDX-License-Identifier: BSD-3-Clause */
/* The testbench's command line. */
#ifndef ADX_TB_OPTIONS_H
#define ADX_TB_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/format.h"
#include "adx/audio/module_adapter.h"
#include "adx/sched/sched.h"

enum tb_heap_kind {
	TB_HEAP_ADX,
	TB_HEAP_SYSHEAP,
};

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
	enum tb_heap_kind heap_kind;
	double gain_db;
	uint32_t dp_block_frames;
	uint32_t dp_period_us;
	uint64_t dp_cost_ns;
	enum adx_control_model control_model;
	enum tb_pipeline_kind pipeline;
	bool quiet;
	/* scenario mode (--scenario) */
	const char *scenario;
	bool heap_given;               /* --heap overrides the scenario's heap kinds */
	bool heap_size_given;          /* --heap-size overrides the scenario's heap size */
	bool policy_given;
	int policy;                    /* enum tb_policy (scenario.h) */
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

#endif
