// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-testbench --calibrate end to end (label "slow": valgrind runs the
 * testbench twice, about ten seconds): real instruction figures land in
 * report.json for every module, the DAX module's agree with the engine
 * benchmark, and the failures say what failed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <cmocka.h>

#include "scratch_dir.h"
#include <jansson.h>

/*
 * README: the engine's 2 ch speaker chain runs 23.5 M instructions per
 * second of audio (bench-engine: CTC and content processing on, 10 EQ
 * bands). The DAX module runs one DP cycle per 1 ms (48 frames in, engine
 * blocks of 256 inside), so one cycle averages 23.5 M / 1000.
 */
#define DAX_SPEAKER_ESTIMATE_PER_CYCLE 23500.0


static int exit_status(int raw)
{
	return raw != -1 && WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

/* Runs the testbench on endpoint-switch with --calibrate; its exit status. */
static int calibrate(const char *env, const char *out)
{
	char cmd[2048];

	snprintf(cmd, sizeof(cmd), "%s %s --scenario scenarios/endpoint-switch.yaml "
		 "--policy static --until 300 --calibrate --no-plots --no-trace --no-progress "
		 "--out %s/%s >%s/%s.stdout 2>%s/%s.stderr", env, ADX_TESTBENCH, tmpdir, out,
		 tmpdir, out, tmpdir, out);
	return exit_status(system(cmd));
}

static bool file_says(const char *name, const char *text)
{
	char path[512], buf[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", tmpdir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return strstr(buf, text) != NULL;
}

static json_t *module_of(json_t *run, const char *name)
{
	json_t *m;
	size_t i;

	json_array_foreach(json_object_get(run, "modules"), i, m)
		if (!strcmp(json_string_value(json_object_get(m, "name")), name))
			return m;
	fail_msg("module %s not in the report", name);
	return NULL;
}

static double calibrated(json_t *run, const char *name)
{
	json_t *m = module_of(run, name);
	json_t *per_period = json_object_get(m, "instructions_per_period");

	assert_true(json_is_integer(per_period));
	assert_true(json_integer_value(per_period) > 0);
	assert_string_equal(json_string_value(json_object_get(m, "instructions_source")),
			    "callgrind");
	assert_null(json_object_get(m, "instructions_why"));
	/* both runs are in virtual time: callgrind counted every call the lab did */
	assert_int_equal(json_integer_value(json_object_get(m, "instructions_calls")),
			 json_integer_value(json_object_get(m, "process_calls")));
	return (double)json_integer_value(per_period);
}

static void test_calibrate_puts_callgrind_figures_in_the_report(void **state)
{
	static const char *const modules[] = { "speaker.host", "speaker.vol", "speaker.dai" };
	char path[512];
	json_error_t jerr;
	json_t *report, *run;
	struct stat st;
	size_t i;

	(void)state;
	if (system("valgrind --version >/dev/null 2>&1"))
		skip();
	assert_int_equal(calibrate("", "ok"), 0);
	assert_true(file_says("ok.stdout", "instructions per process() call, i.e. per period (callgrind"));
	snprintf(path, sizeof(path), "%s/ok/endpoint-switch/report.json", tmpdir);
	report = json_load_file(path, 0, &jerr);
	assert_non_null(report);
	assert_int_equal(json_array_size(json_object_get(report, "runs")), 2); /* adx, sysheap */
	json_array_foreach(json_object_get(report, "runs"), i, run) {
		double dax = calibrated(run, "speaker.dax");

		assert_string_equal(json_string_value(json_object_get(json_object_get(run,
				    "summary"), "instructions_source")), "callgrind");
		assert_int_equal(stat(json_string_value(json_object_get(run, "callgrind_file")),
				      &st), 0);
		for (size_t k = 0; k < sizeof(modules) / sizeof(modules[0]); k++)
			assert_true(calibrated(run, modules[k]) < dax);
		if (dax < DAX_SPEAKER_ESTIMATE_PER_CYCLE / 3 ||
		    dax > DAX_SPEAKER_ESTIMATE_PER_CYCLE * 3)
			fail_msg("speaker.dax: %.0f instructions per cycle, estimate %.0f", dax,
				 DAX_SPEAKER_ESTIMATE_PER_CYCLE);
	}
	json_decref(report);
}

static void test_calibrate_without_valgrind_is_a_usage_error(void **state)
{
	char env[600];

	(void)state;
	/* nothing on PATH: the check comes before any run, so sox is not needed */
	assert_int_equal(calibrate("PATH=/nonexistent", "novalgrind"), 2);
	assert_true(file_says("novalgrind.stderr",
			      "--calibrate needs valgrind (apt-get install valgrind)"));
	/* a valgrind that fails: the run is named, status 1 */
	snprintf(env, sizeof(env), "mkdir -p %s/bin && printf '#!/bin/sh\\nexit 3\\n' "
		 ">%s/bin/valgrind && chmod +x %s/bin/valgrind", tmpdir, tmpdir, tmpdir);
	assert_int_equal(system(env), 0);
	snprintf(env, sizeof(env), "PATH=%s/bin:$PATH", tmpdir);
	assert_int_equal(calibrate(env, "failing"), 1);
	assert_true(file_says("failing.stderr",
			      "calibration of static/adx: the callgrind run exited with status 3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_calibrate_puts_callgrind_figures_in_the_report),
		cmocka_unit_test(test_calibrate_without_valgrind_is_a_usage_error),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
