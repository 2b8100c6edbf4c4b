// SPDX-License-Identifier: BSD-3-Clause
/*
 * The process pool: every task's record arrives at its index, the same for
 * any job count (1 runs inline, more fork); a failing task fails the run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "verdict/tb_pool.h"

struct record {
	uint32_t task;
	uint64_t square;
	char text[40];     /* wider than a word, so records cross pipe reads */
};

static int square_task(void *ctx, uint32_t task, void *out)
{
	struct record *r = out;
	const uint32_t *fail_at = ctx;

	if (fail_at && task == *fail_at)
		return -1;
	r->task = task;
	r->square = (uint64_t)task * task;
	memset(r->text, 'a' + task % 26, sizeof(r->text));
	return 0;
}

static void records_are_the_same_for_any_job_count(void **state)
{
	enum { TASKS = 2000 };
	static struct record ref[TASKS], got[TASKS];
	char err[200];

	(void)state;
	assert_int_equal(tb_pool_run(1, TASKS, sizeof(struct record), square_task, NULL, ref,
				     err, sizeof(err)), 0);
	for (unsigned jobs = 2; jobs <= 5; jobs++) {
		memset(got, 0, sizeof(got));
		assert_int_equal(tb_pool_run(jobs, TASKS, sizeof(struct record), square_task, NULL,
					     got, err, sizeof(err)), 0);
		assert_memory_equal(ref, got, sizeof(ref));
	}
	assert_int_equal(ref[1999].square, 1999ull * 1999ull);
}

static void a_failing_task_fails_the_run(void **state)
{
	static struct record got[100];
	uint32_t fail_at = 57;
	char err[200] = "";

	(void)state;
	assert_int_not_equal(tb_pool_run(3, 100, sizeof(struct record), square_task, &fail_at,
					 got, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "worker"));
	assert_int_not_equal(tb_pool_run(1, 100, sizeof(struct record), square_task, &fail_at,
					 got, err, sizeof(err)), 0);
	assert_non_null(strstr(err, "task 57"));
}

static void default_jobs_is_the_core_count(void **state)
{
	(void)state;
	assert_int_equal(tb_pool_default_jobs(), (unsigned)sysconf(_SC_NPROCESSORS_ONLN));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(records_are_the_same_for_any_job_count),
		cmocka_unit_test(a_failing_task_fails_the_run),
		cmocka_unit_test(default_jobs_is_the_core_count),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
