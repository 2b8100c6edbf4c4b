// SPDX-License-Identifier: BSD-3-Clause
/*
 * Under ASan builds the heaps poison headers and free payloads, so a bad
 * access inside the arena is caught like one to libc memory. Each case
 * forks a child that makes one access; the child must die with an ASan
 * report (or, for the control case, live). Built only when ADX_ASAN.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "adx/mem/heap.h"
#include "heap_fixture.h"

#define ARENA_SIZE (64u * 1024u)
#define REPORT_MAX 8192

enum access {
	WRITE_AFTER_FREE,
	READ_AFTER_FREE,
	WRITE_PAST_CAPACITY,     /* into the next block's header */
	WRITE_WHOLE_CAPACITY,    /* control: legal */
};

static enum heap_kind current_kind;

/* Runs in the child: set up a heap, make the access, exit 0 if still alive. */
static void child_access(enum access what)
{
	struct fixture f;
	struct adx_heap *heap = fixture_init(&f, current_kind, ARENA_SIZE);
	volatile uint8_t *p = adx_heap_alloc(heap, 200, 0, 1);
	size_t capacity = adx_heap_block_size(heap, (void *)p);
	uint8_t sink;

	adx_heap_alloc(heap, 200, 0, 1); /* a neighbour, so p's tail is a header */
	switch (what) {
	case WRITE_AFTER_FREE:
		adx_heap_free(heap, (void *)p);
		p[100] = 1;
		break;
	case READ_AFTER_FREE:
		adx_heap_free(heap, (void *)p);
		sink = p[40];
		(void)sink;
		break;
	case WRITE_PAST_CAPACITY:
		p[capacity] = 1;
		break;
	case WRITE_WHOLE_CAPACITY:
		memset((void *)p, 0x55, capacity);
		break;
	}
	_exit(0);
}

/* Forks, runs the access in the child, returns its exit status and report. */
static int run_child(enum access what, char *report)
{
	int fds[2], status;
	ssize_t n, total = 0;
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		dup2(fds[1], STDERR_FILENO);
		close(fds[0]);
		child_access(what);
	}
	close(fds[1]);
	while ((n = read(fds[0], report + total, REPORT_MAX - 1 - (size_t)total)) > 0)
		total += n;
	report[total] = '\0';
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void assert_child_dies_with_asan_report(enum access what)
{
	static char report[REPORT_MAX];
	int status = run_child(what, report);

	assert_false(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_non_null(strstr(report, "AddressSanitizer"));
	assert_non_null(strstr(report, "use-after-poison"));
}

static void write_to_a_freed_block_is_caught(void **state)
{
	(void)state;
	assert_child_dies_with_asan_report(WRITE_AFTER_FREE);
}

static void read_from_a_freed_block_is_caught(void **state)
{
	(void)state;
	assert_child_dies_with_asan_report(READ_AFTER_FREE);
}

static void write_past_the_capacity_into_a_header_is_caught(void **state)
{
	(void)state;
	assert_child_dies_with_asan_report(WRITE_PAST_CAPACITY);
}

static void writing_the_whole_capacity_is_legal(void **state)
{
	static char report[REPORT_MAX];
	int status;

	(void)state;
	status = run_child(WRITE_WHOLE_CAPACITY, report);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(write_to_a_freed_block_is_caught),
		cmocka_unit_test(read_from_a_freed_block_is_caught),
		cmocka_unit_test(write_past_the_capacity_into_a_header_is_caught),
		cmocka_unit_test(writing_the_whole_capacity_is_legal),
	};
	int failed = 0;

	for (current_kind = 0; current_kind < KIND_COUNT; current_kind++)
		failed += _cmocka_run_group_tests(fixture_kind_name(current_kind), tests,
						  sizeof(tests) / sizeof(tests[0]), NULL, NULL);
	return failed;
}
