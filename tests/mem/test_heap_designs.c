// SPDX-License-Identifier: BSD-3-Clause
/*
 * What distinguishes the heap designs: TLSF's good fit that never fails
 * while a large-enough block exists, the sys_heap model's three-try sample
 * and its fallback to the first block of the next bucket (the weakness the
 * DAX discussion ran into), the zoned heap's routing without fallback,
 * arena checks at init, and the lock contract.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adx/mem/heap.h"
#include "heap_fixture.h"

#define ARENA_SIZE (256u * 1024u)

static struct fixture fx;

static int teardown(void **state)
{
	(void)state;
	fixture_retire(&fx);
	return 0;
}

static void count_block(void *ctx, const struct adx_heap_block *b)
{
	uint32_t *overhead = ctx;

	if (b->used)
		*overhead = b->size - b->payload_size;
}

/* Per-block overhead as the walk shows it (size minus payload of a used block). */
static uint32_t header_overhead(struct adx_heap *heap)
{
	uint32_t overhead = 0;
	void *p = adx_heap_alloc(heap, 8, 0, 1);

	assert_non_null(p);
	adx_heap_walk(heap, count_block, &overhead);
	assert_int_equal(adx_heap_free(heap, p), 0);
	assert_true(overhead > 0);
	return overhead;
}

/* Churns the heap into a fragmented random state. */
static void fragment(struct adx_heap *heap, struct rng *r, void **live, uint32_t n)
{
	uint32_t i, k;

	for (i = 0; i < n; i++)
		live[i] = adx_heap_alloc(heap, rng_range(r, 16, 6000), 0, 1);
	for (k = 0; k < n / 2; k++) {
		i = (uint32_t)rng_range(r, 0, n - 1);
		if (live[i])
			assert_int_equal(adx_heap_free(heap, live[i]), 0);
		live[i] = NULL;
	}
}

static void free_all(struct adx_heap *heap, void **live, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		if (live[i])
			assert_int_equal(adx_heap_free(heap, live[i]), 0);
}

/* ---- TLSF ---- */

/*
 * The only free block is A's hole, exactly the size of the request plus a
 * header: the rounded O(1) search cannot find it, the good-fit fallback
 * must.
 */
static void tlsf_serves_a_request_whose_only_fit_is_in_its_own_class(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	struct adx_heap_stats st;
	struct walk_summary w;
	void *a, *rest;

	(void)state;
	a = adx_heap_alloc(heap, 96 * 1024, 0, 1);
	adx_heap_get_stats(heap, &st);
	rest = adx_heap_alloc(heap, st.largest_free_bytes, 0, 2);
	assert_true(a && rest);
	assert_int_equal(adx_heap_free(heap, a), 0);
	walk_summarise(heap, &w);
	assert_int_equal(w.free_blocks, 1);
	assert_int_equal(w.max_free_block, 96 * 1024 + header_overhead(heap));
	assert_ptr_equal(adx_heap_alloc(heap, 96 * 1024, 0, 1), a);
}

/*
 * In random fragmented states, a request succeeds exactly when the walk
 * shows a free block at least the request plus the per-block overhead
 * (rounded to the 8-byte granule).
 */
static void tlsf_succeeds_exactly_when_the_walk_shows_a_block_large_enough(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	uint32_t overhead = header_overhead(heap);
	struct adx_heap_stats st;
	struct walk_summary w;
	struct rng r = { 11 };
	void *live[80], *p;
	size_t request, capacity;
	int round, probe;

	(void)state;
	for (round = 0; round < 200; round++) {
		fragment(heap, &r, live, 80);
		for (probe = 0; probe < 20; probe++) {
			walk_summarise(heap, &w);
			capacity = w.max_free_block ? w.max_free_block - overhead : 0;
			request = (size_t)rng_range(&r, 1, capacity + 64);
			p = adx_heap_alloc(heap, request, 0, 1);
			assert_true((p != NULL) == ((request + 7) / 8 * 8 <= capacity));
			if (p)
				assert_int_equal(adx_heap_free(heap, p), 0);
		}
		adx_heap_get_stats(heap, &st);
		walk_summarise(heap, &w);
		assert_int_equal(st.largest_free_bytes, w.max_free_block - overhead);
		free_all(heap, live, 80);
	}
}

