// SPDX-License-Identifier: BSD-3-Clause
/*
 * Shard files and their merge: shards of a synthetic sweep merge into the
 * very bytes the unsharded report has; a missing or repeated shard, a shard
 * of another seed or version, and a file that is not a shard are refused
 * with the file named; no temporary file is left behind.
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

#include "verdict/tb_sweep_file.h"

#define VERSION "test-1"
#define STORIES 97u

static struct tb_sweep_plan plan_of(uint64_t seed, uint32_t shard, uint32_t shards)
{
	struct tb_sweep_plan p = { .seed = seed, .stories = STORIES, .num_policies = 2,
				   .num_heaps = 1, .num_budgets = 2, .shard = shard,
				   .shards = shards, .budgets = { 300 << 10, 330 << 10 } };

	strcpy(p.policies[0], "prepare");
	strcpy(p.policies[1], "static");
	strcpy(p.heaps[0], "adx");
	return p;
}

static struct tb_story_outcome outcome_of(uint32_t story, uint32_t cell)
{
	uint32_t h = story * 2654435761u ^ cell * 40503u;

	return (struct tb_story_outcome){ .story = story, .cell = cell, .failures = h % 7 == 0 ?
					  TB_FAIL_ENGINE_ALLOC : 0, .engine_committed = h % 5000,
					  .bypassed_frames = h % 3 ? 0 : 48u * (h % 11),
					  .worst_gap_us = h % 9000 };
}

static void write_shard(const char *path, uint64_t seed, uint32_t shard, uint32_t shards,
			const char *version)
{
	struct tb_sweep_plan p = plan_of(seed, shard, shards);
	struct tb_story_outcome rows[STORIES * 4];
	uint32_t first, end;
	size_t n = 0;
	char err[300];

	tb_sweep_shard_range(&p, &first, &end);
	for (uint32_t s = first; s < end; s++)
		for (uint32_t c = 0; c < tb_sweep_num_cells(&p); c++)
			rows[n++] = outcome_of(s, c);
	assert_int_equal(tb_shard_write(path, &p, version, rows, n, err, sizeof(err)), 0);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = calloc(1, 1 << 20);

	assert_non_null(f);
	assert_non_null(buf);
	assert_true(fread(buf, 1, (1 << 20) - 1, f) > 0);
	fclose(f);
	return buf;
}

static void report_of(const char *path, const struct tb_sweep_plan *p,
		      const struct tb_story_outcome *rows, size_t n)
{
	struct tb_cell_summary sums[8];
	char err[300];

	assert_int_equal(tb_sweep_summarize(p, rows, n, sums), 0);
	assert_int_equal(tb_sweep_report_write(path, p, VERSION, sums, err, sizeof(err)), 0);
}

static void merged_shards_equal_the_unsharded_report(void **state)
{
	struct tb_sweep_plan whole = plan_of(42, 1, 1), merged;
	struct tb_story_outcome rows[STORIES * 4], *got;
	const char *paths[3];
	char p1[300], p2[300], p3[300], ref[300], out[300], err[300];
	size_t n = 0, num_got;
	char *a, *b;

	(void)state;
	for (uint32_t s = 0; s < STORIES; s++)
		for (uint32_t c = 0; c < 4; c++)
			rows[n++] = outcome_of(s, c);
	snprintf(ref, sizeof(ref), "%s/ref.json", tmpdir);
	report_of(ref, &whole, rows, n);
	snprintf(p1, sizeof(p1), "%s/s1.json", tmpdir);
	snprintf(p2, sizeof(p2), "%s/s2.json", tmpdir);
	snprintf(p3, sizeof(p3), "%s/s3.json", tmpdir);
	write_shard(p1, 42, 1, 3, VERSION);
	write_shard(p2, 42, 2, 3, VERSION);
	write_shard(p3, 42, 3, 3, VERSION);
	paths[0] = p3;   /* any order */
	paths[1] = p1;
	paths[2] = p2;
	assert_int_equal(tb_shard_merge(paths, 3, VERSION, &merged, &got, &num_got, err,
					sizeof(err)), 0);
	assert_int_equal(num_got, n);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(got[i].story, rows[i].story);
		assert_int_equal(got[i].cell, rows[i].cell);
		assert_int_equal(got[i].failures, rows[i].failures);
		assert_int_equal(got[i].engine_committed, rows[i].engine_committed);
		assert_int_equal(got[i].bypassed_frames, rows[i].bypassed_frames);
		assert_int_equal(got[i].worst_gap_us, rows[i].worst_gap_us);
	}
	snprintf(out, sizeof(out), "%s/merged.json", tmpdir);
	report_of(out, &merged, got, num_got);
	a = slurp(ref);
	b = slurp(out);
	assert_string_equal(a, b);
	free(a);
	free(b);
	free(got);
}

static void expect_refused(const char *const *paths, int n, const char *named,
			   const char *reason)
{
	struct tb_sweep_plan merged;
	struct tb_story_outcome *got = NULL;
	size_t num_got;
	char err[400] = "";

	assert_int_not_equal(tb_shard_merge(paths, n, VERSION, &merged, &got, &num_got, err,
					    sizeof(err)), 0);
	assert_null(got);
	assert_non_null(strstr(err, named));
	assert_non_null(strstr(err, reason));
}

static void incomplete_or_foreign_shards_are_refused(void **state)
{
	char a[300], b[300], other_seed[300], other_ver[300], junk[300];
	const char *paths[2];
	FILE *f;

	(void)state;
	snprintf(a, sizeof(a), "%s/a.json", tmpdir);
	snprintf(b, sizeof(b), "%s/b.json", tmpdir);
	snprintf(other_seed, sizeof(other_seed), "%s/seed.json", tmpdir);
	snprintf(other_ver, sizeof(other_ver), "%s/version.json", tmpdir);
	snprintf(junk, sizeof(junk), "%s/junk.json", tmpdir);
	write_shard(a, 7, 1, 2, VERSION);
	write_shard(b, 7, 2, 2, VERSION);
	write_shard(other_seed, 8, 2, 2, VERSION);
	{
		struct tb_sweep_plan p = plan_of(7, 2, 2);
		char err[300];

		assert_int_equal(tb_shard_write(other_ver, &p, "test-2", NULL, 0, err,
						sizeof(err)), 0);
	}
	f = fopen(junk, "w");
	assert_non_null(f);
	fputs("{\"hello\": 1}\n", f);
	fclose(f);

	paths[0] = a;
	expect_refused(paths, 1, a, "shard 2/2 is missing");
	paths[1] = a;
	expect_refused(paths, 2, a, "already given");
	paths[1] = other_seed;
	expect_refused(paths, 2, other_seed, "another sweep");
	paths[1] = other_ver;
	expect_refused(paths, 2, other_ver, "version 'test-2'");
	paths[1] = junk;
	expect_refused(paths, 2, junk, "not a sweep shard");
	paths[1] = b;
	{
		struct tb_sweep_plan merged;
		struct tb_story_outcome *got;
		size_t num_got;
		char err[300];

		assert_int_equal(tb_shard_merge(paths, 2, VERSION, &merged, &got, &num_got, err,
						sizeof(err)), 0);
		free(got);
	}
}

static void no_temporary_files_are_left(void **state)
{
	DIR *d = opendir(tmpdir);
	struct dirent *e;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d)))
		assert_null(strstr(e->d_name, ".tmp."));
	closedir(d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(merged_shards_equal_the_unsharded_report),
		cmocka_unit_test(incomplete_or_foreign_shards_are_refused),
		cmocka_unit_test(no_temporary_files_are_left),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
