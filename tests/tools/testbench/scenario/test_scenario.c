// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scenario lab end to end, through the same entry point as
 * `adx-testbench --scenario`, with the real DAX module driven by binary IPC
 * messages: every shipped scenario runs (shortened where it is long) with
 * its stated outcome asserted from report.json, including the ordering of
 * the four policies on each heap. Across runs (report identity, threads vs
 * virtual audio, plots and trace): test_scenario_outputs.c; malformed
 * scenario files: test_scenario_files.c.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch_dir.h"
#include "scenario_run.h"

#include <jansson.h>

#include "audio/audio_file.h"
#include "cli/cli.h"
#include "scenario/scenario.h"

static const char *const policies[] = { "init", "prepare", "static", "shared" };
static const char *const heaps[] = { "adx", "sysheap" };

static json_int_t scenario_int(json_t *report, const char *key)
{
	return json_integer_value(json_object_get(json_object_get(report, "scenario"), key));
}

/*
 * The DAX driver the report names is the one that ran: some DP module of
 * that driver processed audio in this run (a report naming a driver no
 * instance ran, or DAX instances that never ran, fail here).
 */
static void assert_dax_driver_ran(json_t *run)
{
	const char *driver = json_string_value(json_object_get(run, "dax_driver"));
	json_int_t calls = 0;
	size_t i;
	json_t *m;

	assert_non_null(driver);
	json_array_foreach(json_object_get(run, "modules"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "driver")), driver) &&
		    !strcmp(json_string_value(json_object_get(m, "domain")), "DP"))
			calls += json_integer_value(json_object_get(m, "process_calls"));
	assert_true(calls > 0);
}

/* Every run: no leak, the heap empty at the end, every IPC message accepted. */
static void assert_clean(json_t *run)
{
	assert_int_equal(summary(run, "leaked_blocks"), 0);
	assert_int_equal(summary(run, "heap_blocks_left_at_end"), 0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(run, "ipc"),
							    "rejected")), 0);
}

/* Measured instructions are a number where a counter measured them, else null and why. */
static void assert_instructions_honest(json_t *run)
{
	size_t i;
	json_t *m;

	json_array_foreach(json_object_get(run, "modules"), i, m) {
		json_t *n = json_object_get(m, "instructions_per_period");
		const char *why = json_string_value(json_object_get(m, "instructions_why"));

		assert_non_null(n);
		if (json_is_null(n))
			assert_true(why && *why);
		else
			assert_true(json_integer_value(n) > 0);
	}
}

/* The fullest heap the run's timeline shows (column 1 of each row: used bytes). */
static json_int_t timeline_peak_used(json_t *run)
{
	json_t *rows = json_object_get(json_object_get(run, "heap_timeline"), "rows");
	json_int_t peak = -1;
	json_t *row;
	size_t i;

	json_array_foreach(rows, i, row) {
		json_int_t used = json_integer_value(json_array_get(row, 1));

		peak = used > peak ? used : peak;
	}
	return peak;
}

/*
 * How well a policy came through a switch, best first: frames the DAX
 * instances bypassed, then engine-sized allocation failures, then any
 * allocation failure (another stream's buffers), then peak heap used.
 */
static int compare_runs(json_t *a, json_t *b)
{
	static const char *const keys[] = { "bypassed_frames", "engine_allocation_failures",
					    "allocation_failures", "peak_heap_used_bytes" };

	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		json_int_t x = summary(a, keys[k]), y = summary(b, keys[k]);

		if (x != y)
			return x < y ? -1 : 1;
	}
	return 0;
}

/* ---- every shipped scenario parses ---- */

static void test_shipped_scenarios_load(void **state)
{
	static const char *const files[] = {
		"scenarios/endpoint-switch.yaml", "scenarios/coexist.yaml",
		"scenarios/reset-mid-process.yaml", "scenarios/control-storm.yaml",
		"scenarios/many-streams.yaml",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct tb_scenario sc;
		char err[512];

		if (tb_scenario_load(&sc, files[i], err, sizeof(err)))
			fail_msg("%s", err);
		assert_non_null(sc.description);
		tb_scenario_free(&sc);
	}
}

/* ---- endpoint-switch: the discussion's ordering, on both heaps ---- */

