// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scenario lab's progress bar, as a user meets it: drawn on stderr when
 * stderr is a terminal and the run lasts longer than a second; silent when
 * stderr is a pipe (CI logs), for short runs, and with --no-progress. The
 * testbench runs as its own process with stderr on a pseudo-terminal or a
 * pipe; --realtime paces a 1.6 s run at the wall clock.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "scratch_dir.h"

enum stderr_kind { TO_TERMINAL, TO_PIPE };

struct run {
	char err[65536];       /* what the testbench wrote on stderr */
	size_t len;
	int status;
};

static void exec_testbench(const char *until_ms, bool no_progress)
{
	char out[300];
	int devnull = open("/dev/null", O_WRONLY);

	snprintf(out, sizeof(out), "%s/out", tmpdir);
	if (devnull >= 0)
		dup2(devnull, STDOUT_FILENO);
	execl(ADX_TESTBENCH, ADX_TESTBENCH, "--scenario", "scenarios/endpoint-switch.yaml",
	      "--policy", "static", "--heap", "adx", "--realtime", "--until", until_ms,
	      "--no-plots", "--no-trace", "--out", out,
	      no_progress ? "--no-progress" : NULL, (char *)NULL);
	_exit(127);
}

/* Reads fd until the writer is gone (EOF on a pipe, EIO on a terminal). */
static void read_all(int fd, struct run *r)
{
	for (;;) {
		ssize_t n = read(fd, r->err + r->len, sizeof(r->err) - 1 - r->len);

		if (n > 0) {
			r->len += (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		break;
	}
	r->err[r->len] = '\0';
}

static void run_testbench(enum stderr_kind kind, const char *until_ms, bool no_progress,
			  struct run *r)
{
	int reader, writer, fds[2];
	pid_t pid;

	memset(r, 0, sizeof(*r));
	if (kind == TO_TERMINAL) {
		assert_int_equal(openpty(&reader, &writer, NULL, NULL, NULL), 0);
	} else {
		assert_int_equal(pipe(fds), 0);
		reader = fds[0];
		writer = fds[1];
	}
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(reader);
		dup2(writer, STDERR_FILENO);
		close(writer);
		exec_testbench(until_ms, no_progress);
	}
	close(writer);
	read_all(reader, r);
	close(reader);
	assert_int_equal(waitpid(pid, &r->status, 0), pid);
	assert_true(WIFEXITED(r->status));
	assert_int_equal(WEXITSTATUS(r->status), 0);
}

static bool drew_bar(const struct run *r)
{
	return strstr(r->err, "\r[") && strstr(r->err, "%") && strstr(r->err, "s audio") &&
	       strstr(r->err, "static/adx");
}

static void test_bar_is_drawn_on_a_terminal_for_a_long_run(void **state)
{
	struct run r;

	(void)state;
	run_testbench(TO_TERMINAL, "1600", false, &r);
	if (!drew_bar(&r))
		fail_msg("no progress bar on the terminal; stderr was: %s", r.err);
}

static void test_bar_stays_off_a_pipe(void **state)
{
	struct run r;

	(void)state;
	run_testbench(TO_PIPE, "1600", false, &r);
	assert_null(strstr(r.err, "\r["));
}

static void test_bar_stays_off_with_no_progress(void **state)
{
	struct run r;

	(void)state;
	run_testbench(TO_TERMINAL, "1600", true, &r);
	assert_null(strstr(r.err, "\r["));
}

static void test_bar_stays_off_for_a_run_under_a_second(void **state)
{
	struct run r;

	(void)state;
	run_testbench(TO_TERMINAL, "300", false, &r);
	assert_null(strstr(r.err, "\r["));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar_is_drawn_on_a_terminal_for_a_long_run),
		cmocka_unit_test(test_bar_stays_off_a_pipe),
		cmocka_unit_test(test_bar_stays_off_with_no_progress),
		cmocka_unit_test(test_bar_stays_off_for_a_run_under_a_second),
	};

	return cmocka_run_group_tests(tests, scratch_dir_make, scratch_dir_remove);
}
