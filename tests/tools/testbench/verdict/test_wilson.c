// SPDX-License-Identifier: BSD-3-Clause
/*
 * The Wilson 95 % interval against values computed by hand from the
 * formula (and checked with R's prop.test(correct = FALSE)), and its edges.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "verdict/tb_wilson.h"

static void wilson_matches_published_values(void **state)
{
	struct tb_interval ci = tb_wilson95(10, 100);

	(void)state;
	/* prop.test(10, 100, correct = FALSE)$conf.int: 0.05522914 0.17436566 */
	assert_true(fabs(ci.estimate - 0.10) < 1e-12);
	assert_true(fabs(ci.low - 0.05522914) < 1e-7);
	assert_true(fabs(ci.high - 0.17436566) < 1e-7);
}

static void zero_failures_still_leave_an_upper_bound(void **state)
{
	struct tb_interval ci = tb_wilson95(0, 1000);

	(void)state;
	/* z^2 / (n + z^2) = 3.8415 / 1003.8415 */
	assert_true(ci.low == 0.0);
	assert_true(fabs(ci.high - 0.0038268) < 1e-6);
	assert_true(ci.estimate == 0.0);
}

static void all_failures_reach_one(void **state)
{
	struct tb_interval ci = tb_wilson95(50, 50);

	(void)state;
	assert_true(ci.high == 1.0);
	assert_true(ci.low > 0.92 && ci.low < 0.94);   /* 50 / (50 + 3.8415) = 0.9287 */
}

static void no_trials_know_nothing(void **state)
{
	struct tb_interval ci = tb_wilson95(0, 0);

	(void)state;
	assert_true(ci.low == 0.0 && ci.high == 1.0);
}

static void interval_narrows_with_more_trials(void **state)
{
	struct tb_interval small = tb_wilson95(5, 50), large = tb_wilson95(500, 5000);

	(void)state;
	assert_true(large.high - large.low < small.high - small.low);
	assert_true(small.low < 0.1 && small.high > 0.1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wilson_matches_published_values),
		cmocka_unit_test(zero_failures_still_leave_an_upper_bound),
		cmocka_unit_test(all_failures_reach_one),
		cmocka_unit_test(no_trials_know_nothing),
		cmocka_unit_test(interval_narrows_with_more_trials),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
