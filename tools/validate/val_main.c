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
#include <sys/wait.h>
#include <unistd.h>

#include "adx/platform/log.h"
#include "module_loader.h"
#include "val_checks.h"
#include "val_options.h"

/* The check's process ends itself; the parent reports which check it was. */
static void on_timeout(int sig)
{
	(void)sig;
	_exit(VAL_EXIT_TIMEOUT);
}

static void arm_timeout(const struct val_options *opt)
{
	struct itimerval it = { { 0, 0 }, { opt->timeout_ms / 1000,
					    (opt->timeout_ms % 1000) * 1000 } };

	if (!opt->timeout_ms)
		return;
	signal(SIGALRM, on_timeout);
	setitimer(ITIMER_REAL, &it, NULL);
}

/* The one command that runs this check again exactly as it ran. */
static void reproduce_command(const struct val_options *opt, const struct val_check *check,
			      const struct val_ctx *ctx, char *dst, size_t size)
{
	snprintf(dst, size, "adx-validate %s --strictness %d --seed %" PRIu64 " --only %s",
		 opt->module, opt->strictness, ctx->seed, check->name);
}

static void print_text(const struct val_options *opt, const struct val_check *check,
		       const struct val_ctx *ctx, const struct val_result *res)
{
	if (res->skipped) {
		printf("skip  %-58s %s\n", check->name, res->msg);
	} else if (res->failed) {
		char repro[512];

		reproduce_command(opt, check, ctx, repro, sizeof(repro));
		printf("FAIL  %s (seed %" PRIu64 ")\n      %s\n      proves: %s\n"
		       "      reproduce: %s\n", check->name, ctx->seed, res->msg, check->proves,
		       repro);
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
		reproduce_command(opt, check, ctx, repro, sizeof(repro));
		json_object_set_new(j, "reproduce", json_string(repro));
	}
	return j;
}

/* What a check's child process sends back. */
struct val_outcome {
	struct val_result res;
	char info[VAL_MSG_MAX];
};

/* false when the child ended before it sent a verdict. */
static bool read_outcome(int fd, struct val_outcome *out)
{
	size_t got = 0;

	while (got < sizeof(*out)) {
		ssize_t n = read(fd, (char *)out + got, sizeof(*out) - got);

		if (n <= 0)
			break;
		got += (size_t)n;
	}
	return got == sizeof(*out);
}

/*
 * Runs one check in a child process, as pluginval does: a module that
 * crashes or corrupts memory fails that check, and the run goes on.
 * Returns the child's timeout exit when it timed out, else 0.
 */
static int run_isolated(const struct val_options *opt, const struct val_check *check,
			struct val_ctx *ctx, struct val_result *res)
{
	struct val_outcome out = { 0 };
	int fds[2], status = 0;
	bool got;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) || (pid = fork()) < 0) {
		val_fail(res, "cannot start the check's process: %s", strerror(errno));
		return 0;
	}
	if (pid == 0) {
		close(fds[0]);
		arm_timeout(opt);
		check->run(ctx, &out.res);
		memcpy(out.info, ctx->info, sizeof(out.info));
		if (write(fds[1], &out, sizeof(out)) != (ssize_t)sizeof(out))
			_exit(VAL_EXIT_USAGE);
		_exit(VAL_EXIT_PASS);
	}
	close(fds[1]);
	got = read_outcome(fds[0], &out);
	close(fds[0]);
	waitpid(pid, &status, 0);
	*res = out.res;
	memcpy(ctx->info, out.info, sizeof(ctx->info));
	if (!got && WIFEXITED(status) && WEXITSTATUS(status) != VAL_EXIT_TIMEOUT) {
		memset(res, 0, sizeof(*res));
		val_fail(res, "the check's process ended without a verdict (exit status %d, "
			 "e.g. a sanitizer report above)", WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		memset(res, 0, sizeof(*res));
		val_fail(res, "the module crashed: signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	} else if (WIFEXITED(status) && WEXITSTATUS(status) == VAL_EXIT_TIMEOUT) {
		memset(res, 0, sizeof(*res));
		val_fail(res, "timed out after %u ms", opt->timeout_ms);
		return VAL_EXIT_TIMEOUT;
	}
	return 0;
}

struct val_tally {
	unsigned int passed, failed, skipped;
	bool timed_out;
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
		if (run_isolated(opt, &checks[i], &ctx, &res))
			tally->timed_out = true;
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
	if (tally.timed_out)
		return VAL_EXIT_TIMEOUT;
	return tally.failed ? VAL_EXIT_FAIL : VAL_EXIT_PASS;
}
