/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The scenario tests' way in: a scenario run as `adx-testbench --scenario`
 * runs it, into the test program's scratch folder, and report.json read back.
 * Include after cmocka.h and scratch_dir.h.
 */
#ifndef ADX_TEST_SCENARIO_RUN_H
#define ADX_TEST_SCENARIO_RUN_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli/cli.h"
#include "scenario/scenario.h"

/*
 * Runs a scenario like the command line would; returns report.json, parsed.
 * same_heap: the old comparison, static's region on top of the heap (--same-heap).
 */
static inline json_t *run_scenario_with(const char *scenario, const char *out, bool compare,
					const char *policy, enum adx_exec_mode mode,
					double until_ms, bool plots, bool same_heap)
{
	struct tb_options opt;
	char path[512], cache[300];
	json_error_t jerr;
	json_t *report;

	tb_options_defaults(&opt);
	opt.scenario = scenario;
	opt.out_dir = out;
	snprintf(cache, sizeof(cache), "%s/inputs", tmpdir);   /* sox runs once per test run */
	opt.inputs_cache = cache;
	opt.compare = compare;
	opt.quiet = true;
	opt.progress = false;
	opt.no_plots = !plots;
	opt.no_trace = !plots;
	opt.mode = mode;
	opt.until_ms = until_ms;
	opt.same_heap = same_heap;
	if (policy) {
		opt.policy_given = true;
		assert_int_equal(adx_dax_policy_parse(policy, &opt.policy), 0);
	}
	assert_int_equal(tb_lab_main(&opt), 0);
	{
		struct tb_scenario sc;
		char err[512];

		assert_int_equal(tb_scenario_load(&sc, scenario, err, sizeof(err)), 0);
		snprintf(path, sizeof(path), "%s/%s/report.json", out, sc.name);
		tb_scenario_free(&sc);
	}
	report = json_load_file(path, 0, &jerr);
	if (!report)
		fail_msg("%s: %s (line %d)", path, jerr.text, jerr.line);
	return report;
}

static inline json_t *run_scenario(const char *scenario, const char *out, bool compare,
				   const char *policy, enum adx_exec_mode mode, double until_ms,
				   bool plots)
{
	return run_scenario_with(scenario, out, compare, policy, mode, until_ms, plots, false);
}

static inline void out_dir(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* The run of (policy, heap) in a report. */
static inline json_t *run_of(json_t *report, const char *policy, const char *heap)
{
	size_t i;
	json_t *run;

	json_array_foreach(json_object_get(report, "runs"), i, run)
		if (!strcmp(json_string_value(json_object_get(run, "policy")), policy) &&
		    !strcmp(json_string_value(json_object_get(run, "heap")), heap))
			return run;
	fail_msg("no run %s/%s in the report", policy, heap);
	return NULL;
}

static inline json_int_t summary(json_t *run, const char *key)
{
	json_t *v = json_object_get(json_object_get(run, "summary"), key);

	if (!json_is_integer(v))
		fail_msg("summary.%s is not an integer", key);
	return json_integer_value(v);
}

#endif
