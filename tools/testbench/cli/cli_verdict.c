// SPDX-License-Identifier: BSD-3-Clause
/*
 * The sweep's command line: checks every value first (exit 2, naming what
 * was wrong), then runs stories (all, or one shard), or merges shards, and
 * writes OUT/sweep/: report.json (or shard-i-of-n.json), min-memory.json,
 * plots/failure-vs-memory and plots/min-memory; prints the tables and the
 * generated verdict.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "adx/modules/dax.h"
#include "cli.h"
#include "scenario/scenario.h"
#include "verdict/verdict.h"

#define DEFAULT_BUDGETS "S+64K,S+96K,S+112K,S+128K,S+160K,2S,2S+64K,2S+128K"
#define STORY_MODEL "stories-1"

struct verdict {
	const struct tb_options *opt;
	struct tb_sweep_plan plan;
	struct tb_sweep_run run;
	unsigned jobs;
	uint32_t min_stories;
	char version[96];
	char dir[600];
	char stories_dir[700];
	char inputs_cache[600];
	char err[1400];
};

bool tb_verdict_wanted(const struct tb_options *opt)
{
	return opt->stories || opt->merge || opt->min_memory;
}

static int make_dir(const char *path)
{
	return mkdir(path, 0777) && errno != EEXIST ? -errno : 0;
}

static int parse_u32(const char *text, uint32_t lo, uint32_t hi, uint32_t *out)
{
	char *end;
	unsigned long long v;

	if (!text[0] || text[0] == '-' || text[0] == '+')
		return -EINVAL;
	v = strtoull(text, &end, 10);
	if (*end || v < lo || v > hi)
		return -EINVAL;
	*out = (uint32_t)v;
	return 0;
}

static int parse_seed(const char *text, uint64_t *seed)
{
	char *end;

	if (!text[0] || text[0] == '-' || text[0] == '+')
		return -EINVAL;
	errno = 0;
	*seed = strtoull(text, &end, 10);
	return *end || errno || *seed > (UINT64_MAX >> 1) ? -EINVAL : 0;
}

static void fill_names(struct tb_sweep_plan *plan)
{
	plan->num_policies = ADX_DAX_POLICY_COUNT;
	for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++)
		snprintf(plan->policies[p], TB_SWEEP_NAME_MAX, "%s",
			 adx_dax_policy_name((enum adx_dax_policy)p));
	plan->num_heaps = 2;
	snprintf(plan->heaps[0], TB_SWEEP_NAME_MAX, "%s", adx_heap_kind_name(ADX_HEAP_KIND_ADX));
	snprintf(plan->heaps[1], TB_SWEEP_NAME_MAX, "%s", adx_heap_kind_name(ADX_HEAP_KIND_SYSHEAP));
}

/* Every budget must hold the static region and a minimal heap: static runs in every sweep. */
static int check_budgets(struct verdict *v)
{
	uint64_t least = adx_dax_static_region_bytes() + TB_MIN_HEAP_BYTES;

	if (v->plan.budgets[0] < least) {
		snprintf(v->err, sizeof(v->err), "--budgets: %" PRIu64 " bytes is below the %"
			 PRIu64 " bytes the static policy needs (its %zu-byte region plus a %u-byte "
			 "heap for the firmware's own blocks)", v->plan.budgets[0], least,
			 adx_dax_static_region_bytes(), TB_MIN_HEAP_BYTES);
		return -EINVAL;
	}
	return 0;
}

