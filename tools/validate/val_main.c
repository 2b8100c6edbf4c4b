// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx-validate MODULE [options]: runs the selected checks against a
 * built-in module or a loaded one and reports each result, with the seed
 * and the one command that reproduces a failure.
 */
#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include "adx/platform/log.h"
#include "module_loader.h"
#include "val_checks.h"
#include "val_options.h"

/* What the timeout handler prints (it may only write). */
static char timeout_line[512];

static void on_timeout(int sig)
{
	(void)sig;
	if (write(STDERR_FILENO, timeout_line, strlen(timeout_line)) < 0)
		_exit(VAL_EXIT_TIMEOUT);
	_exit(VAL_EXIT_TIMEOUT);
}

static void arm_timeout(const struct val_options *opt, const char *check, uint64_t seed)
{
	struct itimerval it = { { 0, 0 }, { opt->timeout_ms / 1000,
					    (opt->timeout_ms % 1000) * 1000 } };

	if (!opt->timeout_ms)
		return;
	snprintf(timeout_line, sizeof(timeout_line),
		 "TIMEOUT %s (seed %" PRIu64 ") ran past %u ms\n  reproduce: adx-validate %s "
		 "--seed %" PRIu64 " --only %s\n", check, seed, opt->timeout_ms, opt->module,
		 seed, check);
	signal(SIGALRM, on_timeout);
	setitimer(ITIMER_REAL, &it, NULL);
}

static void disarm_timeout(void)
{
	struct itimerval off = { { 0, 0 }, { 0, 0 } };

	setitimer(ITIMER_REAL, &off, NULL);
}

static void print_text(const struct val_options *opt, const struct val_check *check,
		       const struct val_ctx *ctx, const struct val_result *res)
{
	if (res->skipped) {
		printf("skip  %-58s %s\n", check->name, res->msg);
	} else if (res->failed) {
		printf("FAIL  %s (seed %" PRIu64 ")\n      %s\n      proves: %s\n"
		       "      reproduce: adx-validate %s --seed %" PRIu64 " --only %s\n",
		       check->name, ctx->seed, res->msg, check->proves, opt->module, ctx->seed,
		       check->name);
	} else {
		printf("pass  %-58s %s\n", check->name, ctx->info);
	}
	fflush(stdout);
}

static json_t *result_json(const struct val_options *opt, const struct val_check *check,
			   const struct val_ctx *ctx, const struct val_result *res)
{
	char repro[512];
	json_t *j = json_pack("{s:s, s:i, s:s, s:I, s:s, s:s}", "check", check->name,
			      "level", check->level, "proves", check->proves,
			      "seed", (json_int_t)ctx->seed,
			      "result", res->skipped ? "skip" : res->failed ? "fail" : "pass",
			      "detail", res->failed || res->skipped ? res->msg : ctx->info);

	if (res->failed) {
		snprintf(repro, sizeof(repro), "adx-validate %s --seed %" PRIu64 " --only %s",
			 opt->module, ctx->seed, check->name);
		json_object_set_new(j, "reproduce", json_string(repro));
	}
	return j;
}

struct val_tally {
	unsigned int passed, failed, skipped;
};

static void run_once(const struct val_options *opt, const struct val_target *target,
		     uint64_t seed, json_t *results, struct val_tally *tally)
{
	size_t count;
	const struct val_check *checks = val_checks(&count);

	for (size_t i = 0; i < count; i++) {
		struct val_ctx ctx = { .target = target, .seed = seed,
				       .strictness = opt->strictness, .rng = { seed } };
		struct val_result res = { 0 };

		if (!val_selected(opt, checks[i].name, checks[i].level))
			continue;
		arm_timeout(opt, checks[i].name, seed);
		checks[i].run(&ctx, &res);
		disarm_timeout();
		tally->failed += res.failed;
		tally->skipped += res.skipped && !res.failed;
		tally->passed += !res.failed && !res.skipped;
		if (opt->json)
			json_array_append_new(results, result_json(opt, &checks[i], &ctx, &res));
		else
			print_text(opt, &checks[i], &ctx, &res);
	}
}