/*
 * With --same-heap (static's region on top of the heap, as before equal-memory
 * accounting), the expected ordering on both heaps (docs/scenarios.md): static, then
 * shared, then prepare and init tied. static: no failure at all; shared:
 * no engine failure and nothing bypassed, but the notification's burst
 * runs short while S stays committed; prepare: the headphone's engine
 * allocation fails on the fragmented heap (largest free block below S,
 * free bytes above it); init: the headphone's init cannot get a second S.
 * Both of the last two bypass the headphone's whole stream.
 */
static void test_endpoint_switch_policy_ordering(void **state)
{
	char out[256];
	json_t *report;
	json_int_t s, region;

	(void)state;
	out_dir(out, sizeof(out), "switch");
	report = run_scenario_with("scenarios/endpoint-switch.yaml", out, true, NULL,
				   ADX_EXEC_VIRTUAL, 0, false, true);
	s = scenario_int(report, "engine_bytes");
	region = scenario_int(report, "static_region_bytes");
	assert_true(region >= s);
	for (int h = 0; h < 2; h++) {
		json_t *init = run_of(report, "init", heaps[h]);
		json_t *prep = run_of(report, "prepare", heaps[h]);
		json_t *stat = run_of(report, "static", heaps[h]);
		json_t *shar = run_of(report, "shared", heaps[h]);
		json_t *prep_fail = json_array_get(json_object_get(prep, "allocation_failures"), 0);
		json_t *switches = json_object_get(prep, "switches");
		json_t *hp = json_array_get(switches, 1);

		/* the ordering, as a chain */
		assert_true(compare_runs(stat, shar) < 0);
		assert_true(compare_runs(shar, prep) < 0);
		assert_int_equal(compare_runs(prep, init), 0);
		/* init cannot hold a second instance on the tight heap: its request at
		 * hw_params meets the speaker's S still allocated */
		assert_int_equal(summary(init, "engine_allocation_failures"), 1);
		assert_true(summary(init, "largest_free_at_switch_bytes") < s);
		assert_string_equal(json_string_value(json_object_get(json_array_get(
			json_object_get(init, "allocation_failures"), 0), "op")),
			"headphone hw_params");
		/* prepare: the notification's blocks leave no hole of S, though bytes suffice */
		assert_int_equal(summary(prep, "engine_allocation_failures"), 1);
		assert_true(summary(prep, "largest_free_at_switch_bytes") < s);
		assert_string_equal(json_string_value(json_object_get(prep_fail, "op")),
				    "headphone prepare");
		assert_string_equal(json_string_value(json_object_get(prep_fail, "owner")),
				    "headphone.dax");
		assert_true(json_integer_value(json_object_get(prep_fail, "size")) >= s);
		assert_string_equal(json_string_value(json_object_get(hp, "pipeline")), "headphone");
		assert_true(json_integer_value(json_object_get(hp, "largest_free_at_engine_request_bytes"))
			    < s);
		assert_true(json_integer_value(json_object_get(hp, "free_at_engine_request_bytes")) > s);
		/* the headphone's instance passes its whole stream through */
		assert_true(summary(prep, "bypassed_frames") > 60000);
		assert_true(json_is_null(json_object_get(hp, "first_processed_ms")));
		/* static and shared commit S once and never fail the engine */
		assert_int_equal(summary(stat, "allocation_failures"), 0);
		assert_int_equal(summary(shar, "engine_allocation_failures"), 0);
		assert_true(summary(shar, "allocation_failures") > 0);   /* the burst's */
		assert_int_equal(summary(stat, "peak_engine_committed_bytes"), region);
		for (int p = 0; p < 4; p++) {
			json_t *run = run_of(report, policies[p], heaps[h]);

			if (p != 2)
				assert_int_equal(summary(run, "peak_engine_committed_bytes"), s);
			assert_int_equal(summary(run, "op_errors"), 0);
			assert_int_equal(summary(run, "dai_underruns"), 0);
			assert_clean(run);
			assert_dax_driver_ran(run);
			assert_int_equal(timeline_peak_used(run), summary(run, "peak_heap_used_bytes"));
		}
	}
	json_decref(report);
}

/* ---- coexist: 2S for init/prepare, S and a waiting headphone for static/shared ---- */