static int parse_values(struct verdict *v)
{
	const struct tb_options *opt = v->opt;
	char *err = v->err;
	size_t n = sizeof(v->err);

	v->plan.shard = v->plan.shards = 1;
	v->plan.stories = 1;
	v->jobs = tb_pool_default_jobs();
	if (opt->stories && tb_sweep_parse_stories(opt->stories, &v->plan.stories, err, n))
		return -EINVAL;
	if (opt->seed && parse_seed(opt->seed, &v->plan.seed))
		return snprintf(err, n, "--seed '%.40s': expected a whole number below 2^63",
				opt->seed), -EINVAL;
	if (!opt->seed)
		v->plan.seed = 1;
	if (opt->jobs && parse_u32(opt->jobs, 1, 1024, &v->jobs))
		return snprintf(err, n, "--jobs '%.40s': expected 1..1024", opt->jobs), -EINVAL;
	if (opt->shard && tb_sweep_parse_shard(opt->shard, &v->plan.shard, &v->plan.shards, err, n))
		return -EINVAL;
	v->min_stories = v->plan.stories;
	if (opt->min_memory_stories &&
	    parse_u32(opt->min_memory_stories, 1, v->plan.stories, &v->min_stories))
		return snprintf(err, n, "--min-memory-stories '%.40s': expected 1..%u (the "
				"--stories count)", opt->min_memory_stories, v->plan.stories), -EINVAL;
	fill_names(&v->plan);
	if (tb_budgets_parse(opt->budgets ? opt->budgets : DEFAULT_BUDGETS,
			     adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS), v->plan.budgets,
			     TB_SWEEP_MAX_BUDGETS, &v->plan.num_budgets, err, n))
		return -EINVAL;
	return check_budgets(v);
}

static int check_combination(struct verdict *v)
{
	const struct tb_options *opt = v->opt;
	const char *bad = NULL;

	if (opt->merge && (opt->stories || opt->shard || opt->min_memory))
		bad = "--merge combines shard files; --stories, --shard and --min-memory belong "
		      "to the runs that wrote them";
	else if (opt->merge && !opt->num_merge_files)
		bad = "--merge needs the shard files";
	else if (opt->shard && !opt->stories)
		bad = "--shard needs --stories";
	else if (opt->shard && opt->min_memory)
		bad = "--min-memory searches the whole story set; run it unsharded";
	else if (opt->min_memory && !opt->stories && !opt->scenario)
		bad = "--min-memory needs --stories or --scenario";
	else if ((opt->seed || opt->write_stories || opt->min_memory_stories) && !opt->stories)
		bad = "--seed, --write-stories and --min-memory-stories need --stories";
	if (bad) {
		snprintf(v->err, sizeof(v->err), "%s (see --help)", bad);
		return -EINVAL;
	}
	return 0;
}

static int prepare_output(struct verdict *v)
{
	const struct tb_options *opt = v->opt;
	char plots[700];
	int ret;

	snprintf(v->dir, sizeof(v->dir), "%.500s/sweep", opt->out_dir);
	snprintf(plots, sizeof(plots), "%s/plots", v->dir);
	ret = make_dir(opt->out_dir);
	ret = ret ? ret : make_dir(v->dir);
	ret = ret ? ret : make_dir(plots);
	if (opt->write_stories)
		snprintf(v->stories_dir, sizeof(v->stories_dir), "%.600s", opt->write_stories);
	else
		snprintf(v->stories_dir, sizeof(v->stories_dir), "%s/stories.tmp", v->dir);
	ret = ret ? ret : make_dir(v->stories_dir);
	if (ret)
		snprintf(v->err, sizeof(v->err), "%s: cannot create the output folders: %s",
			 v->dir, strerror(-ret));
	return ret;
}

static double seconds_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Report, plot and tables of a whole sweep (run here or merged). */
static int finish_sweep(struct verdict *v, const struct tb_story_outcome *outcomes, size_t n,
			struct tb_cell_summary *sums)
{
	char path[800];
	int ret;

	if (tb_sweep_summarize(&v->plan, outcomes, n, sums)) {
		snprintf(v->err, sizeof(v->err), "an outcome names a cell outside the plan");
		return -EINVAL;
	}
	snprintf(path, sizeof(path), "%s/report.json", v->dir);
	ret = tb_sweep_report_write(path, &v->plan, v->version, sums, v->err, sizeof(v->err));
	if (ret)
		return ret;
	snprintf(path, sizeof(path), "%s/plots", v->dir);
	if (!v->opt->no_plots && tb_plot_failure_vs_memory(path, &v->plan, sums, v->err,
							   sizeof(v->err)))
		fprintf(stderr, "adx-testbench: %s\n", v->err);
	if (!v->opt->quiet) {
		tb_print_failure_matrix(stdout, &v->plan, sums);
		tb_print_budget_details(stdout, &v->plan, sums,
					tb_verdict_featured_budget(&v->plan, sums));
	}
	return 0;
}

