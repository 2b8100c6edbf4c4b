// SPDX-License-Identifier: BSD-3-Clause
/*
 * What scenario runs write, checked across runs: two virtual-time runs give
 * identical reports once wall-clock fields are removed; threads-mode audio
 * equals virtual-time audio when nothing overran; plots and the trace are
 * rendered and checked.
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

#include "audio/audio_file.h"

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
		cmocka_unit_test(test_virtual_reports_are_identical),
		cmocka_unit_test(test_threads_audio_equals_virtual),
		cmocka_unit_test(test_plots_and_trace_are_rendered),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
