/* SPDX-License-Identifier: BSD-3-Clause */
/* adx-testbench --scenario: load, run every asked (policy, heap), write outputs. */
#ifndef ADX_TB_LAB_CLI_H
#define ADX_TB_LAB_CLI_H

#include "options.h"

/* Returns the process exit status (0, 1 failed, 2 bad scenario or usage). */
int tb_lab_main(const struct tb_options *opt);

#endif