static int run_stories(struct verdict *v, struct tb_cell_summary *sums, bool *have_sums)
{
	struct tb_story_outcome *outcomes;
	size_t n;
	double t0 = seconds_now();
	char path[800];
	int ret = tb_sweep_run_all(&v->run, v->jobs, &outcomes, &n, v->err, sizeof(v->err));

	if (ret)
		return ret;
	if (!v->opt->quiet)
		printf("\nsweep: %u stories x %u cells = %zu runs in %.1f s wall on %u jobs\n",
		       v->plan.stories, tb_sweep_num_cells(&v->plan), n, seconds_now() - t0, v->jobs);
	if (v->plan.shards > 1) {
		snprintf(path, sizeof(path), "%s/shard-%u-of-%u.json", v->dir, v->plan.shard,
			 v->plan.shards);
		ret = tb_shard_write(path, &v->plan, v->version, outcomes, n, v->err,
				     sizeof(v->err));
		if (!ret && !v->opt->quiet)
			printf("shard %u/%u written: %s (merge all n with --merge)\n", v->plan.shard,
			       v->plan.shards, path);
	} else {
		ret = finish_sweep(v, outcomes, n, sums);
		*have_sums = !ret;
	}
	free(outcomes);
	return ret;
}

static int run_merge(struct verdict *v, struct tb_cell_summary **sums)
{
	struct tb_story_outcome *outcomes;
	size_t n;
	int ret = tb_shard_merge((const char *const *)v->opt->merge_files,
				 v->opt->num_merge_files, v->version, &v->plan, &outcomes, &n,
				 v->err, sizeof(v->err));

	if (ret)
		return ret;
	*sums = calloc(tb_sweep_num_cells(&v->plan), sizeof(**sums));
	ret = *sums ? finish_sweep(v, outcomes, n, *sums) : -ENOMEM;
	free(outcomes);
	return ret;
}

static int write_min_memory_json(struct verdict *v, const struct tb_min_memory *mins, int n)
{
	json_t *root = json_pack("{s:s, s:I, s:I, s:o}", "version", v->version, "seed",
				 (json_int_t)v->plan.seed, "stories", (json_int_t)v->min_stories,
				 "minimums", json_array());
	char path[800];
	int ret;

	for (int i = 0; root && i < n; i++) {
		json_t *probes = json_array();

		for (uint32_t k = 0; k < mins[i].non_monotone; k++)
			json_array_append_new(probes, json_integer((json_int_t)
								   mins[i].non_monotone_at[k]));
		json_array_append_new(json_object_get(root, "minimums"), json_pack(
			"{s:s, s:s, s:b, s:I, s:I, s:o}", "policy", mins[i].policy, "heap",
			mins[i].heap, "found", mins[i].found, "total_memory_bytes",
			(json_int_t)mins[i].total_bytes, "probes", (json_int_t)mins[i].probes,
			"non_monotone_probes_bytes", probes));
	}
	snprintf(path, sizeof(path), "%s/min-memory.json", v->dir);
	ret = root && !json_dump_file(root, path, JSON_INDENT(2)) ? 0 : -EIO;
	if (ret)
		snprintf(v->err, sizeof(v->err), "%s: cannot write", path);
	json_decref(root);
	return ret;
}

