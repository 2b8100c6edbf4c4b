// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scenario mode of adx-testbench: loads and checks the scenario (refusing it
 * before any audio moves), prepares the inputs, runs each asked (policy,
 * heap) pair, then writes report.json, trace.json, the plots and the audio
 * under OUT/<scenario>/ and prints the comparison table. With --calibrate
 * every run is repeated under callgrind (calib/calib.h) before the report.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "adx/platform/log.h"
#include "calib/calib.h"
#include "lab/lab.h"
#include "output/output.h"
#include "report/report.h"
#include "cli.h"

#define MAX_RUNS (ADX_DAX_POLICY_COUNT * ADX_HEAP_KIND_COUNT)

static int make_dir(const char *path)
{
	return mkdir(path, 0777) && errno != EEXIST ? -errno : 0;
}

static void log_sink(void *ctx, enum adx_log_level level, const char *component,
		     const char *line)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };

	(void)ctx;
	fprintf(stderr, "adx-testbench: %s: %s: %s\n", names[level], component, line);
}

static void apply_overrides(const struct tb_options *opt, struct tb_scenario *sc)
{
	if (opt->heap_size_given)
		sc->heap_bytes = opt->heap_bytes;
	if (opt->heap_given) {
		sc->heaps[0] = opt->heap_kind;
		sc->num_heaps = 1;
	}
}

static int plan_runs(const struct tb_options *opt, const struct tb_scenario *sc,
		     enum adx_dax_policy *policies, enum adx_heap_kind *heaps)
{
	int n = 0;

	for (int h = 0; h < sc->num_heaps; h++) {
		for (int p = 0; p < ADX_DAX_POLICY_COUNT; p++) {
			bool wanted = opt->compare ? true :
				      opt->policy_given ? p == (int)opt->policy : p == (int)sc->policy;

			if (!wanted)
				continue;
			policies[n] = (enum adx_dax_policy)p;
			heaps[n++] = sc->heaps[h];
		}
	}
	return n;
}

/*
 * Refuses, before anything runs, a total that cannot hold what a planned
 * run carves out of it: the static region plus a minimal heap.
 */
static int check_budget(const struct tb_options *opt, const struct tb_scenario *sc, char *err,
			size_t err_size)
{
	enum adx_dax_policy policies[MAX_RUNS];
	enum adx_heap_kind heaps[MAX_RUNS];
	int n = plan_runs(opt, sc, policies, heaps);

	for (int i = 0; i < n; i++) {
		struct lab_run_options ro = { .sc = sc, .policy = policies[i],
					      .policy_forced = opt->compare || opt->policy_given };

		if (!tb_scenario_heap_bytes(sc, lab_reserves_static_region(&ro), opt->same_heap)) {
			snprintf(err, err_size, "%s: total memory %zu bytes is below the %zu bytes "
				 "the static policy needs (its %zu-byte region plus a %u-byte heap "
				 "for the firmware's own blocks)", sc->path, sc->heap_bytes,
				 tb_scenario_min_total(sc, true), sc->static_region_bytes,
				 TB_MIN_HEAP_BYTES);
			return -EINVAL;
		}
	}
	return 0;
}

/* dir is at most 511 characters (see tb_lab_main). */
static int prepare_dirs(const char *out, const char *dir)
{
	char sub[1100];
	int ret = make_dir(out);

	ret = ret ? ret : make_dir(dir);
	snprintf(sub, sizeof(sub), "%s/audio", dir);
	ret = ret ? ret : make_dir(sub);
	snprintf(sub, sizeof(sub), "%s/plots", dir);
	return ret ? ret : make_dir(sub);
}