/* ---- aligned requests ---- */

#define ENGINE_SIZE (96u * 1024u)
#define ENGINE_ALIGN 64u

/* Allocates the largest request until nothing is free. */
static void fill_heap(struct adx_heap *heap)
{
	struct adx_heap_stats st;

	for (adx_heap_get_stats(heap, &st); st.largest_free_bytes;
	     adx_heap_get_stats(heap, &st))
		assert_non_null(adx_heap_alloc(heap, st.largest_free_bytes, 0, 3));
}

/*
 * The DAX engine's story on a tight heap: its 64-aligned buffer is freed,
 * another stream takes the neighbouring memory, and the only hole left is
 * the buffer's own block. Returns whether the buffer can be allocated again
 * (and checks it lands where it was).
 */
static bool aligned_hole_is_reused(enum heap_kind kind)
{
	struct adx_heap *heap = fixture_init(&fx, kind, ARENA_SIZE);
	struct adx_heap_stats st;
	void *engine, *again;

	engine = adx_heap_alloc(heap, ENGINE_SIZE, ENGINE_ALIGN, 1);
	assert_non_null(engine);
	assert_non_null(adx_heap_alloc(heap, 100, 0, 2));
	fill_heap(heap);
	assert_int_equal(adx_heap_free(heap, engine), 0);
	adx_heap_get_stats(heap, &st);
	assert_int_equal(st.free_blocks, 1);
	assert_int_equal(st.largest_free_bytes, ENGINE_SIZE);
	again = adx_heap_alloc(heap, ENGINE_SIZE, ENGINE_ALIGN, 1);
	assert_true(again == NULL || again == engine);
	assert_int_equal(adx_heap_validate(heap), 0);
	fixture_retire(&fx);
	return again != NULL;
}

/* Zephyr's aligned alloc pads by the alignment; TLSF checks the hole's own gap. */
static void freed_aligned_hole_is_reused_by_tlsf_and_not_by_the_model(void **state)
{
	(void)state;
	assert_true(aligned_hole_is_reused(KIND_TLSF));
	assert_false(aligned_hole_is_reused(KIND_SYSHEAP));
}

static uint32_t aligned_gap(const struct adx_heap *heap, uint32_t offset, uint32_t overhead,
			    size_t align)
{
	uintptr_t payload = (uintptr_t)heap->arena + offset + overhead;
	uint32_t d = (uint32_t)((align - payload % align) % align);

	/* a gap below the smallest free block (header + two links) grows by align */
	return d && d < overhead + 8 ? d + (uint32_t)align : d;
}

struct aligned_probe {
	const struct adx_heap *heap;
	uint32_t overhead;
	uint32_t need;          /* block size of the request */
	size_t align;
	bool held_with_own_gap; /* some free block holds it with its own gap */
	bool held_with_any_gap; /* some free block holds need + the widest gap */
};

static void probe_block(void *ctx, const struct adx_heap_block *b)
{
	struct aligned_probe *p = ctx;

	if (b->used)
		return;
	if (b->size >= p->need + aligned_gap(p->heap, b->offset, p->overhead, p->align))
		p->held_with_own_gap = true;
	if (b->size >= p->need + p->align + p->overhead)
		p->held_with_any_gap = true;
}

/*
 * In random fragmented states, an aligned request succeeds whenever a free
 * block holds it with the widest gap (the guarantee the rounded search and
 * the scan of the padded class keep), never when no block holds it with
 * its own gap, and its result is aligned.
 */