static void list_checks(void)
{
	size_t count;
	const struct val_check *checks = val_checks(&count);

	printf("checks (level: name: what it proves):\n");
	for (size_t i = 0; i < count; i++)
		printf("  %2d  %s\n      %s\n", checks[i].level, checks[i].name, checks[i].proves);
	printf("built-in modules:\n");
	val_builtin_list();
}

/* Every --only/--skip names a check or a group: a typo must not pass silently. */
static int check_selection(const struct val_options *opt)
{
	size_t count;
	const struct val_check *checks = val_checks(&count);
	const char *const *lists[2] = { opt->only, opt->skip };
	const int counts[2] = { opt->only_count, opt->skip_count };

	for (int l = 0; l < 2; l++)
		for (int i = 0; i < counts[l]; i++) {
			struct val_options one = { .only = { lists[l][i] }, .only_count = 1 };
			bool known = false;

			for (size_t c = 0; c < count && !known; c++)
				known = val_selected(&one, checks[c].name, checks[c].level);
			if (!known) {
				fprintf(stderr, "adx-validate: no check or group '%s' (see --list)\n",
					lists[l][i]);
				return -EINVAL;
			}
		}
	return 0;
}

static int resolve(const struct val_options *opt, struct val_target *loaded_target,
		   struct adx_loaded_module *loaded, const struct val_target **target)
{
	char err[512];

	*target = val_builtin_find(opt->module);
	if (*target)
		return 0;
	if (!strchr(opt->module, '/') && !strstr(opt->module, ".so")) {
		fprintf(stderr, "adx-validate: '%s' is neither a built-in module (see --list) "
			"nor a path to a .so\n", opt->module);
		return -EINVAL;
	}
	if (adx_module_load(opt->module, loaded, err, sizeof(err))) {
		fprintf(stderr, "adx-validate: %s\n", err);
		return -ENOEXEC;
	}
	val_target_from_manifest(loaded_target, loaded->manifest);
	*target = loaded_target;
	return 0;
}

int main(int argc, char **argv)
{
	struct val_options opt;
	struct val_target loaded_target;
	struct adx_loaded_module loaded = { 0 };
	const struct val_target *target;
	struct val_tally tally = { 0 };
	json_t *results;

	if (val_parse_options(argc, argv, &opt))
		return VAL_EXIT_USAGE;
	if (opt.help) {
		val_print_help(argv[0]);
		return VAL_EXIT_PASS;
	}
	if (opt.list) {
		list_checks();
		return VAL_EXIT_PASS;
	}
	if (check_selection(&opt) || resolve(&opt, &loaded_target, &loaded, &target))
		return VAL_EXIT_USAGE;
	/* The module's own error lines would drown the verdicts; the checks report. */
	adx_log_set_sink(NULL, NULL);
	results = json_array();
	if (!opt.json)
		printf("adx-validate %s (%s, strictness %d)\n", opt.module,
		       target->drv->domain == ADX_DOMAIN_DP ? "DP" : "LL", opt.strictness);
	for (uint32_t r = 0; r < opt.repeat; r++)
		run_once(&opt, target, opt.seed + r, results, &tally);
	if (opt.json) {
		json_t *doc = json_pack("{s:s, s:s, s:i, s:I, s:i, s:o, s:i, s:i, s:i}",
					"module", opt.module, "driver", target->drv->name,
					"strictness", opt.strictness, "seed", (json_int_t)opt.seed,
					"repeat", (int)opt.repeat, "checks", results,
					"passed", tally.passed, "failed", tally.failed,
					"skipped", tally.skipped);

		json_dumpf(doc, stdout, JSON_INDENT(2));
		printf("\n");
		json_decref(doc);
	} else {
		printf("%u passed, %u failed, %u skipped\n", tally.passed, tally.failed,
		       tally.skipped);
		json_decref(results);
	}
	adx_module_unload(&loaded);
	return tally.failed ? VAL_EXIT_FAIL : VAL_EXIT_PASS;
}
