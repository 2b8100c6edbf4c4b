/* SPDX-License-Identifier: BSD-3-Clause */
/* adx-testbench --stories / --min-memory / --merge: sweeps and the verdict (docs/verdict.md). */
#ifndef ADX_TB_VERDICT_CLI_H
#define ADX_TB_VERDICT_CLI_H

#include <stdbool.h>

#include "options.h"

/* True when the options ask for a sweep, a minimum-memory search or a merge. */
bool tb_verdict_wanted(const struct tb_options *opt);

/* Returns the process exit status (0, 1 failed, 2 bad usage or input). */
int tb_verdict_main(const struct tb_options *opt);

#endif