static void tlsf_aligned_request_succeeds_when_a_block_holds_it_and_only_then(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	struct aligned_probe probe = { .heap = heap, .overhead = header_overhead(heap) };
	struct adx_heap_stats st;
	struct rng r = { 17 };
	void *live[80], *p;
	size_t request;
	int round, i;

	(void)state;
	for (round = 0; round < 200; round++) {
		fragment(heap, &r, live, 80);
		for (i = 0; i < 20; i++) {
			adx_heap_get_stats(heap, &st);
			request = (size_t)rng_range(&r, 1, st.largest_free_bytes + 64);
			probe.align = (size_t)1 << rng_range(&r, 4, 12);
			probe.need = (uint32_t)((request + 7) / 8 * 8) + probe.overhead;
			probe.held_with_own_gap = probe.held_with_any_gap = false;
			adx_heap_walk(heap, probe_block, &probe);
			p = adx_heap_alloc(heap, request, probe.align, 1);
			if (probe.held_with_any_gap)
				assert_non_null(p);
			if (!probe.held_with_own_gap)
				assert_null(p);
			if (p) {
				assert_int_equal((uintptr_t)p % probe.align, 0);
				assert_int_equal(adx_heap_free(heap, p), 0);
			}
		}
		free_all(heap, live, 80);
	}
	assert_int_equal(adx_heap_validate(heap), 0);
}

/* ---- the sys_heap model ---- */

/* Payload sizes giving blocks of 512 B (64 chunks) and 1000 B (125 chunks): bucket 6. */
#define SMALL_HOLE 496u
#define FIT_HOLE 984u
#define BUCKET6_REQUEST 900u

/* Holes h[0..3] with used spacers between, the rest of the arena used. */
static void make_four_holes(struct adx_heap *heap, void *h[4])
{
	static const size_t sizes[4] = { SMALL_HOLE, SMALL_HOLE, SMALL_HOLE, FIT_HOLE };
	struct adx_heap_stats st;
	int i;

	for (i = 0; i < 4; i++) {
		h[i] = adx_heap_alloc(heap, sizes[i], 0, 1);
		assert_non_null(h[i]);
		assert_non_null(adx_heap_alloc(heap, 8, 0, 2));
	}
	adx_heap_get_stats(heap, &st);
	assert_non_null(adx_heap_alloc(heap, st.largest_free_bytes, 0, 3));
	for (i = 0; i < 4; i++)
		assert_int_equal(adx_heap_free(heap, h[i]), 0);
}

static void sysheap_samples_only_three_blocks_of_the_request_bucket(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_SYSHEAP, ARENA_SIZE);
	uint32_t overhead = header_overhead(heap);
	struct adx_heap_stats st;
	struct walk_summary w;
	void *h[4];

	(void)state;
	make_four_holes(heap, h);
	walk_summarise(heap, &w);
	assert_int_equal(w.free_blocks, 4);
	adx_heap_get_stats(heap, &st);
	/* the largest block fits 984 B, but only the first three are sampled */
	assert_int_equal(st.largest_free_block_bytes, FIT_HOLE + overhead);
	assert_int_equal(st.largest_free_bytes, 512 - overhead); /* a 512 B block serves this */
	assert_null(adx_heap_alloc(heap, BUCKET6_REQUEST, 0, 1));
	/* the misses moved the bucket head on: the next sample starts at the fit */
	assert_ptr_equal(adx_heap_alloc(heap, BUCKET6_REQUEST, 0, 1), h[3]);
	assert_int_equal(adx_heap_validate(heap), 0);
}

static void tlsf_finds_the_fit_the_model_misses(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	void *h[4];

	(void)state;
	make_four_holes(heap, h);
	assert_ptr_equal(adx_heap_alloc(heap, BUCKET6_REQUEST, 0, 1), h[3]);
}

/*
 * Two free blocks of one power-of-two bucket, the larger freed first: the
 * model carves a small request out of the first block of the next bucket,
 * the larger one, and a later request for it fails; TLSF's finer classes
 * carve the smaller block and keep the larger.
 */
