// SPDX-License-Identifier: BSD-3-Clause
/*
 * Heap statistics against a shadow model. tests/mem's
 * test_heap_stress_slow is the 10M-operation stress (contents, arena
 * restored; it runs in `make test`); this adds what it does not check:
 * adx_heap_validate after *every* operation and every statistic compared
 * with a model kept outside the heap (live blocks and payload bytes, used
 * blocks, allocs, frees, failures, injected failures included), for every
 * heap kind. Quick: 200,000 operations per kind; --deep: 10,000,000.
 * Reuses tests/mem's fixture (heap kinds, PRNG, independent walk).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "adx/mem/heap.h"
#include "heap_fixture.h"

#define SLOTS 96

struct shadow {
	void *ptr[SLOTS];
	size_t size[SLOTS];
	uint32_t live;
	size_t payload;        /* adx_heap_block_size() summed over live blocks */
	uint64_t allocs, frees, failures;
};

static uint64_t ops_per_kind = 200000;
static uint64_t total_ops;

static void compare(struct adx_heap *heap, const struct shadow *m, uint64_t base_allocs,
		    uint64_t base_frees, uint64_t base_failures)
{
	struct adx_heap_stats st;
	struct walk_summary w;

	assert_int_equal(adx_heap_validate(heap), 0);
	adx_heap_get_stats(heap, &st);
	walk_summarise(heap, &w);
	assert_int_equal(st.used_blocks, m->live);
	assert_int_equal(w.used_blocks, m->live);
	assert_int_equal(w.payload_bytes, m->payload);
	assert_int_equal(st.allocs - base_allocs, m->allocs);
	assert_int_equal(st.frees - base_frees, m->frees);
	assert_int_equal(st.alloc_failures - base_failures, m->failures);
	assert_int_equal(st.used_bytes + st.free_bytes, st.total_bytes);
	assert_int_equal(st.used_bytes, w.used_bytes);
	assert_true(st.high_water_bytes >= st.used_bytes);
	assert_true(st.largest_free_block_bytes == w.max_free_block);
}

static void run_kind(enum heap_kind kind)
{
	struct fixture f;
	struct adx_heap *heap = fixture_init(&f, kind, FIXTURE_ARENA_MAX);
	struct rng r = { 7 + (uint64_t)kind };
	struct shadow m;
	struct adx_heap_stats st;
	uint64_t a0, f0, x0;

	memset(&m, 0, sizeof(m));
	adx_heap_get_stats(heap, &st);
	a0 = st.allocs;
	f0 = st.frees;
	x0 = st.alloc_failures;
	for (uint64_t op = 0; op < ops_per_kind; op++) {
		uint32_t i = (uint32_t)rng_range(&r, 0, SLOTS - 1);

		if (m.ptr[i]) {
			m.payload -= adx_heap_block_size(heap, m.ptr[i]);
			assert_int_equal(adx_heap_free(heap, m.ptr[i]), 0);
			m.ptr[i] = NULL;
			m.live--;
			m.frees++;
		} else {
			size_t size = rng_range(&r, 0, 9) ? rng_range(&r, 1, 2048)
							   : rng_range(&r, 2048, 65536);
			size_t align = rng_range(&r, 0, 5) ? 0 : (size_t)8 << rng_range(&r, 0, 7);

			if (rng_range(&r, 0, 999) == 0)
				adx_heap_inject_failure(heap, 1, false);
			m.ptr[i] = adx_heap_alloc(heap, size, align, 1);
			if (m.ptr[i]) {
				m.size[i] = size;
				m.payload += adx_heap_block_size(heap, m.ptr[i]);
				assert_true(adx_heap_block_size(heap, m.ptr[i]) >= size);
				m.live++;
				m.allocs++;
			} else {
				m.failures++;
				adx_heap_inject_failure(heap, 0, false);
			}
		}
		compare(heap, &m, a0, f0, x0);
	}
	total_ops += ops_per_kind;
	fixture_retire(&f);
}

static void every_operation_keeps_the_heap_valid_and_the_statistics_exact(void **state)
{
	(void)state;
	for (int kind = 0; kind < KIND_COUNT; kind++)
		run_kind((enum heap_kind)kind);
	printf("RELIABILITY heap-shadow: operations=%llu (validate + shadow compare after each), "
	       "kinds=%d corruptions=0\n", (unsigned long long)total_ops, KIND_COUNT);
}

int main(int argc, char **argv)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_operation_keeps_the_heap_valid_and_the_statistics_exact),
	};

	if (argc > 1 && !strcmp(argv[1], "--deep"))
		ops_per_kind = 10000000 / KIND_COUNT + 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
