/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A small test runner for the firmware targets (cmocka is not packaged for
 * arm-none-eabi): each test is a function that checks with TB_CHECK; the
 * first failed check ends the test with file, line and the expression. The
 * runner prints one line per test and "N passed, N failed" over semihosting
 * and exits non-zero when anything failed.
 */
#ifndef TB_TARGET_RUNNER_H
#define TB_TARGET_RUNNER_H

#include <stdbool.h>

struct tb_target_test {
	const char *name;
	bool (*run)(void);
};

/* Records a failed check; the test returns false right after. */
void tb_target_fail(const char *file, int line, const char *expr);

#define TB_CHECK(expr)                                              \
	do {                                                        \
		if (!(expr)) {                                      \
			tb_target_fail(__FILE__, __LINE__, #expr);  \
			return false;                               \
		}                                                   \
	} while (0)

/* Runs every test in order; the number that failed. */
unsigned tb_target_run_all(const struct tb_target_test *tests, unsigned count);

#endif
