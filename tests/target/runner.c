// SPDX-License-Identifier: BSD-3-Clause
#include <stdio.h>

#include "runner.h"

void tb_target_fail(const char *file, int line, const char *expr)
{
	printf("  check failed at %s:%d: %s\n", file, line, expr);
}

unsigned tb_target_run_all(const struct tb_target_test *tests, unsigned count)
{
	unsigned failed = 0;

	for (unsigned i = 0; i < count; i++) {
		bool ok;

		printf("[ RUN  ] %s\n", tests[i].name);
		ok = tests[i].run();
		printf("[ %s ] %s\n", ok ? " OK " : "FAIL", tests[i].name);
		failed += ok ? 0u : 1u;
	}
	printf("%u passed, %u failed\n", count - failed, failed);
	return failed;
}
