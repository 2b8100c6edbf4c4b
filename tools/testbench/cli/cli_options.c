// SPDX-License-Identifier: BSD-3-Clause
/* Command-line parsing for adx-testbench; every bad value is named. */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define DEFAULT_HEAP_BYTES (256u * 1024)

void tb_options_defaults(struct tb_options *opt)
{
	memset(opt, 0, sizeof(*opt));
	opt->output = "out/testbench-out.wav";
	opt->mode = ADX_EXEC_VIRTUAL;
	opt->heap_bytes = DEFAULT_HEAP_BYTES;
	opt->heap_kind = ADX_HEAP_KIND_ADX;
	opt->dp_block_frames = 48;
	opt->dp_period_us = 1000;
	opt->dp_cost_ns = 100000;
	opt->control_model = ADX_CTRL_CANCEL_JOIN;
	opt->out_dir = "out";
	opt->progress = true;
	opt->policy = ADX_DAX_POLICY_PREPARE;
}

static int bad(char *err, size_t err_size, const char *option, const char *value,
	       const char *expected)
{
	snprintf(err, err_size, "%s '%s': expected %s", option, value, expected);
	return -EINVAL;
}

static int parse_u64(const char *text, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || *end || text[0] == '-' || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

static int parse_size(const char *text, size_t *out)
{
	char *end;
	unsigned long long v;
	uint64_t mult = 1;

	errno = 0;
	v = strtoull(text, &end, 10);
	if (errno || end == text || text[0] == '-')
		return -EINVAL;
	if (*end == 'K' || *end == 'k')
		mult = 1024;
	else if (*end == 'M' || *end == 'm')
		mult = 1024 * 1024;
	if (mult != 1)
		end++;
	if (*end || v > (1ull << 31) / mult)
		return -EINVAL;
	*out = (size_t)(v * mult);
	return 0;
}

enum long_only {
	OPT_THREADS = 1000,
	OPT_REALTIME,
	OPT_HEAP_SIZE,
	OPT_HEAP,
	OPT_GAIN,
	OPT_DP_BLOCK,
	OPT_DP_PERIOD,
	OPT_DP_COST,
	OPT_CONTROL_MODEL,
	OPT_PIPELINE,
	OPT_MODULE_LIB,
	OPT_POLICY,
	OPT_COMPARE,
	OPT_OUT,
	OPT_UNTIL,
	OPT_NO_PLOTS,
	OPT_NO_TRACE,
	OPT_NO_PROGRESS,
	OPT_INPUTS_CACHE,
	OPT_CALIBRATE,
	OPT_CALIBRATION_CHILD,
	OPT_SAME_HEAP,
	OPT_STORIES,
	OPT_SEED,
	OPT_BUDGETS,
	OPT_SHARD,
	OPT_JOBS,
	OPT_WRITE_STORIES,
	OPT_MIN_MEMORY,
	OPT_MIN_MEMORY_STORIES,
	OPT_WITH_AUDIO,
	OPT_MERGE,
};

static const struct option long_options[] = {
	{ "input", required_argument, NULL, 'i' },
	{ "output", required_argument, NULL, 'o' },
	{ "rate", required_argument, NULL, 'r' },
	{ "channels", required_argument, NULL, 'c' },
	{ "format", required_argument, NULL, 'b' },
	{ "threads", no_argument, NULL, OPT_THREADS },
	{ "realtime", no_argument, NULL, OPT_REALTIME },
	{ "heap-size", required_argument, NULL, OPT_HEAP_SIZE },
	{ "heap", required_argument, NULL, OPT_HEAP },
	{ "gain", required_argument, NULL, OPT_GAIN },
	{ "dp-block", required_argument, NULL, OPT_DP_BLOCK },
	{ "dp-period", required_argument, NULL, OPT_DP_PERIOD },
	{ "dp-cost", required_argument, NULL, OPT_DP_COST },
	{ "control-model", required_argument, NULL, OPT_CONTROL_MODEL },
	{ "pipeline", required_argument, NULL, OPT_PIPELINE },
	{ "module-lib", required_argument, NULL, OPT_MODULE_LIB },
	{ "scenario", required_argument, NULL, 's' },
	{ "policy", required_argument, NULL, OPT_POLICY },
	{ "compare", no_argument, NULL, OPT_COMPARE },
	{ "out", required_argument, NULL, OPT_OUT },
	{ "until", required_argument, NULL, OPT_UNTIL },
	{ "no-plots", no_argument, NULL, OPT_NO_PLOTS },
	{ "no-trace", no_argument, NULL, OPT_NO_TRACE },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "inputs-cache", required_argument, NULL, OPT_INPUTS_CACHE },
	{ "calibrate", no_argument, NULL, OPT_CALIBRATE },
	{ "calibration-child", required_argument, NULL, OPT_CALIBRATION_CHILD },
	{ "same-heap", no_argument, NULL, OPT_SAME_HEAP },
	{ "stories", required_argument, NULL, OPT_STORIES },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "budgets", required_argument, NULL, OPT_BUDGETS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "jobs", required_argument, NULL, OPT_JOBS },
	{ "write-stories", required_argument, NULL, OPT_WRITE_STORIES },
	{ "min-memory", no_argument, NULL, OPT_MIN_MEMORY },
	{ "min-memory-stories", required_argument, NULL, OPT_MIN_MEMORY_STORIES },
	{ "with-audio", no_argument, NULL, OPT_WITH_AUDIO },
	{ "merge", no_argument, NULL, OPT_MERGE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int parse_gain(struct tb_options *opt, const char *text)
{
	char *end;
	double db = strtod(text, &end);

	if (end == text || *end || !isfinite(db) || db > 24.0 || db < -120.0)
		return -EINVAL;
	opt->gain_db = db;
	return 0;
}

static int parse_one(struct tb_options *opt, int c, const char *arg, char *err,
		     size_t err_size)
{
	uint64_t v;

	switch (c) {
	case 'i': opt->input = arg; return 0;
	case 'o': opt->output = arg; return 0;
	case 'r':
		if (parse_u64(arg, 384000, &v) || !v)
			return bad(err, err_size, "--rate", arg, "a rate in Hz, 1..384000");
		opt->expect_rate = (uint32_t)v;
		return 0;
	case 'c':
		if (parse_u64(arg, ADX_MAX_CHANNELS, &v) || !v)
			return bad(err, err_size, "--channels", arg, "1..8");
		opt->expect_channels = (uint16_t)v;
		return 0;
	case 'b':
		if (adx_format_parse(arg, &opt->format))
			return bad(err, err_size, "--format", arg, "s16, s32 or float");
		opt->format_given = true;
		return 0;
	case OPT_THREADS: opt->mode = ADX_EXEC_THREADS; opt->mode_given = true; return 0;
	case OPT_REALTIME:
		opt->mode = ADX_EXEC_THREADS;
		opt->realtime = true;
		opt->mode_given = true;
		return 0;
	case 's': opt->scenario = arg; return 0;
	case OPT_POLICY: {
		char policies[120], expected[140];

		tb_policy_list(policies, sizeof(policies));
		snprintf(expected, sizeof(expected), "one of: %s", policies);
		if (adx_dax_policy_parse(arg, &opt->policy))
			return bad(err, err_size, "--policy", arg, expected);
		opt->policy_given = true;
		return 0;
	}
	case OPT_COMPARE: opt->compare = true; return 0;
	case OPT_OUT: opt->out_dir = arg; return 0;
	case OPT_UNTIL: {
		char *end;
		double ms = strtod(arg, &end);

		if (end == arg || *end || !isfinite(ms) || ms <= 0)
			return bad(err, err_size, "--until", arg, "a time in ms above 0");
		opt->until_ms = ms;
		return 0;
	}
	case OPT_NO_PLOTS: opt->no_plots = true; return 0;
	case OPT_NO_TRACE: opt->no_trace = true; return 0;
	case OPT_NO_PROGRESS: opt->progress = false; return 0;
	case OPT_INPUTS_CACHE: opt->inputs_cache = arg; return 0;
	case OPT_CALIBRATE: opt->calibrate = true; return 0;
	case OPT_CALIBRATION_CHILD: opt->calibration_child = arg; return 0;
	case OPT_SAME_HEAP: opt->same_heap = true; return 0;
	case OPT_STORIES: opt->stories = arg; return 0;
	case OPT_SEED: opt->seed = arg; return 0;
	case OPT_BUDGETS: opt->budgets = arg; return 0;
	case OPT_SHARD: opt->shard = arg; return 0;
	case OPT_JOBS: opt->jobs = arg; return 0;
	case OPT_WRITE_STORIES: opt->write_stories = arg; return 0;
	case OPT_MIN_MEMORY: opt->min_memory = true; return 0;
	case OPT_MIN_MEMORY_STORIES: opt->min_memory_stories = arg; return 0;
	case OPT_WITH_AUDIO: opt->with_audio = true; return 0;
	case OPT_MERGE: opt->merge = true; return 0;
	case OPT_HEAP_SIZE:
		if (parse_size(arg, &opt->heap_bytes) || opt->heap_bytes < 4096)
			return bad(err, err_size, "--heap-size", arg, "bytes >= 4096, K or M suffix");
		opt->heap_size_given = true;
		return 0;
	case OPT_HEAP: {
		char kinds[120], expected[140];

		tb_heap_kind_list(kinds, sizeof(kinds));
		snprintf(expected, sizeof(expected), "one of: %s", kinds);
		if (adx_heap_kind_parse(arg, &opt->heap_kind))
			return bad(err, err_size, "--heap", arg, expected);
		opt->heap_given = true;
		return 0;
	}
	case OPT_GAIN:
		if (parse_gain(opt, arg))
			return bad(err, err_size, "--gain", arg, "dB between -120 and +24");
		return 0;
	case OPT_DP_BLOCK:
		if (parse_u64(arg, 48000, &v) || !v)
			return bad(err, err_size, "--dp-block", arg, "frames, 1..48000");
		opt->dp_block_frames = (uint32_t)v;
		return 0;
	case OPT_DP_PERIOD:
		if (parse_u64(arg, 1000, &v) || !v)
			return bad(err, err_size, "--dp-period", arg, "whole ms, 1..1000");
		opt->dp_period_us = (uint32_t)v * 1000;
		return 0;
	case OPT_DP_COST:
		if (parse_u64(arg, 10000000, &v))
			return bad(err, err_size, "--dp-cost", arg, "microseconds");
		opt->dp_cost_ns = v * 1000;
		return 0;
	case OPT_CONTROL_MODEL:
		if (!strcmp(arg, "cancel-join"))
			opt->control_model = ADX_CTRL_CANCEL_JOIN;
		else if (!strcmp(arg, "post"))
			opt->control_model = ADX_CTRL_POST_TO_DP;
		else
			return bad(err, err_size, "--control-model", arg, "cancel-join or post");
		return 0;
	case OPT_PIPELINE:
		if (!strcmp(arg, "default"))
			opt->pipeline = TB_PIPELINE_DEFAULT;
		else if (!strcmp(arg, "gain"))
			opt->pipeline = TB_PIPELINE_GAIN;
		else
			return bad(err, err_size, "--pipeline", arg, "default or gain");
		return 0;
	case OPT_MODULE_LIB: opt->module_lib = arg; return 0;
	case 'q': opt->quiet = true; return 0;
	}
	snprintf(err, err_size, "unknown option (see --help)");
	return -EINVAL;
}

enum tb_parse_result tb_options_parse(struct tb_options *opt, int argc, char **argv,
				      char *err, size_t err_size)
{
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:o:r:c:b:s:qhV", long_options, NULL)) != -1) {
		if (c == 'h') {
			tb_options_usage(argv[0]);
			return TB_PARSE_EXIT_OK;
		}
		if (c == 'V') {
			printf("adx-testbench 0.1.0\n");
			return TB_PARSE_EXIT_OK;
		}
		if (c == ':') {
			snprintf(err, err_size, "%s needs a value", argv[optind - 1]);
			return TB_PARSE_ERROR;
		}
		if (c == '?') {
			snprintf(err, err_size, "unknown option '%s' (see --help)", argv[optind - 1]);
			return TB_PARSE_ERROR;
		}
		if (parse_one(opt, c, optarg, err, err_size))
			return TB_PARSE_ERROR;
	}
	if (opt->merge) {
		opt->merge_files = argv + optind;
		opt->num_merge_files = argc - optind;
		return TB_PARSE_RUN;
	}
	if (optind < argc) {
		snprintf(err, err_size, "unexpected argument '%s' (see --help)", argv[optind]);
		return TB_PARSE_ERROR;
	}
	if (opt->stories && !opt->scenario)
		return TB_PARSE_RUN;
	if (opt->scenario && opt->input) {
		snprintf(err, err_size, "-i and --scenario exclude each other (see --help)");
		return TB_PARSE_ERROR;
	}
	if (opt->compare && opt->policy_given) {
		snprintf(err, err_size, "--compare runs every policy; drop --policy (see --help)");
		return TB_PARSE_ERROR;
	}
	if (!opt->scenario && (opt->compare || opt->policy_given || opt->until_ms ||
			       opt->calibrate || opt->calibration_child)) {
		snprintf(err, err_size,
			 "--compare, --policy, --until and --calibrate need --scenario (see --help)");
		return TB_PARSE_ERROR;
	}
	if (opt->calibrate && opt->calibration_child) {
		snprintf(err, err_size, "--calibration-child is internal to --calibrate");
		return TB_PARSE_ERROR;
	}
	if (opt->merge || opt->stories)
		return TB_PARSE_RUN;
	if (!opt->input && !opt->scenario) {
		snprintf(err, err_size, "no input: give -i FILE or --scenario FILE (see --help)");
		return TB_PARSE_ERROR;
	}
	return TB_PARSE_RUN;
}
