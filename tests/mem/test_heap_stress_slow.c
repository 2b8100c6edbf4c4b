// SPDX-License-Identifier: BSD-3-Clause
/*
 * Long random stress (label "slow"): millions of operations per heap kind
 * on a 1 MiB arena, sizes from 1 B to 64 KiB, alignments up to 4 KiB,
 * validate every 16 operations, fill patterns checked before each free,
 * and every 250,000 operations everything freed and the arena checked to be
 * one free block again (per zone).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "adx/mem/heap.h"
#include "heap_fixture.h"

#define OPS 10000000
#define EPOCH 250000
#define SLOTS 1024

struct slot {
	uint8_t *ptr;
	uint32_t size;
	uint8_t seed;
};

static enum heap_kind current_kind;
static struct slot slots[SLOTS];

static void check_and_free(struct adx_heap *heap, struct slot *s)
{
	uint32_t i;

	for (i = 0; i < s->size; i += 61)
		assert_int_equal(s->ptr[i], (uint8_t)(s->seed + i));
	assert_int_equal(adx_heap_free(heap, s->ptr), 0);
	s->ptr = NULL;
}

static void fill_slot(struct adx_heap *heap, struct slot *s, struct rng *r)
{
	uint64_t pick = rng_range(r, 0, 99);
	size_t align = rng_range(r, 0, 7) ? 0 : (size_t)1 << rng_range(r, 3, 12);
	uint32_t i;

	s->size = (uint32_t)(pick < 80 ? rng_range(r, 1, 1024)
				       : pick < 97 ? rng_range(r, 1024, 16384)
						   : rng_range(r, 16384, 65536));
	s->ptr = adx_heap_alloc(heap, s->size, align, (uint16_t)pick);
	if (!s->ptr)
		return;
	assert_int_equal((uintptr_t)s->ptr % (align ? align : 8), 0);
	s->seed = (uint8_t)rng_next(r);
	for (i = 0; i < s->size; i += 61)
		s->ptr[i] = (uint8_t)(s->seed + i);
}

static void free_everything_restores_the_arena(struct adx_heap *heap, uint32_t zones)
{
	struct adx_heap_stats st;
	struct walk_summary w;
	uint32_t i;

	for (i = 0; i < SLOTS; i++)
		if (slots[i].ptr)
			check_and_free(heap, &slots[i]);
	adx_heap_get_stats(heap, &st);
	walk_summarise(heap, &w);
	assert_int_equal(w.free_blocks, zones);
	assert_int_equal(st.free_bytes, st.total_bytes);
	assert_int_equal(adx_heap_validate(heap), 0);
}

static void millions_of_random_operations_keep_every_invariant(void **state)
{
	struct fixture f;
	struct adx_heap *heap = fixture_init(&f, current_kind, FIXTURE_ARENA_MAX);
	struct rng r = { 99 + (uint64_t)current_kind };
	struct slot *s;
	int op;

	(void)state;
	/* The release level: the full validate every 16 operations is this test's
	 * check, and test_heap_hardening covers MODERATE's own checks. */
	assert_int_equal(adx_heap_set_hardening(heap, ADX_HEAP_HARDENING_BASIC), 0);
	for (op = 1; op <= OPS; op++) {
		s = &slots[rng_range(&r, 0, SLOTS - 1)];
		if (s->ptr)
			check_and_free(heap, s);
		else
			fill_slot(heap, s, &r);
		if (op % 16 == 0)
			assert_int_equal(adx_heap_validate(heap), 0);
		if (op % EPOCH == 0)
			free_everything_restores_the_arena(heap, current_kind == KIND_ZONED ? 2 : 1);
	}
	fixture_retire(&f);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(millions_of_random_operations_keep_every_invariant),
	};
	int failed = 0;

	for (current_kind = 0; current_kind < KIND_COUNT; current_kind++)
		failed += _cmocka_run_group_tests(fixture_kind_name(current_kind), tests, 1,
						  NULL, NULL);
	return failed;
}
