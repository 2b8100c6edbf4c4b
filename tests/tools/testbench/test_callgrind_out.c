// SPDX-License-Identifier: BSD-3-Clause
/*
 * The callgrind output reader (tools/testbench/calib/calib_callgrind.h):
 * - against an independent oracle: a fixture program of known shape run
 *   under valgrind, its inclusive costs as callgrind_annotate prints them
 *   and its call counts as the fixture's loops make them;
 * - the format's rules on a hand-written file with known sums;
 * - malformed input: an error naming the line, never a crash (this test
 *   runs under ASan in make check-asan).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "scratch_dir.h"

#include "calib/calib_callgrind.h"

#define FIXTURE_OUTER_CALLS 50   /* callgrind_fixture.c's loops */


static bool have_command(const char *probe)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "%s >/dev/null 2>&1", probe);
	return system(cmd) == 0;
}

/* The inclusive Ir callgrind_annotate prints for function fn, or -1. */
static int64_t annotate_inclusive(const char *out_file, const char *fn)
{
	char cmd[1024], line[4096], key[128];
	int64_t found = -1;
	FILE *p;

	snprintf(cmd, sizeof(cmd), "callgrind_annotate --inclusive=yes --threshold=100 %s",
		 out_file);
	snprintf(key, sizeof(key), ":%s [", fn);
	p = popen(cmd, "r");
	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		int64_t v = 0;

		if (!strstr(line, key))
			continue;
		for (const char *c = line; *c == ' ' || *c == ',' || (*c >= '0' && *c <= '9'); c++)
			if (*c >= '0' && *c <= '9')
				v = v * 10 + (*c - '0');
		found = v;
	}
	assert_int_equal(pclose(p), 0);
	return found;
}

static void check_fixture_run(const char *valgrind_options, const char *name)
{
	static const struct { const char *fn; uint64_t calls; } expected[] = {
		{ "fixture_outer", FIXTURE_OUTER_CALLS },
		{ "fixture_light", 6 * FIXTURE_OUTER_CALLS },
		{ "fixture_heavy", 2 * FIXTURE_OUTER_CALLS },
	};
	const struct cg_function *fns[3];
	char out_file[256], cmd[1024], err[512] = "";
	struct cg_profile prof;

	snprintf(out_file, sizeof(out_file), "%s/%s.out", tmpdir, name);
	snprintf(cmd, sizeof(cmd), "valgrind -q --tool=callgrind %s --callgrind-out-file=%s %s",
		 valgrind_options, out_file, CALLGRIND_FIXTURE);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(cg_profile_load(out_file, &prof, err, sizeof(err)), 0);
	for (int i = 0; i < 3; i++) {
		int64_t oracle = annotate_inclusive(out_file, expected[i].fn);

		fns[i] = cg_profile_find(&prof, expected[i].fn);
		assert_non_null(fns[i]);
		assert_true(oracle > 0);
		assert_int_equal(fns[i]->inclusive_ir, (uint64_t)oracle);
		assert_int_equal(fns[i]->calls, expected[i].calls);
	}
	/* outer's inclusive cost is itself plus what it called */
	assert_int_equal(fns[0]->inclusive_ir,
			 fns[0]->self_ir + fns[1]->inclusive_ir + fns[2]->inclusive_ir);
	/* heavy's loop is ten times light's: per call it costs several times more */
	assert_true(fns[2]->inclusive_ir / fns[2]->calls > 5 * (fns[1]->inclusive_ir / fns[1]->calls));
	assert_int_equal(prof.self_total_ir, prof.totals_ir ? prof.totals_ir : prof.summary_ir);
	cg_profile_free(&prof);
}

static void test_reader_matches_callgrind_annotate_on_a_fixture(void **state)
{
	(void)state;
	if (!have_command("valgrind --version") || !have_command("which callgrind_annotate"))
		skip();
	/* compressed names and relative positions, as --calibrate writes them */
	check_fixture_run("--dump-line=no", "compressed");
	/* plain names, absolute hex addresses and lines: the other spellings */
	check_fixture_run("--compress-strings=no --compress-pos=no --dump-instr=yes", "plain");
}