static void test_coexist_commits_2s_or_waits(void **state)
{
	/* The module counts bypassed and processed audio in whole engine blocks. */
	const double block_ms = 256.0 / 48.0;
	char out[256];
	json_t *report;
	json_int_t s;

	(void)state;
	out_dir(out, sizeof(out), "coexist");
	report = run_scenario("scenarios/coexist.yaml", out, true, NULL, ADX_EXEC_VIRTUAL, 0,
			      false);
	s = scenario_int(report, "engine_bytes");
	for (int h = 0; h < 2; h++) {
		for (int p = 0; p < 4; p++) {
			json_t *run = run_of(report, policies[p], heaps[h]);
			json_t *sw = json_array_get(json_object_get(run, "switches"), 1);
			double first = json_number_value(json_object_get(sw, "first_processed_ms"));

			assert_int_equal(summary(run, "allocation_failures"), 0);
			assert_int_equal(summary(run, "op_errors"), 0);
			assert_clean(run);
			assert_dax_driver_ran(run);
			assert_string_equal(json_string_value(json_object_get(sw, "pipeline")),
					    "headphone");
			if (p < 2) {
				assert_int_equal(summary(run, "peak_engine_committed_bytes"), 2 * s);
				assert_int_equal(summary(run, "bypassed_frames"), 0);
				/* the engine runs on the first block */
				assert_true(fabs(first - block_ms) < 0.01);
			} else {
				/* the speaker keeps the region until its reset, 300 ms later */
				assert_int_equal(summary(run, "peak_engine_committed_bytes"),
						 p == 2 ? scenario_int(report, "static_region_bytes") : s);
				assert_true(llabs(summary(run, "bypassed_frames") - 300 * 48) <= 256);
				assert_true(fabs(first - 300.0) <= 2 * block_ms);
				assert_int_equal(json_integer_value(json_object_get(sw, "handoffs_in")), 1);
				/* the module's own measure: handoff to the engine's first block */
				assert_true(json_number_value(json_object_get(
					sw, "handoff_to_first_processed_ms")) <= block_ms);
			}
		}
	}
	json_decref(report);
}

/* ---- control-storm: every control accepted, the last volume is what plays ---- */

static double peak_of_tail(const char *path, uint64_t frames)
{
	struct tb_audio a;
	char err[256];
	double peak = 0;

	if (tb_audio_load(&a, path, ADX_FMT_FLOAT32, err, sizeof(err)))
		fail_msg("%s", err);
	for (uint64_t i = (a.frames - frames) * a.params.channels; i < a.frames * a.params.channels; i++)
		peak = fmax(peak, fabs(((float *)a.samples)[i]));
	tb_audio_free(&a);
	return peak;
}

static void test_control_storm_accepts_every_control(void **state)
{
	char out[256], wav[512];
	json_t *report;

	(void)state;
	out_dir(out, sizeof(out), "storm");
	report = run_scenario("scenarios/control-storm.yaml", out, true, NULL, ADX_EXEC_VIRTUAL,
			      0, false);
	for (int p = 0; p < 4; p++) {
		json_t *run = run_of(report, policies[p], "adx");
		size_t controls = 0, i;
		json_t *op;

		json_array_foreach(json_object_get(run, "timeline"), i, op)
			controls += strstr(json_string_value(json_object_get(op, "op")), "control") != NULL;
		assert_true(controls >= 300);
		assert_int_equal(summary(run, "op_errors"), 0);
		assert_clean(run);
		assert_dax_driver_ran(run);
		assert_instructions_honest(run);
		/* tuning blobs crossed the firmware's assembly in 1 KiB fragments */
		assert_true(json_integer_value(json_object_get(json_object_get(run, "ipc"),
							       "large_config_fragments")) >
			    json_integer_value(json_object_get(json_object_get(run, "ipc"),
							       "large_config_blobs")));
		assert_int_equal(summary(run, "dp_deadline_misses"), 0);
		assert_int_equal(summary(run, "dai_underruns"), 0);
		assert_int_equal(summary(run, "leaked_blocks"), 0);
		/* -6 dBFS tone at -12 dB volume: -18 dBFS peak in the last 100 ms */
		snprintf(wav, sizeof(wav), "%s/control-storm/audio/%s-adx/speaker.wav", out,
			 policies[p]);
		assert_true(fabs(20 * log10(peak_of_tail(wav, 4800)) + 18.0) < 0.2);
	}
	json_decref(report);
}

