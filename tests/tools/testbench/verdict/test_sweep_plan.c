// SPDX-License-Identifier: BSD-3-Clause
/*
 * The sweep plan: cells enumerate every policy x heap x budget once; the
 * shards of any n partition the stories exactly; malformed --shard and
 * --stories values are refused; summaries count failures per kind.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "verdict/tb_sweep.h"

static struct tb_sweep_plan plan_of(uint32_t stories)
{
	struct tb_sweep_plan p = { .seed = 1, .stories = stories, .num_policies = 4,
				   .num_heaps = 2, .num_budgets = 3, .shard = 1, .shards = 1,
				   .budgets = { 300 << 10, 320 << 10, 340 << 10 } };

	return p;
}

static void cells_enumerate_every_combination_once(void **state)
{
	struct tb_sweep_plan p = plan_of(1);
	bool seen[4][2][3] = { { { false } } };

	(void)state;
	assert_int_equal(tb_sweep_num_cells(&p), 24);
	for (uint32_t c = 0; c < 24; c++) {
		struct tb_sweep_cell cell = tb_sweep_cell_at(&p, c);

		assert_false(seen[cell.policy][cell.heap][cell.budget]);
		seen[cell.policy][cell.heap][cell.budget] = true;
		assert_int_equal(tb_sweep_cell_index(&p, cell), c);
	}
}

static void shards_partition_the_stories(void **state)
{
	(void)state;
	for (uint32_t n = 1; n <= 13; n++) {
		struct tb_sweep_plan p = plan_of(1000);
		uint32_t next = 0;

		p.shards = n;
		for (p.shard = 1; p.shard <= n; p.shard++) {
			uint32_t first, end;

			tb_sweep_shard_range(&p, &first, &end);
			assert_int_equal(first, next);
			assert_true(end >= first);
			next = end;
		}
		assert_int_equal(next, 1000);
	}
}

static void malformed_shards_are_refused(void **state)
{
	static const char *const bad[] = { "", "1", "0/4", "5/4", "1/0", "a/4", "1/4x", "-1/4",
					   "1//4", "1/ 4", "1/100001" };
	uint32_t i, n;
	char err[200];

	(void)state;
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		err[0] = 0;
		assert_int_not_equal(tb_sweep_parse_shard(bad[k], &i, &n, err, sizeof(err)), 0);
		assert_non_null(strstr(err, "--shard"));
	}
	assert_int_equal(tb_sweep_parse_shard("3/8", &i, &n, err, sizeof(err)), 0);
	assert_int_equal(i, 3);
	assert_int_equal(n, 8);
}

static void zero_or_malformed_story_counts_are_refused(void **state)
{
	uint32_t n;
	char err[200];

	(void)state;
	assert_int_not_equal(tb_sweep_parse_stories("0", &n, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "--stories '0'"));
	assert_int_not_equal(tb_sweep_parse_stories("12k", &n, err, sizeof(err)), 0);
	assert_int_not_equal(tb_sweep_parse_stories("", &n, err, sizeof(err)), 0);
	assert_int_equal(tb_sweep_parse_stories("10000", &n, err, sizeof(err)), 0);
	assert_int_equal(n, 10000);
}

static void summaries_count_failures_by_kind(void **state)
{
	struct tb_sweep_plan p = plan_of(4);
	struct tb_story_outcome o[] = {
		{ .story = 0, .cell = 5, .failures = TB_FAIL_ENGINE_ALLOC | TB_FAIL_BYPASS,
		  .engine_committed = 100, .bypassed_frames = 48, .worst_gap_us = 7 },
		{ .story = 1, .cell = 5, .failures = 0, .engine_committed = 300,
		  .worst_gap_us = 20 },
		{ .story = 2, .cell = 5, .failures = TB_FAIL_UNDERRUN, .bypassed_frames = 2 },
		{ .story = 3, .cell = 5, .failures = 0 },
	};
	struct tb_cell_summary s[24];

	(void)state;
	assert_int_equal(tb_sweep_summarize(&p, o, 4, s), 0);
	assert_int_equal(s[5].stories, 4);
	assert_int_equal(s[5].failed, 2);
	assert_int_equal(s[5].failed_by_kind[0], 1);
	assert_int_equal(s[5].failed_by_kind[3], 1);
	assert_int_equal(s[5].failed_by_kind[4], 1);
	assert_int_equal(s[5].engine_committed_max, 300);
	assert_int_equal(s[5].bypassed_frames_total, 50);
	assert_int_equal(s[5].worst_gap_us, 20);
	assert_int_equal(s[5].first_failed_story, 0);
	assert_true(s[5].ci.estimate == 0.5);
	assert_int_equal(s[4].stories, 0);
	assert_int_equal(s[4].first_failed_story, -1);
	o[0].cell = 24;
	assert_int_not_equal(tb_sweep_summarize(&p, o, 4, s), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cells_enumerate_every_combination_once),
		cmocka_unit_test(shards_partition_the_stories),
		cmocka_unit_test(malformed_shards_are_refused),
		cmocka_unit_test(zero_or_malformed_story_counts_are_refused),
		cmocka_unit_test(summaries_count_failures_by_kind),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
