// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scenario lab end to end, through the same entry point as
 * `adx-testbench --scenario`, with the real DAX module driven by binary IPC
 * messages: every shipped scenario runs (shortened where it is long) with
 * its stated outcome asserted from report.json, including the ordering of
 * the four policies on each heap; two
 * virtual-time runs give identical reports once wall-clock fields are
 * removed; threads-mode audio equals virtual-time audio when nothing
 * overran; every malformed-scenario class is refused with its line and
 * column; plots and the trace are rendered and checked.
 */
#include <dirent.h>
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

#include <jansson.h>

#include "audio/audio_file.h"
#include "cli/cli.h"
#include "scenario/scenario.h"


/* Runs a scenario like the command line would; returns report.json, parsed. */
/* same_heap: the old comparison, static's region on top of the heap (--same-heap). */
static json_t *run_scenario_with(const char *scenario, const char *out, bool compare,
				 const char *policy, enum adx_exec_mode mode, double until_ms,
				 bool plots, bool same_heap)
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
		assert_int_equal(tb_policy_parse(policy, (enum tb_policy *)&opt.policy), 0);
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

static json_t *run_scenario(const char *scenario, const char *out, bool compare,
			    const char *policy, enum adx_exec_mode mode, double until_ms,
			    bool plots)
{
	return run_scenario_with(scenario, out, compare, policy, mode, until_ms, plots, false);
}

static void out_dir(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/%s", tmpdir, name);
}

/* The run of (policy, heap) in a report. */
static json_t *run_of(json_t *report, const char *policy, const char *heap)
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

static json_int_t summary(json_t *run, const char *key)
{
	json_t *v = json_object_get(json_object_get(run, "summary"), key);

	if (!json_is_integer(v))
		fail_msg("summary.%s is not an integer", key);
	return json_integer_value(v);
}

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

/* ---- identity of virtual-time runs ---- */

static void strip_wall(json_t *report)
{
	size_t i;
	json_t *run, *ep;

	json_array_foreach(json_object_get(report, "runs"), i, run) {
		size_t k;

		json_object_del(run, "wall");
		json_array_foreach(json_object_get(run, "endpoints"), k, ep)
			json_object_del(ep, "file");   /* the out folders differ */
	}
}

static void test_virtual_reports_are_identical(void **state)
{
	char a[256], b[256];
	json_t *ra, *rb;

	(void)state;
	out_dir(a, sizeof(a), "same-a");
	out_dir(b, sizeof(b), "same-b");
	ra = run_scenario("scenarios/endpoint-switch.yaml", a, true, NULL, ADX_EXEC_VIRTUAL, 0,
			  false);
	rb = run_scenario("scenarios/endpoint-switch.yaml", b, true, NULL, ADX_EXEC_VIRTUAL, 0,
			  false);
	strip_wall(ra);
	strip_wall(rb);
	assert_true(json_equal(ra, rb));
	json_decref(ra);
	json_decref(rb);
}

/* ---- threads-mode audio equals virtual-time audio when nothing overran ---- */