static int search_minimums(struct verdict *v, struct tb_min_memory *mins, int *num_mins)
{
	struct tb_sweep_plan plan = v->plan;
	struct tb_sweep_run run = v->run;
	char plots[700];
	int ret = 0;

	plan.stories = v->min_stories;
	run.plan = &plan;
	*num_mins = 0;
	for (uint32_t h = 0; !ret && h < v->plan.num_heaps; h++)
		for (uint32_t p = 0; !ret && p < v->plan.num_policies; p++) {
			uint64_t least = TB_MIN_HEAP_BYTES + (p == ADX_DAX_POLICY_STATIC ?
							      adx_dax_static_region_bytes() : 0);

			ret = tb_min_memory_search(&run, v->plan.policies[p], v->plan.heaps[h],
						   least, v->jobs, &mins[(*num_mins)++], v->err,
						   sizeof(v->err));
		}
	ret = ret ? ret : write_min_memory_json(v, mins, *num_mins);
	snprintf(plots, sizeof(plots), "%s/plots", v->dir);
	if (!ret && !v->opt->no_plots &&
	    tb_plot_min_memory(plots, mins, *num_mins, adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS),
			       v->err, sizeof(v->err)))
		fprintf(stderr, "adx-testbench: %s\n", v->err);
	if (!ret && !v->opt->quiet)
		tb_print_min_memory(stdout, mins, *num_mins, v->min_stories);
	return ret;
}

static void say_where(const struct verdict *v, bool sweep, bool mins)
{
	if (v->opt->quiet)
		return;
	printf("\nwritten under %s/:\n", v->dir);
	if (sweep)
		printf("  report.json              every cell: failure probability, 95%% CI, "
		       "failure kinds, engine committed, bypassed, worst switch gap\n");
	if (sweep && !v->opt->no_plots)
		printf("  plots/failure-vs-memory.svg|png  the curve per policy x heap\n");
	if (mins)
		printf("  min-memory.json, plots/min-memory.svg|png\n");
	if (v->opt->write_stories)
		printf("  stories (scenario YAML, replay with --scenario): %s/\n", v->stories_dir);
}

static int run_verdict(struct verdict *v)
{
	struct tb_cell_summary *sums = NULL;
	struct tb_min_memory mins[TB_SWEEP_MAX_POLICIES * TB_SWEEP_MAX_HEAPS];
	struct tb_verdict_input in = { 0 };
	bool have_sums = false;
	int num_mins = 0, ret;

	if (v->opt->merge) {
		ret = run_merge(v, &sums);
		have_sums = !ret;
	} else {
		sums = calloc(tb_sweep_num_cells(&v->plan), sizeof(*sums));
		ret = !sums ? -ENOMEM : v->opt->stories ? run_stories(v, sums, &have_sums) : 0;
		if (!ret && v->opt->min_memory)
			ret = search_minimums(v, mins, &num_mins);
	}
	if (!ret && (have_sums || num_mins) && !v->opt->quiet) {
		in.plan = have_sums ? &v->plan : NULL;
		in.sums = sums;
		in.mins = mins;
		in.num_mins = num_mins;
		in.min_memory_stories = v->min_stories;
		tb_verdict_write(stdout, &in);
	}
	if (!ret)
		say_where(v, have_sums, num_mins > 0);
	free(sums);
	return ret;
}

int tb_verdict_main(const struct tb_options *opt)
{
	struct verdict *v = calloc(1, sizeof(*v));
	int status = 0;

	if (!v)
		return 1;
	v->opt = opt;
	snprintf(v->version, sizeof(v->version), "adx-testbench 0.1.0; %s; S=%zu", STORY_MODEL,
		 adx_dax_engine_bytes(TB_DAX_MAX_CHANNELS));
	if (check_combination(v) || (!opt->merge && parse_values(v)))
		status = 2;
	else if (prepare_output(v))
		status = 1;
	if (!status) {
		snprintf(v->inputs_cache, sizeof(v->inputs_cache), "%.500s/inputs", opt->out_dir);
		v->run = (struct tb_sweep_run){ .plan = &v->plan, .stories_dir = v->stories_dir,
						.keep_stories = opt->write_stories != NULL,
						.inputs_cache = opt->inputs_cache ?
								opt->inputs_cache : v->inputs_cache,
						.skip_engine_audio = !opt->with_audio,
						.scenario = opt->stories ? NULL : opt->scenario };
		if (run_verdict(v))
			status = opt->merge ? 2 : 1;
		if (!opt->write_stories)
			rmdir(v->stories_dir);
	}
	if (status)
		fprintf(stderr, "adx-testbench: %s\n", v->err);
	free(v);
	return status;
}