/* ---- reset-mid-process: threads, stop/reset/close during DP cycles ---- */

/* Ops of a run's timeline that asked to land mid-cycle, and how many did. */
static void count_mid_cycle_ops(json_t *run, int *asked, int *landed)
{
	size_t i;
	json_t *op;

	*asked = 0;
	*landed = 0;
	json_array_foreach(json_object_get(run, "timeline"), i, op) {
		json_t *flag = json_object_get(op, "landed_mid_cycle");

		if (!flag)
			continue;
		(*asked)++;
		if (json_is_true(flag))
			(*landed)++;
		else
			print_message("not mid-cycle: %s at %.1f ms: %s\n",
				      json_string_value(json_object_get(op, "op")),
				      json_real_value(json_object_get(op, "t_ms")),
				      json_string_value(json_object_get(op, "note")));
	}
}

/*
 * Every stop/reset and close the scenario marks mid_cycle arrives while
 * the speaker DAX's DP cycle runs, and returns only after that cycle
 * ended (cancel-and-join), under every policy; nothing fails or leaks.
 */
static void test_reset_mid_process_on_threads(void **state)
{
	char out[256];
	json_t *report;

	(void)state;
	out_dir(out, sizeof(out), "reset");
	/* shortened: 300 ms hold 5 stop/reset rounds and 2 closes, all mid_cycle */
	report = run_scenario("scenarios/reset-mid-process.yaml", out, true, NULL,
			      ADX_EXEC_THREADS, 300, false);
	for (int p = 0; p < 4; p++) {
		json_t *run = run_of(report, policies[p], "adx");
		json_t *mid = json_object_get(json_object_get(run, "summary"), "mid_cycle_ops");
		int asked, landed;

		assert_string_equal(json_string_value(json_object_get(run, "executor")), "threads");
		assert_int_equal(summary(run, "op_errors"), 0);
		assert_clean(run);
		assert_dax_driver_ran(run);
		assert_int_equal(summary(run, "allocation_failures"), 0);
		assert_true(json_array_size(json_object_get(run, "timeline")) >= 25);
		count_mid_cycle_ops(run, &asked, &landed);
		assert_int_equal(asked, 7);
		assert_int_equal(landed, asked);
		assert_int_equal(json_integer_value(json_object_get(mid, "asked")), asked);
		assert_int_equal(json_integer_value(json_object_get(mid, "landed")), landed);
	}
	json_decref(report);
}

/* ---- many-streams: long churn leaves a whole heap ---- */

static void test_many_streams_heap_recovers(void **state)
{
	char out[256];
	json_t *report;

	(void)state;
	out_dir(out, sizeof(out), "many");
	report = run_scenario("scenarios/many-streams.yaml", out, false, NULL, ADX_EXEC_VIRTUAL,
			      20000, false);
	for (int h = 0; h < 2; h++) {
		json_t *run = run_of(report, "prepare", heaps[h]);
		json_t *rows = json_object_get(json_object_get(run, "heap_timeline"), "rows");
		json_t *last = json_array_get(rows, json_array_size(rows) - 1);

		assert_true(json_array_size(rows) > 20);
		assert_int_equal(summary(run, "allocation_failures"), 0);
		assert_clean(run);
		assert_int_equal(summary(run, "dai_underruns"), 0);
		assert_int_equal(summary(run, "dp_deadline_misses"), 0);
		assert_int_equal(json_integer_value(json_array_get(last, 1)), 0);   /* used */
		assert_true(json_number_value(json_array_get(last, 4)) == 0.0);   /* fragmentation */
	}
	json_decref(report);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_scenarios_load),
		cmocka_unit_test(test_endpoint_switch_policy_ordering),
		cmocka_unit_test(test_coexist_commits_2s_or_waits),
		cmocka_unit_test(test_control_storm_accepts_every_control),
		cmocka_unit_test(test_reset_mid_process_on_threads),
		cmocka_unit_test(test_many_streams_heap_recovers),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
