// SPDX-License-Identifier: BSD-3-Clause
/*
 * The contract of include/adx/mem/heap.h, proved for every heap kind (TLSF, the
 * sys_heap model, the zoned pair). Each group runs the same tests on one
 * kind. Figures the heap reports are checked against independent views: a
 * shadow list of live allocations kept by the test, fill patterns that
 * expose overlapping blocks, and a block walk.
 */
#include <errno.h>
#include <setjmp.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#if defined(ADX_ASAN)
#include <sanitizer/asan_interface.h>
#endif

#include "adx/mem/heap.h"
#include "heap_fixture.h"
#include "kind_groups.h"

#define ARENA_SIZE (256u * 1024u)
#define MAX_LIVE 512

static struct fixture fx;

static uint32_t zone_count(void)
{
	return fx.kind == KIND_ZONED ? 2u : 1u;
}

/* ---- shadow model of live allocations ---- */

struct live {
	uint8_t *ptr;
	size_t size;        /* requested */
	size_t capacity;    /* adx_heap_block_size() at allocation */
	uint16_t owner;
	uint8_t seed;
};

struct shadow {
	struct live items[MAX_LIVE];
	uint32_t count;
	size_t high_water;
};

static void fill(uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(seed + i * 7u);
}

static void assert_filled(const uint8_t *p, size_t n, uint8_t seed)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] != (uint8_t)(seed + i * 7u))
			fail_msg("byte %zu of block %p overwritten", i, (const void *)p);
}

static bool shadow_alloc(struct shadow *s, struct adx_heap *heap, size_t size, size_t align,
			 uint16_t owner, struct rng *r)
{
	struct live *l = &s->items[s->count];
	struct adx_heap_stats st;

	assert_true(s->count < MAX_LIVE);
	l->ptr = adx_heap_alloc(heap, size, align, owner);
	if (!l->ptr)
		return false;
	assert_int_equal((uintptr_t)l->ptr % (align < 8 ? 8 : align), 0);
	l->size = size;
	l->capacity = adx_heap_block_size(heap, l->ptr);
	assert_true(l->capacity >= size);
	l->owner = owner;
	l->seed = (uint8_t)rng_next(r);
	fill(l->ptr, size, l->seed);
	s->count++;
	adx_heap_get_stats(heap, &st);
	if (st.used_bytes > s->high_water)
		s->high_water = st.used_bytes;
	return true;
}

static void shadow_free(struct shadow *s, struct adx_heap *heap, uint32_t i)
{
	struct live *l = &s->items[i];

	assert_filled(l->ptr, l->size, l->seed);
	assert_int_equal(adx_heap_free(heap, l->ptr), 0);
	*l = s->items[--s->count];
}

static void shadow_free_all_shuffled(struct shadow *s, struct adx_heap *heap, struct rng *r)
{
	while (s->count)
		shadow_free(s, heap, (uint32_t)rng_range(r, 0, s->count - 1));
}

/* A random request: mostly small, some large (zoned: large zone), some aligned. */
static void random_request(struct rng *r, size_t *size, size_t *align)
{
	uint64_t pick = rng_range(r, 0, 99);

	*size = pick < 85 ? rng_range(r, 1, 2048) : rng_range(r, 2048, 20000);
	*align = rng_range(r, 0, 9) ? 0 : (size_t)1 << rng_range(r, 3, 12);
}

