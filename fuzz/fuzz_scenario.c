// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scenario files (tools/testbench, YAML through libyaml): any bytes are
 * loaded and checked; a refusal must come with a message, an acceptance
 * must pass the whole-scenario check again.
 */
#include <stdio.h>

#include "fuzz_common.h"
#include "scenario/scenario.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tb_scenario sc;
	const char *path = fuzz_scratch_file(data, size, ".yaml");
	char err[512] = "";

	if (tb_scenario_load(&sc, path, err, sizeof(err))) {
		if (!err[0])
			__builtin_trap(); /* refused without saying why */
		return 0;
	}
	if (tb_scenario_check(&sc, err, sizeof(err)))
		__builtin_trap();
	tb_scenario_free(&sc);
	return 0;
}
