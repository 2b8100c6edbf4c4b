// SPDX-License-Identifier: BSD-3-Clause
/*
 * The fragmentation story of the DAX discussion, replayed on a 256 KiB
 * arena for 10,000 seeds per variant and per heap.
 *
 * plain: instance A holds 96 KiB. A burst of 20-60 allocations of uniform
 *        64-4096 B runs; after each, with probability 0.35, a random live
 *        burst block is freed; A is freed after a random burst allocation.
 *        Then instance B asks for 96 KiB.
 * holes: first 16-32 long-lived blocks of uniform 64-4096 B are allocated
 *        and half of them freed in random order, then as plain.
 *
 * Prints one line per heap and variant: success rate of B and the smallest
 * largest-free figure seen just before B asked. The PRNG is splitmix64
 * seeded with the seed number, so the figures are reproducible.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "adx/mem/heap.h"

#include "rng.h"

#define ARENA_SIZE (256u * 1024u)
#define INSTANCE_SIZE (96u * 1024u)
#define SEEDS 10000u
#define BURST_MIN 20u
#define BURST_MAX 60u
#define HOLES_MIN 16u
#define HOLES_MAX 32u
#define SMALL_MIN 64u
#define SMALL_MAX 4096u
#define FREE_PERCENT 35u

/* Live small blocks; removing swaps the last one in, order does not matter. */
struct live_set {
	void *ptr[BURST_MAX + HOLES_MAX];
	uint32_t count;
};

static void live_add(struct live_set *s, void *ptr)
{
	if (ptr)
		s->ptr[s->count++] = ptr;
}

static void free_random(struct adx_heap *heap, struct live_set *s, struct rng *r)
{
	uint32_t i;

	if (!s->count)
		return;
	i = rng_range(r, 0, s->count - 1);
	adx_heap_free(heap, s->ptr[i]);
	s->ptr[i] = s->ptr[--s->count];
}

static void make_holes(struct adx_heap *heap, struct rng *r)
{
	struct live_set longlived = { .count = 0 };
	uint32_t n = rng_range(r, HOLES_MIN, HOLES_MAX), i;

	for (i = 0; i < n; i++)
		live_add(&longlived, adx_heap_alloc(heap, rng_range(r, SMALL_MIN, SMALL_MAX), 0, 2));
	for (i = 0; i < n / 2; i++)
		free_random(heap, &longlived, r);
}

struct outcome {
	bool success;
	size_t largest_before;
};

static struct outcome run_seed(struct adx_heap *heap, bool holes, struct rng *r)
{
	struct live_set burst = { .count = 0 };
	struct adx_heap_stats stats;
	uint32_t n, free_after, i;
	void *a, *b;

	if (holes)
		make_holes(heap, r);
	a = adx_heap_alloc(heap, INSTANCE_SIZE, 0, 1);
	n = rng_range(r, BURST_MIN, BURST_MAX);
	free_after = rng_range(r, 0, n - 1);
	for (i = 0; i < n; i++) {
		live_add(&burst, adx_heap_alloc(heap, rng_range(r, SMALL_MIN, SMALL_MAX), 0, 3));
		if (i == free_after && a)
			adx_heap_free(heap, a);
		if (rng_range(r, 1, 100) <= FREE_PERCENT)
			free_random(heap, &burst, r);
	}
	adx_heap_get_stats(heap, &stats);
	b = adx_heap_alloc(heap, INSTANCE_SIZE, 0, 1);
	return (struct outcome){ .success = b != NULL, .largest_before = stats.largest_free_bytes };
}

typedef struct adx_heap *(*heap_init_fn)(void *arena, size_t size);

static void run_variant(const char *prefix, heap_init_fn init, const char *variant, bool holes)
{
	static _Alignas(64) uint8_t arena[ARENA_SIZE];
	size_t largest_min = SIZE_MAX;
	uint32_t seed, ok = 0;
	struct outcome o;
	struct rng r;

	for (seed = 0; seed < SEEDS; seed++) {
		struct adx_heap *heap = init(arena, sizeof(arena));

		r.state = seed;
		o = run_seed(heap, holes, &r);
		if (adx_heap_validate(heap)) {
			fprintf(stderr, "%s: heap invalid after seed %u\n", prefix, seed);
			return;
		}
		ok += o.success;
		if (o.largest_before < largest_min)
			largest_min = o.largest_before;
		adx_heap_retire(heap);
	}
	printf("%sheap-scenario %s success=%.2f%% largest_free_min=%zu\n", prefix, variant,
	       100.0 * ok / SEEDS, largest_min);
}

int main(void)
{
	run_variant("", adx_heap_init_tlsf, "plain", false);
	run_variant("", adx_heap_init_tlsf, "holes", true);
	run_variant("sysheap-model ", adx_heap_init_sysheap, "plain", false);
	run_variant("sysheap-model ", adx_heap_init_sysheap, "holes", true);
	return 0;
}
