// SPDX-License-Identifier: BSD-3-Clause
/*
 * Equal-memory accounting (docs/design.md §6, issue 12): every row of a
 * comparison runs on the scenario's one total; static's heap is the total
 * minus its region, so on endpoint-switch it loses the notification's
 * buffers as shared does, where --same-heap (its region on top) showed no
 * failure at all. A total below the static region plus a minimal heap is
 * refused before anything runs.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include <jansson.h>

#include "cli/cli.h"

static json_t *run_compare(const char *name, bool same_heap)
{
	struct tb_options opt;
	char out[300], cache[300], path[400];
	json_error_t jerr;
	json_t *report;

	tb_options_defaults(&opt);
	snprintf(out, sizeof(out), "%s/%s", tmpdir, name);
	snprintf(cache, sizeof(cache), "%s/inputs", tmpdir);
	opt.scenario = "scenarios/endpoint-switch.yaml";
	opt.out_dir = out;
	opt.inputs_cache = cache;
	opt.compare = true;
	opt.quiet = true;
	opt.progress = false;
	opt.no_plots = true;
	opt.no_trace = true;
	opt.same_heap = same_heap;
	assert_int_equal(tb_lab_main(&opt), 0);
	snprintf(path, sizeof(path), "%s/endpoint-switch/report.json", out);
	report = json_load_file(path, 0, &jerr);
	assert_non_null(report);
	return report;
}

static json_int_t summary_int(json_t *run, const char *key)
{
	json_t *v = json_object_get(json_object_get(run, "summary"), key);

	if (!json_is_integer(v))
		fail_msg("summary.%s is not an integer", key);
	return json_integer_value(v);
}

static json_t *run_named(json_t *report, const char *policy, const char *heap)
{
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(report, "runs"), i, r)
		if (!strcmp(json_string_value(json_object_get(r, "policy")), policy) &&
		    !strcmp(json_string_value(json_object_get(r, "heap")), heap))
			return r;
	fail_msg("no run %s/%s", policy, heap);
	return NULL;
}

static void every_row_runs_on_the_same_total(void **state)
{
	json_t *report = run_compare("equal", false);
	json_int_t total = json_integer_value(json_object_get(json_object_get(report, "scenario"),
							      "heap_bytes"));
	json_int_t region = json_integer_value(json_object_get(json_object_get(report, "scenario"),
							       "static_region_bytes"));
	size_t i;
	json_t *r;

	(void)state;
	assert_int_equal(json_array_size(json_object_get(report, "runs")), 8);
	json_array_foreach(json_object_get(report, "runs"), i, r) {
		bool is_static = !strcmp(json_string_value(json_object_get(r, "policy")), "static");

		assert_int_equal(summary_int(r, "total_memory_bytes"), total);
		assert_int_equal(summary_int(r, "static_region_bytes"), is_static ? region : 0);
		/* the heap's own bookkeeping sits inside its arena, so usable <= arena */
		assert_true(summary_int(r, "heap_total_bytes") <= total - (is_static ? region : 0));
		assert_true(summary_int(r, "heap_total_bytes") > total - (is_static ? region : 0) -
			    4096);
	}
	for (int h = 0; h < 2; h++) {
		json_t *stat = run_named(report, "static", h ? "sysheap" : "adx");

		/* static keeps its engine, but its smaller heap runs the burst short */
		assert_int_equal(summary_int(stat, "engine_allocation_failures"), 0);
		assert_int_equal(summary_int(stat, "bypassed_frames"), 0);
		assert_true(summary_int(stat, "allocation_failures") > 0);
	}
	json_decref(report);
}

static void same_heap_puts_the_region_on_top(void **state)
{
	json_t *report = run_compare("same", true);
	json_t *stat = run_named(report, "static", "adx"), *prep = run_named(report, "prepare",
									      "adx");

	(void)state;
	assert_true(summary_int(stat, "total_memory_bytes") ==
		    summary_int(prep, "total_memory_bytes") +
		    summary_int(stat, "static_region_bytes"));
	assert_int_equal(summary_int(stat, "allocation_failures"), 0);
	json_decref(report);
}

static void a_total_below_the_region_is_refused(void **state)
{
	struct tb_options opt;
	char out[300];

	(void)state;
	tb_options_defaults(&opt);
	snprintf(out, sizeof(out), "%s/small", tmpdir);
	opt.scenario = "scenarios/endpoint-switch.yaml";
	opt.out_dir = out;
	opt.compare = true;
	opt.quiet = true;
	opt.progress = false;
	opt.heap_bytes = 200 * 1024;
	opt.heap_size_given = true;
	assert_int_equal(tb_lab_main(&opt), 2);
	opt.compare = false;
	opt.policy_given = true;
	opt.policy = 1;   /* prepare reserves no region: 200K is a legal total */
	opt.no_plots = true;
	opt.no_trace = true;
	assert_int_equal(tb_lab_main(&opt), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_row_runs_on_the_same_total),
		cmocka_unit_test(same_heap_puts_the_region_on_top),
		cmocka_unit_test(a_total_below_the_region_is_refused),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
