/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * For tests that prove one contract on every heap kind: the same cmocka
 * group runs once per kind, and each test (KIND_TEST) starts on a fresh
 * heap of that kind, with log capture on. Include after cmocka.h.
 */
#ifndef ADX_TESTS_MEM_KIND_GROUPS_H
#define ADX_TESTS_MEM_KIND_GROUPS_H

#include <stddef.h>

#include "heap_fixture.h"

/* cmocka's setup takes no arguments of ours: the running group is here. */
static struct {
	struct fixture *fixture;
	enum heap_kind kind;
	size_t arena_size;
} kind_group;

static inline int kind_group_setup(void **state)
{
	(void)state;
	if (!fixture_init(kind_group.fixture, kind_group.kind, kind_group.arena_size))
		return -1;
	log_capture_start();
	return 0;
}

static inline int kind_group_teardown(void **state)
{
	(void)state;
	log_capture_stop();
	fixture_retire(kind_group.fixture);
	return 0;
}

#define KIND_TEST(fn) cmocka_unit_test_setup_teardown(fn, kind_group_setup, kind_group_teardown)

/* Runs the tests once per heap kind on *f (arena_size bytes); the number that failed. */
static inline int run_kind_groups(const struct CMUnitTest *tests, size_t count,
				  struct fixture *f, size_t arena_size)
{
	int failed = 0;

	kind_group.fixture = f;
	kind_group.arena_size = arena_size;
	for (kind_group.kind = 0; kind_group.kind < KIND_COUNT; kind_group.kind++)
		failed += _cmocka_run_group_tests(fixture_kind_name(kind_group.kind), tests,
						  count, NULL, NULL);
	return failed;
}

#endif
