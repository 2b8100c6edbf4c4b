// SPDX-License-Identifier: BSD-3-Clause
/*
 * Malformed scenario files are refused with file:line:column and what was
 * expected: one shipped file per class (tests/tools/testbench/scenario/bad/, each naming the
 * position and words its error must have), and generated files past each
 * bound the reader holds a file to before building its YAML document (size,
 * nesting, node count), each refused where the bound is passed, naming the
 * limit and the value.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "scratch_dir.h"

#include "scenario/scenario.h"

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
	const char *dir = "tests/tools/testbench/scenario/bad";
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

/* The file the generator wrote is refused with this position and these words. */
static void assert_refused(const char *path, int line, int column, const char *words,
			   const char *value)
{
	char err[1024], want[600];
	struct tb_scenario sc;

	if (!tb_scenario_load(&sc, path, err, sizeof(err))) {
		tb_scenario_free(&sc);
		fail_msg("%s was accepted", path);
	}
	snprintf(want, sizeof(want), "%s:%d:%d: ", path, line, column);
	if (strncmp(err, want, strlen(want)) || !strstr(err, words) || !strstr(err, value))
		fail_msg("got      %s\nexpected %s... %s ... %s", err, want, words, value);
}

static FILE *create(char *path, size_t size, const char *name)
{
	FILE *f;

	snprintf(path, size, "%s/%s", tmpdir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	return f;
}

static const char head[] =
	"heap: {size: 128K}\n"
	"pipelines:\n"
	"  - {name: speaker, host: {signal: sine}, dai: speaker.wav}\n"
	"timeline:\n";
#define HEAD_LINES 4

/*
 * A file over the size bound is refused where it passes it, with its size,
 * before any of it is parsed (it would otherwise be refused only after
 * being built whole, for too many events).
 */
static void test_file_past_the_size_bound_is_refused(void **state)
{
	static const char event[] = "  - {at: 1, pipeline: speaker, op: open}\n";
	const size_t per_line = sizeof(event) - 1;
	size_t bytes = sizeof(head) - 1, lines;
	char path[512], size_text[32];
	FILE *f = create(path, sizeof(path), "huge.yaml");

	(void)state;
	fputs(head, f);
	while (bytes <= TB_SCENARIO_MAX_BYTES) {
		fputs(event, f);
		bytes += per_line;
	}
	fclose(f);
	lines = (TB_SCENARIO_MAX_BYTES - (sizeof(head) - 1)) / per_line;
	snprintf(size_text, sizeof(size_text), "(it has %zu)", bytes);
	assert_refused(path, HEAD_LINES + (int)lines + 1,
		       (int)((TB_SCENARIO_MAX_BYTES - (sizeof(head) - 1)) % per_line) + 1,
		       "expected a scenario of at most 1048576 bytes", size_text);
}

/*
 * Nesting past the depth bound is refused at the first list too deep: a
 * file of a few hundred KB of '[' would otherwise take libyaml time
 * quadratic in its depth (this test's CTest timeout fails it then).
 */
static void test_nesting_past_the_depth_bound_is_refused(void **state)
{
	static const char key[] = "timeline: ";
	char path[512], level[32];
	FILE *f = create(path, sizeof(path), "deep.yaml");

	(void)state;
	fputs(key, f);
	for (int i = 0; i < 400000; i++)
		fputc('[', f);
	fclose(f);
	snprintf(level, sizeof(level), "level %d", TB_SCENARIO_MAX_DEPTH + 1);
	/* The root mapping is level 1, so the list at level max + 1 is bracket max. */
	assert_refused(path, 1, (int)sizeof(key) - 1 + TB_SCENARIO_MAX_DEPTH, level,
		       "at most 32 levels");
}

/* More nodes than the bound are refused at the first node past it. */
static void test_nodes_past_the_count_bound_are_refused(void **state)
{
	static const char key[] = "timeline: [";
	const int items = TB_SCENARIO_MAX_NODES + 1000;
	char path[512], node[32];
	FILE *f = create(path, sizeof(path), "wide.yaml");

	(void)state;
	fputs(key, f);
	for (int i = 0; i < items; i++)
		fputs(i ? ",0" : "0", f);
	fputs("]\n", f);
	fclose(f);
	/* Nodes 1-3 are the root mapping, its key and the list: item k is node k + 4. */
	snprintf(node, sizeof(node), "node %d ", TB_SCENARIO_MAX_NODES + 1);
	assert_refused(path, 1, (int)sizeof(key) - 1 + 2 * (TB_SCENARIO_MAX_NODES - 3) + 1, node,
		       "at most 100000 nodes");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_malformed_scenarios_name_line_and_column),
		cmocka_unit_test(test_file_past_the_size_bound_is_refused),
		cmocka_unit_test(test_nesting_past_the_depth_bound_is_refused),
		cmocka_unit_test(test_nodes_past_the_count_bound_are_refused),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
