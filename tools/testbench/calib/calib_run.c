// SPDX-License-Identifier: BSD-3-Clause
/* Callgrind calibration of per-module instructions (calib.h). */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "calib.h"
#include "calib_callgrind.h"

extern char **environ;

#define MAX_CHILD_ARGS 48

/* valgrind's path on PATH, or -ENOENT with the message a user needs. */
static int find_valgrind(char *path, size_t size, char *err, size_t err_size)
{
	const char *dirs = getenv("PATH");

	while (dirs && *dirs) {
		size_t len = strcspn(dirs, ":");

		snprintf(path, size, "%.*s/valgrind", (int)len, dirs);
		if (len && !access(path, X_OK))
			return 0;
		dirs += len + (dirs[len] == ':');
	}
	snprintf(err, err_size, "--calibrate needs valgrind (apt-get install valgrind)");
	return -ENOENT;
}

int lab_calib_check(char *err, size_t err_size)
{
	char path[1024];

	return find_valgrind(path, sizeof(path), err, err_size);
}

/* The child's command line: valgrind, its options, then this testbench as a child. */
struct child_cmd {
	char *argv[MAX_CHILD_ARGS + 1];
	int argc;
	char text[MAX_CHILD_ARGS][1200];
};

__attribute__((format(printf, 2, 3)))
static void add_arg(struct child_cmd *c, const char *fmt, ...)
{
	va_list ap;

	if (c->argc == MAX_CHILD_ARGS)
		return; /* build_command adds at most 26: kept as a bound, not a limit */
	va_start(ap, fmt);
	vsnprintf(c->text[c->argc], sizeof(c->text[0]), fmt, ap);
	va_end(ap);
	c->argv[c->argc] = c->text[c->argc];
	c->argv[++c->argc] = NULL;
}

static int build_command(struct child_cmd *c, const struct lab_calib_request *req,
			 const struct lab_result *run, const char *inputs_cache,
			 const char *out_file, const char *slots_file, char *err, size_t err_size)
{
	char exe[1024], valgrind[1024];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (len <= 0) {
		snprintf(err, err_size, "cannot find this testbench (/proc/self/exe): %s",
			 strerror(errno));
		return -ENOENT;
	}
	exe[len] = '\0';
	if (find_valgrind(valgrind, sizeof(valgrind), err, err_size))
		return -ENOENT;
	c->argc = 0;
	add_arg(c, "%s", valgrind);
	add_arg(c, "--tool=callgrind");
	add_arg(c, "--callgrind-out-file=%s", out_file);
	add_arg(c, "--dump-line=no");
	add_arg(c, "%s", exe);
	add_arg(c, "--scenario");
	add_arg(c, "%s", req->scenario);
	add_arg(c, "--heap");
	add_arg(c, "%s", adx_heap_kind_name(run->heap));
	if (req->policy_forced) {
		add_arg(c, "--policy");
		add_arg(c, "%s", adx_dax_policy_name(run->policy));
	}
	if (req->heap_bytes) {
		add_arg(c, "--heap-size");
		add_arg(c, "%zu", req->heap_bytes);
	}
	if (req->same_heap)
		add_arg(c, "--same-heap");
	if (req->until_ms) {
		add_arg(c, "--until");
		add_arg(c, "%.17g", req->until_ms);
	}
	add_arg(c, "--control-model");
	add_arg(c, "%s", req->control_model == ADX_CTRL_POST_TO_DP ? "post" : "cancel-join");
	add_arg(c, "--inputs-cache");
	add_arg(c, "%s", inputs_cache);
	add_arg(c, "--calibration-child");
	add_arg(c, "%s", slots_file);
	add_arg(c, "-q");
	return 0;
}

