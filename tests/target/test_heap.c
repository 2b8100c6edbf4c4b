// SPDX-License-Identifier: BSD-3-Clause
/*
 * The heap's contract on the target, for both heap kinds: alignment, misuse
 * answered with errors and counted, stats that add up, the meaning of
 * largest_free_bytes, and a seeded random stress that validates every
 * invariant after each step. The same properties as tests/mem, re-stated
 * without cmocka so they run where the heap will live.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "adx/mem/heap.h"
#include "target_tests.h"

#define ARENA_BYTES (64u * 1024u)
#define STRESS_SLOTS 48u
#define STRESS_STEPS 4000u

static uint8_t arena[ARENA_BYTES] __attribute__((aligned(64)));

static uint32_t rng_state;

static uint32_t rng_next(void)
{
	/* xorshift32: the same sequence on every target and on the PC */
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static bool alignment_and_misuse(enum adx_heap_kind kind)
{
	struct adx_heap *heap = adx_heap_init_kind(kind, arena, sizeof(arena));
	struct adx_heap_stats st;
	uint8_t local;
	void *p, *q;

	TB_CHECK(heap);
	for (size_t align = 8; align <= 256; align *= 2) {
		p = adx_heap_alloc(heap, 100, align, 1);
		TB_CHECK(p && ((uintptr_t)p % align) == 0);
		TB_CHECK(adx_heap_block_size(heap, p) >= 100);
		TB_CHECK(adx_heap_free(heap, p) == 0);
	}
	p = adx_heap_alloc(heap, 64, 0, 1);
	q = adx_heap_alloc(heap, 64, 0, 2);
	TB_CHECK(p && q && p != q);
	TB_CHECK(adx_heap_free(heap, p) == 0);
	TB_CHECK(adx_heap_free(heap, p) == -EFAULT);       /* double free */
	TB_CHECK(adx_heap_free(heap, &local) == -EINVAL);  /* foreign pointer */
	TB_CHECK(adx_heap_free(heap, (uint8_t *)q + 8) == -EINVAL); /* interior */
	TB_CHECK(adx_heap_alloc(heap, ARENA_BYTES * 2u, 0, 1) == NULL);
	adx_heap_get_stats(heap, &st);
	TB_CHECK(st.bad_calls == 3);
	TB_CHECK(st.alloc_failures == 1);
	TB_CHECK(st.used_blocks == 1);
	TB_CHECK(st.used_bytes + st.free_bytes == st.total_bytes);
	TB_CHECK(adx_heap_free(heap, q) == 0);
	adx_heap_get_stats(heap, &st);
	TB_CHECK(st.free_bytes == st.total_bytes);
	TB_CHECK(adx_heap_validate(heap) == 0);
	return true;
}

/* largest_free_bytes = L: L succeeds and L + 1 fails, in any state. */
static bool largest_free_is_exact(struct adx_heap *heap)
{
	struct adx_heap_stats st;
	void *p;

	adx_heap_get_stats(heap, &st);
	if (!st.largest_free_bytes)
		return true;
	TB_CHECK(adx_heap_alloc(heap, st.largest_free_bytes + 1, 0, 1) == NULL);
	p = adx_heap_alloc(heap, st.largest_free_bytes, 0, 1);
	TB_CHECK(p);
	TB_CHECK(adx_heap_free(heap, p) == 0);
	return true;
}

static bool random_stress(enum adx_heap_kind kind, uint32_t seed)
{
	struct adx_heap *heap = adx_heap_init_kind(kind, arena, sizeof(arena));
	void *slots[STRESS_SLOTS] = { 0 };
	size_t sizes[STRESS_SLOTS] = { 0 };
	struct adx_heap_stats st;

	TB_CHECK(heap);
	rng_state = seed;
	for (uint32_t step = 0; step < STRESS_STEPS; step++) {
		uint32_t i = rng_next() % STRESS_SLOTS;

		if (slots[i]) {
			/* the pattern written at allocation survived every other call */
			TB_CHECK(((uint8_t *)slots[i])[0] == (uint8_t)i);
			TB_CHECK(((uint8_t *)slots[i])[sizes[i] - 1] == (uint8_t)i);
			TB_CHECK(adx_heap_free(heap, slots[i]) == 0);
			slots[i] = NULL;
		} else {
			size_t size = 1u + rng_next() % ((rng_next() & 7u) ? 512u : 8192u);
			size_t align = (size_t)8u << (rng_next() % 4u);

			slots[i] = adx_heap_alloc(heap, size, align, (uint16_t)(i + 1u));
			if (slots[i]) {
				TB_CHECK((uintptr_t)slots[i] % align == 0);
				memset(slots[i], (int)i, size);
				sizes[i] = size;
			}
		}
		TB_CHECK(adx_heap_validate(heap) == 0);
		if (step % 97u == 0 && !largest_free_is_exact(heap))
			return false;
	}
	for (uint32_t i = 0; i < STRESS_SLOTS; i++)
		if (slots[i])
			TB_CHECK(adx_heap_free(heap, slots[i]) == 0);
	adx_heap_get_stats(heap, &st);
	TB_CHECK(st.used_blocks == 0 && st.free_bytes == st.total_bytes);
	TB_CHECK(st.bad_calls == 0);
	return adx_heap_validate(heap) == 0;
}

static bool heap_adx_alignment_and_misuse(void)
{
	return alignment_and_misuse(ADX_HEAP_KIND_ADX);
}

static bool heap_sysheap_alignment_and_misuse(void)
{
	return alignment_and_misuse(ADX_HEAP_KIND_SYSHEAP);
}

static bool heap_adx_random_stress_validates(void)
{
	return random_stress(ADX_HEAP_KIND_ADX, 0x1234567u) &&
	       random_stress(ADX_HEAP_KIND_ADX, 0xdeadbeefu);
}

static bool heap_sysheap_random_stress_validates(void)
{
	return random_stress(ADX_HEAP_KIND_SYSHEAP, 0x1234567u) &&
	       random_stress(ADX_HEAP_KIND_SYSHEAP, 0xdeadbeefu);
}

const struct tb_target_test tb_target_heap_tests[] = {
	{ "heap_adx_alignment_and_misuse", heap_adx_alignment_and_misuse },
	{ "heap_sysheap_alignment_and_misuse", heap_sysheap_alignment_and_misuse },
	{ "heap_adx_random_stress_validates", heap_adx_random_stress_validates },
	{ "heap_sysheap_random_stress_validates", heap_sysheap_random_stress_validates },
};
const unsigned tb_target_heap_test_count =
	sizeof(tb_target_heap_tests) / sizeof(tb_target_heap_tests[0]);