static int read_text(const char *text, size_t len, struct cg_profile *prof, char *err,
		     size_t err_size)
{
	FILE *f = fmemopen((void *)text, len, "r");
	int ret;

	assert_non_null(f);
	ret = cg_profile_read(f, "mem.out", prof, err, err_size);
	fclose(f);
	return ret;
}

static void test_reader_follows_the_format_rules(void **state)
{
	static const char text[] =
		"# callgrind format\n"
		"version: 1\n"
		"positions: instr line\n"
		"events: Dr Ir\n"
		"summary: 7 165\n"
		"fl=(1) a.c\n"
		"fn=(1) alpha\n"
		"0x10 3 1 10\n"               /* absolute, hex instr: Ir 10 */
		"+2 * 0 0x14\n"               /* relative instr, same line: Ir 20 */
		"-1 +1 2\n"                   /* Ir omitted: 0 */
		"cfl=(2) b.c\n"
		"cfn=(2) beta\n"
		"calls=3 0x40 7\n"
		"* * 0 30\n"                  /* the call's inclusive cost */
		"\n"
		"fn=(2)\n"
		"0x40 7 0 30\n"
		"fn=gamma\n"                  /* an uncompressed name */
		"0x50 1 4 40\n"
		"totals: 6 100\n"
		"part: 2\n"
		"fn=(1)\n"                    /* a second block of alpha in part 2 */
		"0x10 3 0 5\n"
		"cfn=gamma\n"
		"calls=2 0x50\n"
		"0x11 3 0 60\n"
		"totals: 1 65\n";
	const struct cg_function *alpha, *beta, *gamma;
	struct cg_profile prof;
	char err[256] = "";

	(void)state;
	assert_int_equal(read_text(text, strlen(text), &prof, err, sizeof(err)), 0);
	alpha = cg_profile_find(&prof, "alpha");
	beta = cg_profile_find(&prof, "beta");
	gamma = cg_profile_find(&prof, "gamma");
	assert_non_null(alpha);
	assert_non_null(beta);
	assert_non_null(gamma);
	assert_null(cg_profile_find(&prof, "delta"));
	assert_int_equal(prof.num_functions, 3);
	assert_int_equal(alpha->self_ir, 10 + 20 + 0 + 5);
	assert_int_equal(alpha->inclusive_ir, 35 + 30 + 60);
	assert_int_equal(alpha->calls, 0);
	assert_int_equal(beta->self_ir, 30);
	assert_int_equal(beta->inclusive_ir, 30);
	assert_int_equal(beta->calls, 3);
	assert_int_equal(gamma->self_ir, 40);
	assert_int_equal(gamma->calls, 2);
	assert_int_equal(prof.self_total_ir, 35 + 30 + 40);
	assert_int_equal(prof.totals_ir, 165);
	assert_int_equal(prof.summary_ir, 165);
	cg_profile_free(&prof);
}

struct bad_case {
	const char *text;
	size_t len;               /* 0: strlen(text) */
	unsigned line;
	const char *says;
};

#define HEAD "events: Ir\nfn=(1) main\n"   /* lines 1-2 */

static void expect_refusal(const struct bad_case *c)
{
	struct cg_profile prof;
	char err[512] = "", where[32];
	size_t len = c->len ? c->len : strlen(c->text);

	assert_true(read_text(c->text, len, &prof, err, sizeof(err)) < 0);
	snprintf(where, sizeof(where), "mem.out:%u: ", c->line);
	if (!strstr(err, where) || !strstr(err, c->says))
		fail_msg("'%s': expected '%s...%s'", err, where, c->says);
	assert_int_equal(prof.num_functions, 0);
	assert_null(prof.functions);
}