/* Runs the child with stdout and stderr into log_file; its exit status or -errno. */
static int spawn_and_wait(struct child_cmd *c, const char *log_file, int *status)
{
	posix_spawn_file_actions_t actions;
	pid_t pid;
	int ret;

	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&actions, 1, log_file, O_WRONLY | O_CREAT | O_TRUNC,
					 0666);
	posix_spawn_file_actions_adddup2(&actions, 1, 2);
	ret = posix_spawn(&pid, c->argv[0], &actions, NULL, c->argv, environ);
	posix_spawn_file_actions_destroy(&actions);
	if (ret)
		return -ret;
	while (waitpid(pid, status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return 0;
}

static struct lab_module_stats *module_named(struct lab_result *run, const char *label)
{
	for (size_t i = 0; i < run->num_modules; i++)
		if (!strcmp(run->modules[i].name, label))
			return &run->modules[i];
	return NULL;
}

/* One slot of the child's map: check callgrind's calls against the lab's, then merge. */
static int merge_slot(struct lab_result *run, const struct cg_profile *prof, json_t *slot,
		      const char *run_name, char *err, size_t err_size)
{
	const char *symbol = json_string_value(json_object_get(slot, "symbol"));
	const char *label = json_string_value(json_object_get(slot, "label"));
	json_t *lab_calls = json_object_get(slot, "process_calls");
	const struct cg_function *fn;
	struct lab_module_stats *m;

	if (!symbol || !label || !json_is_integer(lab_calls) ||
	    json_integer_value(lab_calls) < 0) {
		snprintf(err, err_size, "calibration of %s: malformed slot map", run_name);
		return -EINVAL;
	}
	fn = cg_profile_find(prof, symbol);
	if ((fn ? fn->calls : 0) != (uint64_t)json_integer_value(lab_calls)) {
		snprintf(err, err_size, "calibration of %s: callgrind counted %" PRIu64
			 " calls of %s (%s), the lab %" PRIu64 " process() calls", run_name,
			 fn ? fn->calls : 0, symbol, label,
			 (uint64_t)json_integer_value(lab_calls));
		return -EPROTO;
	}
	m = module_named(run, label);
	if (!fn || !fn->calls || !m)
		return 0; /* never ran, or only in the child (a run cut short) */
	m->calibrated = true;
	m->calibrated_calls = fn->calls;
	m->calibrated_instructions_per_call = (double)fn->inclusive_ir / (double)fn->calls;
	return 0;
}

static int merge_run(struct lab_result *run, const char *slots_file, const char *run_name,
		     char *err, size_t err_size)
{
	json_error_t jerr;
	json_t *root = json_load_file(slots_file, 0, &jerr);
	json_t *slots = json_object_get(root, "slots");
	struct cg_profile prof;
	int ret;

	if (!json_is_array(slots)) {
		snprintf(err, err_size, "calibration of %s: %s: no slot map (%s)", run_name,
			 slots_file, jerr.text);
		json_decref(root);
		return -EINVAL;
	}
	ret = cg_profile_load(run->calibration_file, &prof, err, err_size);
	for (size_t i = 0; !ret && i < json_array_size(slots); i++)
		ret = merge_slot(run, &prof, json_array_get(slots, i), run_name, err, err_size);
	cg_profile_free(&prof);
	json_decref(root);
	return ret;
}

static int calibrate_run(const struct lab_calib_request *req, const char *sub,
			 const char *inputs_cache,
			 struct lab_result *run, char *err, size_t err_size)
{
	char base[1200], slots_file[1300], log_file[1300], run_name[64];
	struct child_cmd *cmd = calloc(1, sizeof(*cmd));
	int status = 0, ret;

	if (!cmd)
		return -ENOMEM;
	snprintf(run_name, sizeof(run_name), "%s/%s", adx_dax_policy_name(run->policy),
		 adx_heap_kind_name(run->heap));
	snprintf(base, sizeof(base), "%.1100s/%s-%s", sub, adx_dax_policy_name(run->policy),
		 adx_heap_kind_name(run->heap));
	snprintf(run->calibration_file, sizeof(run->calibration_file), "%.1090s.out", base);
	snprintf(slots_file, sizeof(slots_file), "%s.slots.json", base);
	snprintf(log_file, sizeof(log_file), "%s.log", base);
	ret = build_command(cmd, req, run, inputs_cache, run->calibration_file, slots_file, err,
			    err_size);
	if (!ret) {
		ret = spawn_and_wait(cmd, log_file, &status);
		if (ret)
			snprintf(err, err_size, "calibration of %s: cannot run valgrind: %s",
				 run_name, strerror(-ret));
	}
	free(cmd);
	if (ret)
		return ret;
	if (WIFSIGNALED(status) || WEXITSTATUS(status)) {
		snprintf(err, err_size, "calibration of %s: the callgrind run %s %d (see %s)",
			 run_name, WIFSIGNALED(status) ? "was killed by signal" :
			 "exited with status", WIFSIGNALED(status) ? WTERMSIG(status) :
			 WEXITSTATUS(status), log_file);
		return -ECHILD;
	}
	return merge_run(run, slots_file, run_name, err, err_size);
}

int lab_calibrate(const struct lab_calib_request *req, const char *dir, const char *inputs_cache,
		  struct lab_result *runs, int num_runs, char *err, size_t err_size)
{
	char sub[1200];
	int ret = 0;

	snprintf(sub, sizeof(sub), "%.1100s/callgrind", dir);
	if (mkdir(sub, 0777) && errno != EEXIST) {
		snprintf(err, err_size, "%s: cannot create: %s", sub, strerror(errno));
		return -errno;
	}
	for (int i = 0; i < num_runs && !ret; i++)
		ret = calibrate_run(req, sub, inputs_cache, &runs[i], err, err_size);
	return ret;
}