static int run_all(const struct tb_options *opt, const struct tb_scenario *sc,
		   const struct tb_audio *inputs, const char *dir, struct lab_result *results,
		   int *num_results, char *err, size_t err_size)
{
	enum adx_dax_policy policies[MAX_RUNS];
	enum adx_heap_kind heaps[MAX_RUNS];
	int n = plan_runs(opt, sc, policies, heaps);
	enum adx_exec_mode mode = sc->exec == TB_EXEC_THREADS_ONLY ? ADX_EXEC_THREADS : opt->mode;
	uint64_t until_us = (uint64_t)(opt->until_ms * 1000);
	struct lab_trace *trace = NULL;
	struct lab_progress *progress;
	char path[1100];
	int ret = 0;

	if (!opt->no_trace) {
		snprintf(path, sizeof(path), "%s/trace.json", dir);
		trace = lab_trace_open(path, err, err_size);
		if (!trace)
			return -EIO;
	}
	progress = lab_progress_new(lab_run_ticks(sc, until_us) * (uint64_t)n,
				    opt->progress && !opt->quiet);
	*num_results = 0;
	for (int i = 0; i < n && !ret; i++) {
		char audio[1100], label[64];
		struct lab_run_options ro = {
			.sc = sc, .inputs = inputs, .policy = policies[i],
			.policy_forced = opt->compare || opt->policy_given, .heap = heaps[i],
			.mode = mode, .realtime = opt->realtime, .control_model = opt->control_model,
			.until_us = until_us, .audio_dir = audio, .trace = trace, .trace_pid = i + 1,
			.progress = progress, .echo_errors = !opt->quiet,
			.same_heap = opt->same_heap,
		};

		snprintf(label, sizeof(label), "%s/%s", adx_dax_policy_name(policies[i]),
			 adx_heap_kind_name(heaps[i]));
		snprintf(audio, sizeof(audio), "%s/audio/%s-%s", dir, adx_dax_policy_name(policies[i]),
			 adx_heap_kind_name(heaps[i]));
		ret = make_dir(audio);
		if (ret) {
			snprintf(err, err_size, "%.300s: cannot create: %s", audio, strerror(-ret));
			break;
		}
		lab_progress_label(progress, label);
		if (trace)
			lab_trace_name_process(trace, i + 1, label);
		ret = lab_run(&ro, &results[i], err, err_size);
		(*num_results)++;
	}
	lab_progress_done(progress);
	if (lab_trace_close(trace) && !ret) {
		snprintf(err, err_size, "%.300s/trace.json: write failed", dir);
		ret = -EIO;
	}
	return ret;
}

static void say_where(const struct tb_options *opt, const char *dir, bool plots)
{
	if (opt->quiet)
		return;
	printf("\nwritten under %s/:\n", dir);
	printf("  report.json          heap timelines, failures, per-module cost, switches\n");
	if (!opt->no_trace)
		printf("  trace.json           open in https://ui.perfetto.dev or chrome://tracing\n");
	if (plots)
		printf("  plots/heap.svg|png   heap used and largest free block over time\n"
		       "  plots/blockmap-*.svg|png  heap block maps at each large allocation\n");
	printf("  audio/<policy>-<heap>/  what each DAI endpoint played\n");
	if (opt->calibrate)
		printf("  callgrind/<policy>-<heap>.out  callgrind output of --calibrate\n");
}

/*
 * --calibration-child: the one (policy, heap) the parent asked for, every
 * instance behind its trampoline, in virtual time (instruction counts do
 * not need the wall clock) unless the scenario needs real threads. Writes
 * only the slot map; callgrind writes the rest.
 */
