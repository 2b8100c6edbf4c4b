// SPDX-License-Identifier: BSD-3-Clause
/*
 * The on-target test image: starts the port, runs every group, prints
 * "N passed, N failed" and leaves QEMU through semihosting's exit with
 * status 0 only when everything passed.
 */
#include <stdio.h>
#include <stdlib.h>

#include "adx/platform/bare/port.h"
#include "target_tests.h"

int main(void)
{
	static const struct {
		const struct tb_target_test *tests;
		const unsigned *count;
	} groups[] = {
		/* first: its stack figure then covers the DP coroutines alone */
		{ tb_target_pipeline_tests, &tb_target_pipeline_test_count },
		{ tb_target_port_tests, &tb_target_port_test_count },
		{ tb_target_heap_tests, &tb_target_heap_test_count },
		{ tb_target_engine_tests, &tb_target_engine_test_count },
	};
	struct tb_target_test all[64];
	unsigned n = 0;

	adx_bare_clock_start();
	adx_log_set_sink(adx_bare_log_sink, NULL);
	for (unsigned g = 0; g < sizeof(groups) / sizeof(groups[0]); g++)
		for (unsigned i = 0; i < *groups[g].count && n < sizeof(all) / sizeof(all[0]); i++)
			all[n++] = groups[g].tests[i];
	return tb_target_run_all(all, n) ? EXIT_FAILURE : EXIT_SUCCESS;
}