static void assert_same_audio(const char *x, const char *y)
{
	struct tb_audio a, b;
	char err[256];

	if (tb_audio_load(&a, x, ADX_FMT_S32_LE, err, sizeof(err)) ||
	    tb_audio_load(&b, y, ADX_FMT_S32_LE, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(a.frames, b.frames);
	assert_memory_equal(a.samples, b.samples, a.frames * adx_frame_bytes(&a.params));
	tb_audio_free(&a);
	tb_audio_free(&b);
}

/* A threads run with no DAI underrun and no DP deadline miss (it can be compared). */
static bool ran_clean(json_t *run)
{
	return !summary(run, "dai_underruns") && !summary(run, "dp_deadline_misses");
}

/*
 * One scenario under one policy in both executors: every endpoint's audio
 * must be identical whenever the threads run did not overrun. A busy
 * machine may overrun; the threads run is then repeated, and three
 * overruns in a row fail the test rather than let it pass unchecked.
 */
static void compare_executors(const char *scenario, const char *name, const char *policy,
			      const char *const *endpoints, int num_endpoints)
{
	char v[256], t[256], x[600], y[600];
	json_t *rv, *rt = NULL;
	bool clean = false;

	snprintf(v, sizeof(v), "%s/virt-%s", tmpdir, name);
	rv = run_scenario(scenario, v, false, policy, ADX_EXEC_VIRTUAL, 0, false);
	for (int attempt = 0; attempt < 3 && !clean; attempt++) {
		snprintf(t, sizeof(t), "%s/thr-%s-%d", tmpdir, name, attempt);
		json_decref(rt);
		rt = run_scenario(scenario, t, false, policy, ADX_EXEC_THREADS, 0, false);
		clean = ran_clean(run_of(rt, policy, "adx"));
		if (!clean)
			print_message("%s: threads run %d overran (machine busy); again\n", name,
				      attempt);
	}
	if (!clean)
		fail_msg("%s: every threads run overran: audio never compared", name);
	for (int e = 0; e < num_endpoints; e++) {
		snprintf(x, sizeof(x), "%s/%s/audio/%s-adx/%s.wav", v, name, policy, endpoints[e]);
		snprintf(y, sizeof(y), "%s/%s/audio/%s-adx/%s.wav", t, name, policy, endpoints[e]);
		assert_same_audio(x, y);
	}
	json_decref(rv);
	json_decref(rt);
}

/*
 * Threads audio equals virtual-time audio when nothing overran, for
 * timelines with switches, a notification stream and a storm of controls
 * sent while audio plays: on unpaced threads the lab lets released DP
 * cycles finish before each event, as virtual time does.
 */
static void test_threads_audio_equals_virtual(void **state)
{
	static const char *const coexist[] = { "speaker", "headphone" };
	static const char *const sw[] = { "speaker", "headphone", "notify" };
	static const char *const storm[] = { "speaker" };

	(void)state;
	compare_executors("scenarios/coexist.yaml", "coexist", "prepare", coexist, 2);
	compare_executors("scenarios/endpoint-switch.yaml", "endpoint-switch", "shared", sw, 3);
	compare_executors("scenarios/control-storm.yaml", "control-storm", "static", storm, 1);
}

/* ---- malformed scenarios: refused with line and column ---- */

static void check_bad(const char *dir, const char *name)
{
	char path[512], first[256], expect_pos[64], err[1024], want[600];
	struct tb_scenario sc;
	const char *msg;
	FILE *f;
	int line, col, n = 0;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(first, sizeof(first), f));
	fclose(f);
	first[strcspn(first, "\n")] = '\0';
	if (sscanf(first, "# expect: %d:%d %n", &line, &col, &n) != 2 || !n)
		fail_msg("%s: first line must be '# expect: LINE:COL text'", path);
	msg = first + n;
	if (!tb_scenario_load(&sc, path, err, sizeof(err))) {
		tb_scenario_free(&sc);
		fail_msg("%s was accepted", path);
	}
	snprintf(expect_pos, sizeof(expect_pos), ":%d:%d: ", line, col);
	snprintf(want, sizeof(want), "%s%s", path, expect_pos);
	if (strncmp(err, want, strlen(want)) || !strstr(err, msg))
		fail_msg("%s:\n  got      %s\n  expected %s... %s", name, err, want, msg);
}

static void test_malformed_scenarios_name_line_and_column(void **state)
{
	const char *dir = "tests/scenario/bad";
	DIR *d = opendir(dir);
	struct dirent *e;
	int count = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".yaml"))
			continue;
		check_bad(dir, e->d_name);
		count++;
	}
	closedir(d);
	assert_true(count >= 20);
}

/* ---- plots and trace ---- */