static bool large_request_survives_a_small_one(enum heap_kind kind)
{
	struct adx_heap *heap = fixture_init(&fx, kind, ARENA_SIZE);
	struct adx_heap_stats st;
	void *x, *y, *big;

	x = adx_heap_alloc(heap, 12 * 1024, 0, 1);
	assert_non_null(adx_heap_alloc(heap, 8, 0, 2));
	y = adx_heap_alloc(heap, 9 * 1024, 0, 1);
	assert_non_null(adx_heap_alloc(heap, 8, 0, 2));
	adx_heap_get_stats(heap, &st);
	assert_non_null(adx_heap_alloc(heap, st.largest_free_bytes, 0, 3));
	assert_int_equal(adx_heap_free(heap, x), 0);
	assert_int_equal(adx_heap_free(heap, y), 0);
	assert_non_null(adx_heap_alloc(heap, 100, 0, 4));
	big = adx_heap_alloc(heap, 12 * 1024, 0, 1);
	assert_int_equal(adx_heap_validate(heap), 0);
	fixture_retire(&fx);
	return big != NULL;
}

static void model_carves_the_large_block_where_tlsf_keeps_it(void **state)
{
	(void)state;
	assert_false(large_request_survives_a_small_one(KIND_SYSHEAP));
	assert_true(large_request_survives_a_small_one(KIND_TLSF));
}

/* ---- zoned ---- */

static bool in_zone(const struct adx_heap *zone, const void *p)
{
	return (const uint8_t *)p >= zone->arena &&
	       (const uint8_t *)p < zone->arena + zone->arena_size;
}

static void zoned_routes_by_threshold(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_ZONED, ARENA_SIZE);
	void *small = adx_heap_alloc(heap, ZONED_THRESHOLD - 1, 0, 1);
	void *large = adx_heap_alloc(heap, ZONED_THRESHOLD, 0, 1);

	(void)state;
	assert_true(in_zone(fx.zones[0], small));
	assert_true(in_zone(fx.zones[1], large));
	assert_int_equal(adx_heap_free(heap, small), 0);
	assert_int_equal(adx_heap_free(heap, large), 0);
}

static void zoned_zones_never_fall_back_to_each_other(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_ZONED, ARENA_SIZE);
	struct adx_heap_stats st;
	void *all;

	(void)state;
	adx_heap_get_stats(fx.zones[1], &st);
	all = adx_heap_alloc(heap, st.largest_free_bytes, 0, 1);
	assert_true(in_zone(fx.zones[1], all));
	assert_null(adx_heap_alloc(heap, ZONED_THRESHOLD, 0, 1));
	assert_int_equal(adx_heap_free(heap, all), 0);

	adx_heap_get_stats(fx.zones[0], &st);
	all = adx_heap_alloc(fx.zones[0], st.largest_free_bytes, 0, 1);
	assert_non_null(all);
	assert_null(adx_heap_alloc(heap, 64, 0, 1));
	assert_non_null(adx_heap_alloc(heap, ZONED_THRESHOLD, 0, 1));
}

struct owner_seen {
	uint32_t general, large;
	const struct fixture *f;
};

static void note_owner(void *ctx, const struct adx_heap_block *b)
{
	struct owner_seen *seen = ctx;

	if (b->used && b->owner == 11 && in_zone(seen->f->zones[0], b->ptr))
		seen->general++;
	if (b->used && b->owner == 12 && in_zone(seen->f->zones[1], b->ptr))
		seen->large++;
}