static void test_reader_refuses_malformed_input_naming_the_line(void **state)
{
	static const struct bad_case cases[] = {
		{ "", 0, 0, "empty file" },
		{ "version: 1\ncreator: me\n", 0, 2, "no events: line" },
		{ "fn=(1) main\n", 0, 1, "no events: line" },
		{ "events: Ir\n1 5\n", 0, 2, "before the first fn=" },
		{ "fn=(1) main\n1 5\n", 0, 2, "before the events: line" },
		{ HEAD "fn=(99)\n", 0, 3, "(99) used but never defined" },
		{ HEAD "cfn=(7)\n", 0, 3, "(7) used but never defined" },
		{ HEAD "fn=(3\n", 0, 3, "bad compressed name" },
		{ HEAD "fn=(3)x\n", 0, 3, "bad compressed name" },
		{ HEAD "fn=(1) other\n", 0, 3, "defined again" },
		{ HEAD "fn=(4294967296) big\n", 0, 3, "out of range" },
		{ HEAD "fn=\n", 0, 3, "empty function name" },
		{ HEAD "16 99999999999999999999999\n", 0, 3, "bad cost" },
		{ HEAD "16 18446744073709551615\n17 1\n", 0, 4, "overflows 64 bits" },
		{ HEAD "16 5 6\n", 0, 3, "more costs than the 1 events" },
		{ HEAD "+ 5\n", 0, 3, "bad position" },
		{ HEAD "16 0xg\n", 0, 3, "bad cost" },
		{ HEAD "16 -5\n", 0, 3, "bad cost" },
		{ HEAD "calls=2 10\n", 0, 3, "calls= without fn= and cfn=" },
		{ HEAD "cfn=(2) f\ncalls=2\n", 0, 4, "without a target position" },
		{ HEAD "cfn=(2) f\ncalls=x 10\n", 0, 4, "bad call count" },
		{ HEAD "cfn=(2) f\ncalls=2 10 11 12\n", 0, 4, "bad target position" },
		{ HEAD "cfn=(2) f\ncalls=2 10\nfn=(2)\n", 0, 5, "not followed by its cost line" },
		{ HEAD "cfn=(2) f\ncalls=2 10\n", 0, 4, "ends after calls=" },
		{ HEAD "bogus=1\n", 0, 3, "unknown line 'bogus='" },
		{ HEAD "hello world\n", 0, 3, "not a callgrind line" },
		{ "events: Dr\n", 0, 1, "no Ir" },
		{ "positions: column\n", 0, 1, "expected instr and/or line" },
		{ "positions: instr line line\n", 0, 1, "more than 2" },
		{ "summary: 5\nevents: Ir\n", 0, 1, "before the events: line" },
		{ HEAD "16 5\0 7\n", sizeof(HEAD "16 5\0 7\n") - 1, 3, "NUL byte" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		expect_refusal(&cases[i]);
}

static void test_reader_refuses_an_overlong_line_and_a_missing_file(void **state)
{
	size_t len = strlen(HEAD) + (2u << 20);
	char *text = malloc(len + 2);
	struct bad_case overlong = { text, len + 1, 3, "line longer than" };
	struct cg_profile prof;
	char err[512] = "";

	(void)state;
	assert_non_null(text);
	memcpy(text, HEAD, strlen(HEAD));
	memset(text + strlen(HEAD), '1', len - strlen(HEAD));
	text[len] = '\n';
	text[len + 1] = '\0';
	expect_refusal(&overlong);
	free(text);
	assert_true(cg_profile_load("/nonexistent/callgrind.out", &prof, err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "/nonexistent/callgrind.out"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reader_matches_callgrind_annotate_on_a_fixture),
		cmocka_unit_test(test_reader_follows_the_format_rules),
		cmocka_unit_test(test_reader_refuses_malformed_input_naming_the_line),
		cmocka_unit_test(test_reader_refuses_an_overlong_line_and_a_missing_file),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