static char *slurp(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long n;

	if (!f)
		fail_msg("%s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*size = (size_t)n;
	return buf;
}

static void assert_png(const char *path, uint32_t min_width)
{
	size_t n;
	uint8_t *png = (uint8_t *)slurp(path, &n);
	uint32_t width;

	assert_true(n > 2000);
	assert_memory_equal(png, "\x89PNG\r\n\x1a\n", 8);
	assert_memory_equal(png + 12, "IHDR", 4);
	width = (uint32_t)png[16] << 24 | (uint32_t)png[17] << 16 | (uint32_t)png[18] << 8 | png[19];
	assert_true(width >= min_width);
	free(png);
}

static void test_plots_and_trace_are_rendered(void **state)
{
	static const char *const series[] = { "init used", "prepare largest free", "static used",
					      "shared largest free", "engine size S" };
	char out[256], path[512];
	json_t *report, *trace, *ev;
	json_error_t jerr;
	size_t n, i;
	char *svg;
	int ticks = 0, dp = 0, pcm = 0, counters = 0, allocs = 0, ipc = 0, inits = 0;

	(void)state;
	out_dir(out, sizeof(out), "plots");
	report = run_scenario("scenarios/endpoint-switch.yaml", out, true, NULL, ADX_EXEC_VIRTUAL,
			      0, true);
	json_decref(report);
	snprintf(path, sizeof(path), "%s/endpoint-switch/plots/heap.svg", out);
	svg = slurp(path, &n);
	assert_non_null(strstr(svg, "<svg"));
	assert_non_null(strstr(svg, "</svg>"));
	for (size_t s = 0; s < sizeof(series) / sizeof(series[0]); s++)
		if (!strstr(svg, series[s]))
			fail_msg("heap.svg has no series '%s'", series[s]);
	assert_non_null(strstr(svg, "sysheap heap"));
	free(svg);
	snprintf(path, sizeof(path), "%s/endpoint-switch/plots/heap.png", out);
	assert_png(path, 1000);
	snprintf(path, sizeof(path), "%s/endpoint-switch/plots/blockmap-prepare-adx.svg", out);
	svg = slurp(path, &n);
	assert_non_null(strstr(svg, "FAILED"));     /* the headphone's failed allocation */
	assert_non_null(strstr(svg, "headphone.dax"));
	free(svg);
	snprintf(path, sizeof(path), "%s/endpoint-switch/plots/blockmap-prepare-adx.png", out);
	assert_png(path, 1000);

	snprintf(path, sizeof(path), "%s/endpoint-switch/trace.json", out);
	trace = json_load_file(path, 0, &jerr);
	if (!trace)
		fail_msg("%s: %s line %d", path, jerr.text, jerr.line);
	assert_true(json_is_array(trace));
	json_array_foreach(trace, i, ev) {
		const char *cat = json_string_value(json_object_get(ev, "cat"));
		const char *ph = json_string_value(json_object_get(ev, "ph"));

		if (!cat)
			continue;
		ticks += !strcmp(cat, "ll") && !strcmp(ph, "X");
		dp += !strcmp(cat, "dp") && !strcmp(ph, "X");
		pcm += !strcmp(cat, "pcm");
		ipc += !strcmp(cat, "ipc");
		inits += !strcmp(cat, "ipc") &&
			 !strcmp(json_string_value(json_object_get(ev, "name")), "INIT_INSTANCE");
		counters += !strcmp(ph, "C");
		allocs += !strcmp(cat, "heap") && !strcmp(ph, "i") &&
			  json_integer_value(json_object_get(json_object_get(ev, "args"), "size")) > 0;
	}
	assert_true(ticks >= 8 * 2500);
	assert_true(dp > 1000);
	assert_true(pcm >= 8 * 10);
	/* every host op reached the firmware as IPC messages: 4 + 4 + 3 modules per run */
	assert_true(inits == 8 * 11);
	assert_true(ipc > inits);
	assert_true(counters > 50);
	assert_true(allocs > 50);
	json_decref(trace);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shipped_scenarios_load),
		cmocka_unit_test(test_malformed_scenarios_name_line_and_column),
		cmocka_unit_test(test_endpoint_switch_policy_ordering),
		cmocka_unit_test(test_coexist_commits_2s_or_waits),
		cmocka_unit_test(test_control_storm_accepts_every_control),
		cmocka_unit_test(test_reset_mid_process_on_threads),
		cmocka_unit_test(test_many_streams_heap_recovers),
		cmocka_unit_test(test_virtual_reports_are_identical),
		cmocka_unit_test(test_threads_audio_equals_virtual),
		cmocka_unit_test(test_plots_and_trace_are_rendered),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