/* The heap's figures against the shadow and the walk, and block by block. */
static void assert_matches_shadow(const struct shadow *s, const struct adx_heap *heap)
{
	struct adx_heap_stats st;
	struct walk_summary w;
	struct adx_heap_block info;
	size_t capacity = 0;
	uint32_t i;

	adx_heap_get_stats(heap, &st);
	walk_summarise(heap, &w);
	for (i = 0; i < s->count; i++) {
		capacity += s->items[i].capacity;
		assert_int_equal(adx_heap_block_info(heap, s->items[i].ptr, &info), 0);
		assert_int_equal(info.owner, s->items[i].owner);
		assert_int_equal(info.payload_size, s->items[i].capacity);
		assert_ptr_equal(info.ptr, s->items[i].ptr);
	}
	assert_int_equal(st.used_blocks, s->count);
	assert_int_equal(w.used_blocks, s->count);
	assert_int_equal(w.payload_bytes, capacity);
	assert_int_equal(st.used_bytes, w.used_bytes);
	assert_int_equal(st.free_bytes, w.free_bytes);
	assert_int_equal(st.free_blocks, w.free_blocks);
	assert_int_equal(st.used_bytes + st.free_bytes, st.total_bytes);
	assert_int_equal(st.largest_free_block_bytes, w.max_free_block);
	assert_int_equal(st.allocs - st.frees, s->count);
	assert_int_equal(st.high_water_bytes, s->high_water);
}

/* ---- tests ---- */