static void zoned_stats_sum_the_zones_and_the_walk_covers_both(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_ZONED, ARENA_SIZE);
	struct owner_seen seen = { .f = &fx };
	struct adx_heap_stats z, g, l;

	(void)state;
	assert_non_null(adx_heap_alloc(heap, 100, 0, 11));
	assert_non_null(adx_heap_alloc(heap, 200, 0, 11));
	assert_non_null(adx_heap_alloc(heap, 20000, 0, 12));
	adx_heap_walk(heap, note_owner, &seen);
	assert_int_equal(seen.general, 2);
	assert_int_equal(seen.large, 1);
	adx_heap_get_stats(heap, &z);
	adx_heap_get_stats(fx.zones[0], &g);
	adx_heap_get_stats(fx.zones[1], &l);
	assert_int_equal(z.used_bytes, g.used_bytes + l.used_bytes);
	assert_int_equal(z.free_bytes, g.free_bytes + l.free_bytes);
	assert_int_equal(z.used_blocks, 3);
	assert_int_equal(z.high_water_bytes, z.used_bytes);
	assert_int_equal(z.largest_free_bytes, l.largest_free_bytes);
	assert_int_equal(z.allocs, 3);
}

static void zoned_injection_into_one_zone_fails_only_that_zone(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_ZONED, ARENA_SIZE);
	struct adx_heap_stats st;

	(void)state;
	adx_heap_inject_failure(fx.zones[1], 1, true);
	assert_non_null(adx_heap_alloc(heap, 100, 0, 1));
	assert_null(adx_heap_alloc(heap, ZONED_THRESHOLD, 0, 1));
	adx_heap_get_stats(heap, &st);
	assert_int_equal(st.alloc_failures, 1);
	adx_heap_get_stats(fx.zones[1], &st);
	assert_int_equal(st.alloc_failures, 1);
}

/* ---- init ---- */

static void init_rejects_unusable_arenas(void **state)
{
	static _Alignas(8) uint8_t arena[4096];
	struct adx_zoned_heap z;
	struct adx_heap *a, *b;

	(void)state;
	assert_null(adx_heap_init_tlsf(NULL, sizeof(arena)));
	assert_null(adx_heap_init_tlsf(arena + 4, sizeof(arena) - 4));
	assert_null(adx_heap_init_tlsf(arena, 64));
	assert_null(adx_heap_init_tlsf(arena, (size_t)INT32_MAX + 1));
	assert_null(adx_heap_init_sysheap(NULL, sizeof(arena)));
	assert_null(adx_heap_init_sysheap(arena + 4, sizeof(arena) - 4));
	assert_null(adx_heap_init_sysheap(arena, 64));
	assert_null(adx_heap_init_sysheap(arena, (size_t)INT32_MAX + 1));

	a = adx_heap_init_tlsf(arena, 2048);
	b = adx_heap_init_sysheap(arena + 2048, 2048);
	assert_true(a && b);
	assert_int_equal(adx_heap_validate(a), 0);
	assert_int_equal(adx_heap_validate(b), 0);
	assert_null(adx_heap_init_zoned(NULL, a, b, 100));
	assert_null(adx_heap_init_zoned(&z, NULL, b, 100));
	assert_null(adx_heap_init_zoned(&z, a, a, 100));
	assert_null(adx_heap_init_zoned(&z, a, b, 0));
	assert_non_null(adx_heap_init_zoned(&z, a, b, 100));
	adx_heap_retire(a);
	adx_heap_retire(b);
}

/* ---- locking ---- */

struct depth_lock {
	int depth;
	int max_depth;
	int taken;
};

static void depth_lock(void *ctx)
{
	struct depth_lock *l = ctx;

	if (++l->depth > l->max_depth)
		l->max_depth = l->depth;
	l->taken++;
}

static void depth_unlock(void *ctx)
{
	((struct depth_lock *)ctx)->depth--;
}

static void read_stats_from_observer(void *ctx, const struct adx_heap *heap,
				     const struct adx_heap_event *ev)
{
	struct adx_heap_stats st;

	(void)ctx;
	(void)ev;
	adx_heap_get_stats(heap, &st);
}

