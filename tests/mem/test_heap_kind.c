// SPDX-License-Identifier: BSD-3-Clause
/*
 * The heap kinds have one vocabulary: each name parses back to its kind,
 * and the kind builds the heap design it names.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "adx/mem/heap.h"

#define ARENA_BYTES (64u * 1024u)

static _Alignas(64) uint8_t arena_a[ARENA_BYTES];
static _Alignas(64) uint8_t arena_b[ARENA_BYTES];

static void every_heap_kind_name_parses_back_to_its_kind(void **state)
{
	(void)state;
	assert_string_equal(adx_heap_kind_name(ADX_HEAP_KIND_ADX), "adx");
	assert_string_equal(adx_heap_kind_name(ADX_HEAP_KIND_SYSHEAP), "sysheap");
	for (int k = 0; k < ADX_HEAP_KIND_COUNT; k++) {
		enum adx_heap_kind parsed = ADX_HEAP_KIND_COUNT;

		assert_int_equal(adx_heap_kind_parse(adx_heap_kind_name((enum adx_heap_kind)k),
						     &parsed), 0);
		assert_int_equal(parsed, k);
	}
	assert_string_equal(adx_heap_kind_name(ADX_HEAP_KIND_COUNT), "?");
}

static void unknown_heap_kinds_are_refused(void **state)
{
	enum adx_heap_kind parsed = ADX_HEAP_KIND_SYSHEAP;

	(void)state;
	assert_int_equal(adx_heap_kind_parse("tlsf", &parsed), -EINVAL);
	assert_int_equal(adx_heap_kind_parse("ADX", &parsed), -EINVAL);
	assert_int_equal(adx_heap_kind_parse(NULL, &parsed), -EINVAL);
	assert_int_equal(adx_heap_kind_parse("adx", NULL), -EINVAL);
	assert_int_equal(parsed, ADX_HEAP_KIND_SYSHEAP);
	assert_null(adx_heap_init_kind(ADX_HEAP_KIND_COUNT, arena_a, ARENA_BYTES));
}

/* A kind builds the same heap as the design's own init: same ops table. */
static void a_kind_builds_the_heap_design_it_names(void **state)
{
	(void)state;
	assert_ptr_equal(adx_heap_init_kind(ADX_HEAP_KIND_ADX, arena_a, ARENA_BYTES)->ops,
			 adx_heap_init_tlsf(arena_b, ARENA_BYTES)->ops);
	assert_ptr_equal(adx_heap_init_kind(ADX_HEAP_KIND_SYSHEAP, arena_a, ARENA_BYTES)->ops,
			 adx_heap_init_sysheap(arena_b, ARENA_BYTES)->ops);
	assert_ptr_not_equal(adx_heap_init_tlsf(arena_a, ARENA_BYTES)->ops,
			     adx_heap_init_sysheap(arena_b, ARENA_BYTES)->ops);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_heap_kind_name_parses_back_to_its_kind),
		cmocka_unit_test(unknown_heap_kinds_are_refused),
		cmocka_unit_test(a_kind_builds_the_heap_design_it_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