static void alignment_is_honoured_for_8_to_4096(void **state)
{
	static const size_t sizes[] = { 1, 24, 100, 1000, 5000, 10000 };
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct rng r = { 1 };
	size_t align, i;

	(void)state;
	for (align = 0; align <= 4096; align = align ? align * 2 : 1) {
		for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
			assert_true(shadow_alloc(s, fx.heap, sizes[i], align, 5, &r));
		assert_int_equal(adx_heap_validate(fx.heap), 0);
		shadow_free_all_shuffled(s, fx.heap, &r);
	}
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

static void freeing_everything_in_random_order_restores_one_free_block(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct adx_heap_stats st;
	struct walk_summary w;
	size_t size, align;
	uint64_t round;
	struct rng r;

	(void)state;
	for (round = 0; round < 20; round++) {
		r.state = round;
		random_request(&r, &size, &align);
		while (s->count < 300 && shadow_alloc(s, fx.heap, size, align, 1, &r))
			random_request(&r, &size, &align);
		shadow_free_all_shuffled(s, fx.heap, &r);
		adx_heap_get_stats(fx.heap, &st);
		walk_summarise(fx.heap, &w);
		assert_int_equal(w.free_blocks, zone_count());
		assert_int_equal(w.used_blocks, 0);
		assert_int_equal(st.free_bytes, st.total_bytes);
		assert_int_equal(adx_heap_validate(fx.heap), 0);
	}
}

static void stats_equal_a_shadow_model(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct rng r = { 42 };
	size_t size, align;
	int op;

	(void)state;
	for (op = 0; op < 20000; op++) {
		random_request(&r, &size, &align);
		if (s->count && (s->count == MAX_LIVE || rng_range(&r, 0, 99) < 45))
			shadow_free(s, fx.heap, (uint32_t)rng_range(&r, 0, s->count - 1));
		else
			shadow_alloc(s, fx.heap, size, align, (uint16_t)rng_range(&r, 0, 9), &r);
		if (op % 10 == 0)
			assert_matches_shadow(s, fx.heap);
	}
	assert_matches_shadow(s, fx.heap);
}

/* One random operation of a churn at 40% frees: the states the stats tests probe. */
static void random_step(struct shadow *s, struct rng *r)
{
	size_t size, align;

	random_request(r, &size, &align);
	if (s->count && (s->count == MAX_LIVE || rng_range(r, 0, 99) < 40))
		shadow_free(s, fx.heap, (uint32_t)rng_range(r, 0, s->count - 1));
	else
		shadow_alloc(s, fx.heap, size, align, 1, r);
}

/*
 * The documented meaning of largest_free_bytes, checked in many random
 * states: L succeeds, L + 1 fails (each against a fresh reading, since a
 * failed request may move the sys_heap model's bucket heads).
 */
static void largest_free_is_the_largest_request_that_succeeds(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct adx_heap_stats st;
	struct rng r = { 7 };
	void *p;
	int op;

	(void)state;
	for (op = 0; op < 3000; op++) {
		random_step(s, &r);
		adx_heap_get_stats(fx.heap, &st);
		assert_null(adx_heap_alloc(fx.heap, st.largest_free_bytes + 1, 0, 1));
		adx_heap_get_stats(fx.heap, &st);
		assert_null(adx_heap_alloc(fx.heap, st.largest_free_bytes + 8, 0, 1));
		adx_heap_get_stats(fx.heap, &st);
		if (!st.largest_free_bytes)
			continue;
		p = adx_heap_alloc(fx.heap, st.largest_free_bytes, 0, 1);
		assert_non_null(p);
		assert_int_equal(adx_heap_free(fx.heap, p), 0);
	}
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

/*
 * What largest_free_bytes promises an aligned request (heap.h): L + 1
 * fails on every kind; L - align - 16, room for the widest alignment gap,
 * succeeds on a single heap (the zoned pair routes by size, so a request
 * that small may go to the other zone).
 */
static void largest_free_bounds_aligned_requests(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct adx_heap_stats st;
	struct rng r = { 13 };
	size_t align, sure;
	void *p;
	int op;

	(void)state;
	for (op = 0; op < 3000; op++) {
		random_step(s, &r);
		align = (size_t)1 << rng_range(&r, 4, 12);
		adx_heap_get_stats(fx.heap, &st);
		assert_null(adx_heap_alloc(fx.heap, st.largest_free_bytes + 1, align, 1));
		adx_heap_get_stats(fx.heap, &st);
		if (fx.kind == KIND_ZONED || st.largest_free_bytes <= align + 16)
			continue;
		sure = st.largest_free_bytes - align - 16;
		p = adx_heap_alloc(fx.heap, sure, align, 1);
		assert_non_null(p);
		assert_int_equal((uintptr_t)p % align, 0);
		assert_int_equal(adx_heap_free(fx.heap, p), 0);
	}
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

/* The index against its definition, with both figures taken from the walk. */
static void fragmentation_index_is_one_minus_largest_free_block_over_free_bytes(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct adx_heap_stats st;
	struct walk_summary w;
	struct rng r = { 5 };
	uint32_t i;

	(void)state;
	adx_heap_get_stats(fx.heap, &st);
	assert_true(adx_heap_fragmentation(&st) == 0.0 || fx.kind == KIND_ZONED);
	while (s->count < 200 && shadow_alloc(s, fx.heap, 1500, 0, 1, &r))
		;
	/* downwards, so the swap-in of shadow_free only brings kept blocks down */
	for (i = s->count; i-- > 0;)
		if (i % 2 == 0)
			shadow_free(s, fx.heap, i);
	adx_heap_get_stats(fx.heap, &st);
	walk_summarise(fx.heap, &w);
	assert_true(w.free_bytes > 0);
	assert_true(fabs(adx_heap_fragmentation(&st) -
			 (1.0 - (double)w.max_free_block / (double)w.free_bytes)) < 1e-12);
	/* a heap of alternating 1.5 KiB holes (the zoned heap's large zone stays whole) */
	if (fx.kind != KIND_ZONED)
		assert_true(adx_heap_fragmentation(&st) > 0.9);
	st.free_bytes = 0;
	assert_true(adx_heap_fragmentation(&st) == 0.0);
}

/* ---- bad calls ---- */

struct event_log {
	struct adx_heap_event events[64];
	unsigned int count;
};

static void record_event(void *ctx, const struct adx_heap *heap, const struct adx_heap_event *ev)
{
	struct event_log *log = ctx;

	(void)heap;
	if (log->count < 64)
		log->events[log->count] = *ev;
	log->count++;
}

/* One rejected call: counted once, reported to the observer and the log, nothing changed. */
static void assert_rejected_once(const struct adx_heap_stats *before,
				 const struct event_log *events, unsigned int events_before,
				 unsigned int logs_before, const void *ptr)
{
	struct adx_heap_stats after;
	char name[32];

	adx_heap_get_stats(fx.heap, &after);
	assert_int_equal(after.bad_calls, before->bad_calls + 1);
	assert_int_equal(after.used_bytes, before->used_bytes);
	assert_int_equal(after.used_blocks, before->used_blocks);
	assert_int_equal(after.allocs, before->allocs);
	assert_int_equal(after.frees, before->frees);
	assert_int_equal(after.alloc_failures, before->alloc_failures);
	assert_int_equal(events->count, events_before + 1);
	assert_int_equal(events->events[events_before].kind, ADX_HEAP_EV_BAD_CALL);
	assert_ptr_equal(events->events[events_before].ptr, ptr);
	assert_int_equal(log_count("rejected"), logs_before + 1);
	if (ptr) {
		snprintf(name, sizeof(name), "%p", ptr);
		assert_true(log_count(name) >= 1);
	}
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

static void assert_free_rejected(void *ptr, int expected, struct event_log *events)
{
	struct adx_heap_stats before;
	unsigned int n = events->count, logs = log_count("rejected");
	int rc;

	adx_heap_get_stats(fx.heap, &before);
	rc = adx_heap_free(fx.heap, ptr);
	if (expected)
		assert_int_equal(rc, expected);
	else
		assert_true(rc == -EINVAL || rc == -EFAULT);
	assert_rejected_once(&before, events, n, logs, ptr);
}

static void assert_alloc_rejected(size_t size, size_t align, struct event_log *events)
{
	struct adx_heap_stats before;
	unsigned int n = events->count, logs = log_count("rejected");

	adx_heap_get_stats(fx.heap, &before);
	assert_null(adx_heap_alloc(fx.heap, size, align, 3));
	assert_rejected_once(&before, events, n, logs, NULL);
}

static void every_bad_call_class_is_rejected_and_the_heap_still_validates(void **state)
{
	struct event_log *events = &(struct event_log){ .count = 0 };
	uint8_t *a, *b, *c, *d;
	int outside = 0;

	(void)state;
	a = adx_heap_alloc(fx.heap, 256, 0, 1);
	b = adx_heap_alloc(fx.heap, 1000, 0, 1);
	c = adx_heap_alloc(fx.heap, 64, 0, 1);
	d = adx_heap_alloc(fx.heap, 64, 0, 1);
	assert_true(a && b && c && d);
	fill(a, 256, 9);
	assert_int_equal(adx_heap_free(fx.heap, b), 0);
	adx_heap_set_observer(fx.heap, record_event, events);

	assert_free_rejected(NULL, -EINVAL, events);
	assert_free_rejected(&outside, -EINVAL, events);
	assert_free_rejected(fixture_zone_of(&fx, a)->arena, -EINVAL, events);
	assert_free_rejected(fixture_zone_of(&fx, a)->arena +
			     fixture_zone_of(&fx, a)->arena_size, -EINVAL, events);
	assert_free_rejected(a + 1, -EINVAL, events);
	assert_free_rejected(a + 8, -EINVAL, events);
	assert_free_rejected(a + 16, -EINVAL, events);
	assert_free_rejected(a + 128, -EINVAL, events);
	assert_free_rejected(b, -EFAULT, events);        /* double free, block intact */
	assert_int_equal(adx_heap_free(fx.heap, c), 0);  /* merges with b's free block */
	assert_free_rejected(c, 0, events);              /* double free of a merged block */

	assert_alloc_rejected(0, 0, events);
	assert_alloc_rejected(SIZE_MAX, 0, events);
	assert_alloc_rejected(SIZE_MAX - 64, 8, events);
	assert_alloc_rejected(SIZE_MAX / 2, SIZE_MAX / 2 + 1, events);
	assert_alloc_rejected(16, 3, events);
	assert_alloc_rejected(16, 24, events);
	assert_alloc_rejected(16, 48, events);

	assert_filled(a, 256, 9);
	assert_int_equal(adx_heap_free(fx.heap, a), 0);
	assert_int_equal(adx_heap_free(fx.heap, d), 0);
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

/* A request no heap can meet is a failure, not a bad call. */
static void oversized_valid_request_is_a_failure_not_a_bad_call(void **state)
{
	struct adx_heap_stats st;

	(void)state;
	assert_null(adx_heap_alloc(fx.heap, ARENA_SIZE * 4, 0, 1));
	assert_null(adx_heap_alloc(fx.heap, 16, (size_t)1 << 40, 1));
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.alloc_failures, 2);
	assert_int_equal(st.bad_calls, 0);
}

/* ---- injection and observer ---- */

static void injection_fails_exactly_the_nth_allocation(void **state)
{
	static const uint64_t nths[] = { 1, 2, 7 };
	struct adx_heap_stats st;
	uint64_t i, k, failures = 0;
	void *p;

	(void)state;
	for (k = 0; k < 3; k++) {
		adx_heap_inject_failure(fx.heap, nths[k], false);
		assert_null(adx_heap_alloc(fx.heap, 0, 0, 1)); /* bad calls are not counted */
		for (i = 1; i <= nths[k] + 3; i++) {
			p = adx_heap_alloc(fx.heap, 64, 0, 1);
			if (i == nths[k]) {
				assert_null(p);
				failures++;
			} else {
				assert_non_null(p);
				assert_int_equal(adx_heap_free(fx.heap, p), 0);
			}
		}
	}
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.alloc_failures, failures);
}

static void sticky_injection_fails_the_nth_and_all_after_until_disarmed(void **state)
{
	void *p;
	int i;

	(void)state;
	adx_heap_inject_failure(fx.heap, 3, true);
	for (i = 1; i <= 10; i++) {
		p = adx_heap_alloc(fx.heap, 32, 0, 1);
		if (i < 3)
			assert_non_null(p);
		else
			assert_null(p);
	}
	adx_heap_inject_failure(fx.heap, 0, false);
	assert_non_null(adx_heap_alloc(fx.heap, 32, 0, 1));
}

static void observer_sees_alloc_free_fail_and_bad_call_events(void **state)
{
	struct event_log *events = &(struct event_log){ .count = 0 };
	const struct adx_heap_event *ev = events->events;
	void *p;

	(void)state;
	adx_heap_set_observer(fx.heap, record_event, events);
	p = adx_heap_alloc(fx.heap, 100, 0, 77);
	assert_int_equal(adx_heap_free(fx.heap, p), 0);
	assert_null(adx_heap_alloc(fx.heap, ARENA_SIZE * 2, 0, 78));
	adx_heap_inject_failure(fx.heap, 1, false);
	assert_null(adx_heap_alloc(fx.heap, 10, 0, 79));
	assert_int_equal(adx_heap_free(fx.heap, p), -EFAULT);

	assert_int_equal(events->count, 5);
	assert_int_equal(ev[0].kind, ADX_HEAP_EV_ALLOC);
	assert_ptr_equal(ev[0].ptr, p);
	assert_int_equal(ev[0].size, 100);
	assert_int_equal(ev[0].owner, 77);
	assert_int_equal(ev[1].kind, ADX_HEAP_EV_FREE);
	assert_ptr_equal(ev[1].ptr, p);
	assert_true(ev[1].size >= 100 && ev[1].size < 100 + 32);
	assert_int_equal(ev[1].owner, 77);
	assert_int_equal(ev[2].kind, ADX_HEAP_EV_FAIL);
	assert_int_equal(ev[2].size, ARENA_SIZE * 2);
	assert_int_equal(ev[2].owner, 78);
	assert_int_equal(ev[3].kind, ADX_HEAP_EV_FAIL);
	assert_int_equal(ev[3].owner, 79);
	assert_int_equal(ev[4].kind, ADX_HEAP_EV_BAD_CALL);
	assert_ptr_equal(ev[4].ptr, p);
	adx_heap_set_observer(fx.heap, NULL, NULL);
}

/* ---- corruption ---- */

/* Writes over heap-owned bytes on purpose (under ASan they are poisoned). */
static void scribble(uint8_t *at, const void *bytes, size_t n)
{
#if defined(ADX_ASAN)
	ASAN_UNPOISON_MEMORY_REGION(at, n);
#endif
	memcpy(at, bytes, n);
#if defined(ADX_ASAN)
	ASAN_POISON_MEMORY_REGION(at, n);
#endif
}

static void read_heap_bytes(const uint8_t *at, void *bytes, size_t n)
{
#if defined(ADX_ASAN)
	ASAN_UNPOISON_MEMORY_REGION(at, n);
#endif
	memcpy(bytes, at, n);
#if defined(ADX_ASAN)
	ASAN_POISON_MEMORY_REGION(at, n);
#endif
}

/* Flips one byte at `at`, expects validate to fail, then restores it. */
static void assert_corruption_detected(uint8_t *at)
{
	uint8_t saved, flipped;

	read_heap_bytes(at, &saved, 1);
	flipped = saved ^ 0x5A;
	scribble(at, &flipped, 1);
	assert_int_equal(adx_heap_validate(fx.heap), -EFAULT);
	assert_true(log_count("heap") >= 1);
	scribble(at, &saved, 1);
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

static void validate_detects_headers_and_free_links_overwritten(void **state)
{
	uint8_t *a, *b, *c;
	size_t cap;
	int i;

	(void)state;
	a = adx_heap_alloc(fx.heap, 200, 0, 1);
	b = adx_heap_alloc(fx.heap, 200, 0, 1);
	c = adx_heap_alloc(fx.heap, 200, 0, 1);
	assert_true(a && b && c);
	assert_int_equal(adx_heap_free(fx.heap, b), 0);
	cap = adx_heap_block_size(fx.heap, a);
	/* every byte of the header after a's payload (b's header, now free) */
	for (i = 0; i < 16; i++)
		assert_corruption_detected(a + cap + i);
	/* b's free-list links */
	for (i = 0; i < 8; i++)
		assert_corruption_detected(b + i);
	/* c's header, a used block */
	for (i = 1; i <= 16; i++)
		assert_corruption_detected(c - i);
}

/* ---- stress ---- */

static void random_200k_operations_keep_every_invariant(void **state)
{
	struct shadow *s = &(struct shadow){ .count = 0 };
	struct rng r = { 2024 };
	size_t size, align;
	int op;

	(void)state;
	for (op = 0; op < 200000; op++) {
		random_request(&r, &size, &align);
		if (s->count && (s->count == MAX_LIVE || rng_range(&r, 0, 99) < 48))
			shadow_free(s, fx.heap, (uint32_t)rng_range(&r, 0, s->count - 1));
		else
			shadow_alloc(s, fx.heap, size, align, (uint16_t)op, &r);
		if (op < 2000 || op % 32 == 0)
			assert_int_equal(adx_heap_validate(fx.heap), 0);
	}
	assert_matches_shadow(s, fx.heap);
	shadow_free_all_shuffled(s, fx.heap, &r);
	assert_int_equal(adx_heap_validate(fx.heap), 0);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		KIND_TEST(alignment_is_honoured_for_8_to_4096),
		KIND_TEST(freeing_everything_in_random_order_restores_one_free_block),
		KIND_TEST(stats_equal_a_shadow_model),
		KIND_TEST(largest_free_is_the_largest_request_that_succeeds),
		KIND_TEST(largest_free_bounds_aligned_requests),
		KIND_TEST(fragmentation_index_is_one_minus_largest_free_block_over_free_bytes),
		KIND_TEST(every_bad_call_class_is_rejected_and_the_heap_still_validates),
		KIND_TEST(oversized_valid_request_is_a_failure_not_a_bad_call),
		KIND_TEST(injection_fails_exactly_the_nth_allocation),
		KIND_TEST(sticky_injection_fails_the_nth_and_all_after_until_disarmed),
		KIND_TEST(observer_sees_alloc_free_fail_and_bad_call_events),
		KIND_TEST(validate_detects_headers_and_free_links_overwritten),
		KIND_TEST(random_200k_operations_keep_every_invariant),
	};

	return run_kind_groups(tests, sizeof(tests) / sizeof(tests[0]), &fx, ARENA_SIZE);
}