/* The observer runs outside the lock, so it may call back into the heap. */
static void observer_runs_outside_the_lock(void **state)
{
	struct adx_heap *heap = fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	struct depth_lock lock = { 0 };
	void *p;

	(void)state;
	adx_heap_set_lock(heap, depth_lock, depth_unlock, &lock);
	adx_heap_set_observer(heap, read_stats_from_observer, NULL);
	p = adx_heap_alloc(heap, 64, 0, 1);
	assert_int_equal(adx_heap_free(heap, p), 0);
	assert_int_equal(adx_heap_free(heap, p), -EFAULT);
	assert_int_equal(lock.depth, 0);
	assert_int_equal(lock.max_depth, 1);
	assert_true(lock.taken >= 6);
	adx_heap_set_lock(heap, NULL, NULL, NULL);
}

#define THREADS 4
#define THREAD_OPS 20000

static void mutex_lock(void *ctx)
{
	pthread_mutex_lock(ctx);
}

static void mutex_unlock(void *ctx)
{
	pthread_mutex_unlock(ctx);
}

static void *churn(void *arg)
{
	struct adx_heap *heap = fx.heap;
	struct rng r = { (uint64_t)(uintptr_t)arg };
	void *live[32] = { NULL };
	uint32_t i;
	int op;

	for (op = 0; op < THREAD_OPS; op++) {
		i = (uint32_t)rng_range(&r, 0, 31);
		if (live[i]) {
			if (adx_heap_free(heap, live[i]))
				return arg;
			live[i] = NULL;
		} else {
			live[i] = adx_heap_alloc(heap, rng_range(&r, 8, 1500), 0, 1);
		}
	}
	for (i = 0; i < 32; i++)
		if (live[i] && adx_heap_free(heap, live[i]))
			return arg;
	return NULL;
}

static void concurrent_use_under_the_installed_lock_keeps_the_heap_valid(void **state)
{
	static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
	pthread_t threads[THREADS];
	struct adx_heap_stats st;
	void *rc;
	int i;

	(void)state;
	fixture_init(&fx, KIND_TLSF, ARENA_SIZE);
	adx_heap_set_lock(fx.heap, mutex_lock, mutex_unlock, &mutex);
	for (i = 0; i < THREADS; i++)
		assert_int_equal(pthread_create(&threads[i], NULL, churn,
						 (void *)(uintptr_t)(i + 1)), 0);
	for (i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(threads[i], &rc), 0);
		assert_null(rc);
	}
	assert_int_equal(adx_heap_validate(fx.heap), 0);
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.used_blocks, 0);
	assert_int_equal(st.allocs, st.frees);
	assert_int_equal(st.bad_calls, 0);
	adx_heap_set_lock(fx.heap, NULL, NULL, NULL);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(tlsf_serves_a_request_whose_only_fit_is_in_its_own_class, teardown),
		cmocka_unit_test_teardown(tlsf_succeeds_exactly_when_the_walk_shows_a_block_large_enough, teardown),
		cmocka_unit_test(freed_aligned_hole_is_reused_by_tlsf_and_not_by_the_model),
		cmocka_unit_test_teardown(tlsf_aligned_request_succeeds_when_a_block_holds_it_and_only_then, teardown),
		cmocka_unit_test_teardown(sysheap_samples_only_three_blocks_of_the_request_bucket, teardown),
		cmocka_unit_test_teardown(tlsf_finds_the_fit_the_model_misses, teardown),
		cmocka_unit_test(model_carves_the_large_block_where_tlsf_keeps_it),
		cmocka_unit_test_teardown(zoned_routes_by_threshold, teardown),
		cmocka_unit_test_teardown(zoned_zones_never_fall_back_to_each_other, teardown),
		cmocka_unit_test_teardown(zoned_stats_sum_the_zones_and_the_walk_covers_both, teardown),
		cmocka_unit_test_teardown(zoned_injection_into_one_zone_fails_only_that_zone, teardown),
		cmocka_unit_test(init_rejects_unusable_arenas),
		cmocka_unit_test_teardown(observer_runs_outside_the_lock, teardown),
		cmocka_unit_test_teardown(concurrent_use_under_the_installed_lock_keeps_the_heap_valid, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
