// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "val_options.h"

void val_print_help(const char *argv0)
{
	printf("usage: %s MODULE [options]\n"
	       "Checks a module against adx's module contract (docs/modules.md).\n"
	       "MODULE: a built-in module name (see --list) or the path of a module built\n"
	       "        as a shared object exporting adx_module_entry().\n\n"
	       "  --strictness N   1..10 (default 5): runs the checks of level <= N and\n"
	       "                   scales their iteration counts\n"
	       "  --seed N         seed of every random choice (default 1)\n"
	       "  --repeat K       run the selection K times, seeds N, N+1, ... (default 1)\n"
	       "  --timeout-ms T   a check running longer than T ms ends the run (exit 3)\n"
	       "  --only CHECK     run only this check, or a group given as \"memory.\";\n"
	       "                   repeatable; ignores --strictness\n"
	       "  --skip CHECK     skip this check or group; repeatable\n"
	       "  --json           one JSON document on stdout instead of text\n"
	       "  --list           list the checks with their level, and the built-in modules\n"
	       "  --help           this text\n\n"
	       "Exit: 0 every selected check passed, 1 a check failed, 2 bad usage or a\n"
	       "module that cannot be loaded, 3 a check timed out.\n", argv0);
}

static int parse_u64(const char *text, const char *what, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(text, &end, 0);
	if (errno || *end || end == text || v > max || text[0] == '-') {
		fprintf(stderr, "adx-validate: %s: '%s' is not a number in 0..%llu\n", what, text,
			(unsigned long long)max);
		return -EINVAL;
	}
	*out = v;
	return 0;
}

static int add_name(const char **list, int *count, const char *name, const char *what)
{
	if (*count >= VAL_MAX_SELECT) {
		fprintf(stderr, "adx-validate: at most %d %s options\n", VAL_MAX_SELECT, what);
		return -EINVAL;
	}
	list[(*count)++] = name;
	return 0;
}

static int parse_one(int c, struct val_options *opt)
{
	uint64_t v;

	switch (c) {
	case 's':
		if (parse_u64(optarg, "--strictness", 10, &v))
			return -EINVAL;
		if (v < 1) {
			fprintf(stderr, "adx-validate: --strictness takes 1..10\n");
			return -EINVAL;
		}
		opt->strictness = (int)v;
		return 0;
	case 'S': return parse_u64(optarg, "--seed", UINT64_MAX, &opt->seed);
	case 'r':
		if (parse_u64(optarg, "--repeat", 1000000, &v) || v < 1)
			return -EINVAL;
		opt->repeat = (uint32_t)v;
		return 0;
	case 't':
		if (parse_u64(optarg, "--timeout-ms", UINT32_MAX, &v))
			return -EINVAL;
		opt->timeout_ms = (uint32_t)v;
		return 0;
	case 'o': return add_name(opt->only, &opt->only_count, optarg, "--only");
	case 'k': return add_name(opt->skip, &opt->skip_count, optarg, "--skip");
	case 'j': opt->json = true; return 0;
	case 'l': opt->list = true; return 0;
	case 'h': opt->help = true; return 0;
	}
	return -EINVAL;
}

int val_parse_options(int argc, char **argv, struct val_options *opt)
{
	static const struct option longs[] = {
		{ "strictness", required_argument, NULL, 's' },
		{ "seed", required_argument, NULL, 'S' },
		{ "repeat", required_argument, NULL, 'r' },
		{ "timeout-ms", required_argument, NULL, 't' },
		{ "only", required_argument, NULL, 'o' },
		{ "skip", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' },
		{ "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(opt, 0, sizeof(*opt));
	opt->strictness = 5;
	opt->seed = 1;
	opt->repeat = 1;
	while ((c = getopt_long(argc, argv, "", longs, NULL)) != -1)
		if (c == '?' || parse_one(c, opt))
			return -EINVAL;
	if (opt->help || opt->list)
		return 0;
	if (optind != argc - 1) {
		fprintf(stderr, "adx-validate: expected one MODULE (a built-in name or a .so "
			"path), got %d; see --help\n", argc - optind);
		return -EINVAL;
	}
	opt->module = argv[optind];
	return 0;
}

static bool matches(const char *pattern, const char *name)
{
	size_t n = strlen(pattern);

	if (n && pattern[n - 1] == '.')
		return !strncmp(pattern, name, n);
	return !strcmp(pattern, name);
}

bool val_selected(const struct val_options *opt, const char *name, int level)
{
	for (int i = 0; i < opt->skip_count; i++)
		if (matches(opt->skip[i], name))
			return false;
	if (opt->only_count) {
		for (int i = 0; i < opt->only_count; i++)
			if (matches(opt->only[i], name))
				return true;
		return false;
	}
	return level <= opt->strictness;
}
