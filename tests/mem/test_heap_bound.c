// SPDX-License-Identifier: BSD-3-Clause
/*
 * adx_heap_worst_case_bytes() against values computed by hand from the
 * formulas o1heap's README tabulates (M max live bytes, n largest/smallest):
 * half-fit 2M(1 + ceil(log2 n)), first-fit M(1 + ceil(log2 n)), best-fit
 * and TLSF M(n - 2).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "adx/mem/heap.h"

static void test_bounds_match_hand_computed_values(void **state)
{
	(void)state;
	/* n = 64: ceil(log2 64) = 6 */
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_HALF, 1000, 64), 14000);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_FIRST, 1000, 64), 7000);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_BEST, 1000, 64), 62000);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_TLSF, 1000, 64), 62000);
	/* n = 100: ceil(log2 100) = 7, not rounded down to 6 */
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_HALF, 1000, 100), 16000);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_FIRST, 1000, 100), 8000);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_BEST, 1000, 100), 98000);
	/* the size mix in 16 B units: 32 KiB / 16 B = 2048, log2 = 11; M = 600 KiB */
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_HALF, 614400, 2048), 14745600);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_FIRST, 614400, 2048), 7372800);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_TLSF, 614400, 2048), 1257062400);
}

static void test_bounds_at_the_edges(void **state)
{
	(void)state;
	/* one block size: every policy needs exactly M */
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_FIRST, 4096, 1), 4096);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_HALF, 4096, 1), 8192);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_BEST, 4096, 2), 4096);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_BEST, 4096, 0), 0);
	assert_true(adx_heap_worst_case_bytes(ADX_HEAP_FIT_BEST, UINT64_MAX / 2, 5) == UINT64_MAX);
	assert_int_equal(adx_heap_worst_case_bytes(ADX_HEAP_FIT_COUNT, 4096, 8), 0);
	assert_string_equal(adx_heap_fit_name(ADX_HEAP_FIT_HALF), "half-fit");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bounds_match_hand_computed_values),
		cmocka_unit_test(test_bounds_at_the_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