static int calibration_child_main(const struct tb_options *opt, const struct tb_scenario *sc,
				  const char *inputs_cache)
{
	struct tb_audio *inputs = calloc((size_t)sc->num_pipelines, sizeof(*inputs));
	struct lab_result res;
	struct lab_run_options ro = {
		.sc = sc, .inputs = inputs,
		.policy = opt->policy_given ? opt->policy : sc->policy,
		.policy_forced = opt->policy_given, .heap = sc->heaps[0],
		.mode = sc->exec == TB_EXEC_THREADS_ONLY ? ADX_EXEC_THREADS : ADX_EXEC_VIRTUAL,
		.control_model = opt->control_model, .until_us = (uint64_t)(opt->until_ms * 1000),
		.wrap_modules = true, .same_heap = opt->same_heap,
	};
	char err[1024] = "";
	int status = 0;

	if (!inputs)
		return 1;
	if (lab_inputs_load(sc, inputs_cache, inputs, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		free(inputs);
		return 2;
	}
	if (lab_run(&ro, &res, err, sizeof(err)) ||
	    lab_calib_write_child(opt->calibration_child, &res, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		status = 1;
	}
	lab_result_free(&res);
	lab_inputs_free(sc, inputs);
	free(inputs);
	return status;
}

/* --calibrate: the runs again under callgrind, with this command line's choices. */
static int calibrate(const struct tb_options *opt, const char *dir, const char *cache,
		     struct lab_result *results, int num_results, char *err, size_t err_size)
{
	struct lab_calib_request req = {
		.scenario = opt->scenario,
		.policy_forced = opt->compare || opt->policy_given,
		.heap_bytes = opt->heap_size_given ? opt->heap_bytes : 0,
		.same_heap = opt->same_heap,
		.until_ms = opt->until_ms,
		.control_model = opt->control_model,
	};

	return lab_calibrate(&req, dir, cache, results, num_results, err, err_size);
}

int tb_lab_main(const struct tb_options *opt)
{
	struct tb_scenario sc;
	struct tb_audio *inputs = NULL;
	struct lab_result *results = NULL;
	int num_results = 0, status = 0;
	char err[1024] = "", dir[512], path[1100], cache[1100];
	bool plots = false;

	adx_log_set_sink(opt->quiet ? NULL : log_sink, NULL);
	adx_log_set_level(ADX_LOG_ERROR);
	if (tb_scenario_load(&sc, opt->scenario, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		return 2;
	}
	apply_overrides(opt, &sc);
	if (check_budget(opt, &sc, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		tb_scenario_free(&sc);
		return 2;
	}
	snprintf(dir, sizeof(dir), "%s/%s", opt->out_dir, sc.name);
	if (opt->inputs_cache)
		snprintf(cache, sizeof(cache), "%s", opt->inputs_cache);
	else
		snprintf(cache, sizeof(cache), "%s/inputs", opt->out_dir);
	if (opt->calibrate && lab_calib_check(err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		tb_scenario_free(&sc);
		return 2;
	}
	if (opt->calibration_child) {
		status = calibration_child_main(opt, &sc, cache);
		tb_scenario_free(&sc);
		return status;
	}
	inputs = calloc((size_t)sc.num_pipelines, sizeof(*inputs));
	results = calloc(MAX_RUNS, sizeof(*results));
	if (!inputs || !results || prepare_dirs(opt->out_dir, dir)) {
		fprintf(stderr, "adx-testbench: %s: cannot create the output folders\n", dir);
		status = 1;
	} else if (lab_inputs_load(&sc, cache, inputs, err, sizeof(err))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		status = 2;
		free(inputs);
		inputs = NULL;
	} else if (run_all(opt, &sc, inputs, dir, results, &num_results, err, sizeof(err)) ||
		   (opt->calibrate && calibrate(opt, dir, cache, results, num_results, err,
						sizeof(err)))) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		status = 1;
	}
	if (!status) {
		snprintf(path, sizeof(path), "%s/report.json", dir);
		if (lab_report_write(path, &sc, results, num_results, err, sizeof(err))) {
			fprintf(stderr, "adx-testbench: %s\n", err);
			status = 1;
		}
	}
	if (!status && !opt->no_plots) {
		snprintf(path, sizeof(path), "%s/plots", dir);
		plots = !lab_plots_write(path, &sc, results, num_results, err, sizeof(err));
		if (!plots)
			fprintf(stderr, "adx-testbench: %s\n", err);
	}
	if (!status && !opt->quiet) {
		lab_print_table(stdout, &sc, results, num_results);
		if (opt->calibrate)
			lab_print_calibration(stdout, results, num_results);
		say_where(opt, dir, plots);
	}
	for (int i = 0; i < num_results; i++)
		lab_result_free(&results[i]);
	free(results);
	if (inputs)
		lab_inputs_free(&sc, inputs);
	free(inputs);
	tb_scenario_free(&sc);
	return status;
}
