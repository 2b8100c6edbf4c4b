// SPDX-License-Identifier: BSD-3-Clause
/* adx-testbench: run the firmware runtime on a PC with real audio files. */
#include <stdio.h>

#include "cli.h"

int main(int argc, char **argv)
{
	struct tb_options opt;
	struct tb_result result;
	char err[512] = "";
	enum tb_run_status status;

	tb_options_defaults(&opt);
	switch (tb_options_parse(&opt, argc, argv, err, sizeof(err))) {
	case TB_PARSE_EXIT_OK:
		return 0;
	case TB_PARSE_ERROR:
		fprintf(stderr, "adx-testbench: %s\n", err);
		return 2;
	case TB_PARSE_RUN:
		break;
	}
	if (opt.scenario || tb_verdict_wanted(&opt)) {
		int lab_status = opt.scenario && !opt.merge ? tb_lab_main(&opt) : 0;

		return lab_status || !tb_verdict_wanted(&opt) ? lab_status : tb_verdict_main(&opt);
	}
	status = tb_run(&opt, &result, err, sizeof(err));
	if (status != TB_RUN_OK) {
		fprintf(stderr, "adx-testbench: %s\n", err);
		return (int)status;
	}
	if (!opt.quiet)
		tb_print_summary(&opt, &result);
	return 0;
}
