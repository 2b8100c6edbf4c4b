/* SPDX-License-Identifier: BSD-3-Clause */
/* adx-validate's command line. */
#ifndef VAL_OPTIONS_H
#define VAL_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>

#define VAL_MAX_SELECT 16

/* Exit codes: what a CI script can tell apart. */
enum val_exit {
	VAL_EXIT_PASS = 0,
	VAL_EXIT_FAIL = 1,      /* a selected check failed */
	VAL_EXIT_USAGE = 2,     /* bad command line, unknown or unloadable module */
	VAL_EXIT_TIMEOUT = 3,   /* a check ran past --timeout-ms */
};

struct val_options {
	const char *module;     /* built-in name or path to a .so */
	int strictness;         /* 1..10 */
	uint64_t seed;
	uint32_t repeat;
	uint32_t timeout_ms;    /* per check; 0: none */
	const char *only[VAL_MAX_SELECT];
	int only_count;
	const char *skip[VAL_MAX_SELECT];
	int skip_count;
	bool json;
	bool list;
	bool help;
};

/* 0, or -EINVAL with the reason printed to stderr. */
int val_parse_options(int argc, char **argv, struct val_options *opt);
void val_print_help(const char *argv0);
/* A check runs when its level and --only/--skip (prefixes: "memory." = group) allow. */
bool val_selected(const struct val_options *opt, const char *name, int level);

#endif
