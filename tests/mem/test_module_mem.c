// SPDX-License-Identifier: BSD-3-Clause
/*
 * Per-module memory tracking (include/adx/mem/module_mem.h) on every heap kind:
 * unique tags, usage counted in payload capacity and cross-checked by a
 * heap walk, leaks freed and named, and misuse refused without touching
 * anyone's accounting.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "adx/mem/heap.h"
#include "adx/mem/module_mem.h"
#include "heap_fixture.h"
#include "kind_groups.h"

#define ARENA_SIZE (256u * 1024u)

static struct fixture fx;

static void owner_tags_are_unique_and_never_none(void **state)
{
	struct adx_mem_owner owners[50];
	int i, j;

	(void)state;
	for (i = 0; i < 50; i++) {
		assert_int_equal(adx_mem_owner_init(&owners[i], fx.heap, "m"), 0);
		assert_int_not_equal(owners[i].tag, ADX_OWNER_NONE);
		for (j = 0; j < i; j++)
			assert_int_not_equal(owners[i].tag, owners[j].tag);
	}
	for (i = 0; i < 50; i++)
		assert_int_equal(adx_mem_owner_release(&owners[i]), 0);
}

/* All 65535 tags can be live at once; one more is refused; a released tag is reused. */
static void tags_run_out_at_65535_live_owners_and_are_reused(void **state)
{
	struct adx_mem_owner *owners = calloc(UINT16_MAX, sizeof(*owners));
	struct adx_mem_owner extra;
	uint16_t freed_tag;
	uint32_t i;

	(void)state;
	assert_non_null(owners);
	for (i = 0; i < UINT16_MAX; i++)
		assert_int_equal(adx_mem_owner_init(&owners[i], fx.heap, "m"), 0);
	assert_int_equal(adx_mem_owner_init(&extra, fx.heap, "extra"), -ENOSPC);
	assert_int_equal(log_count("no owner tag left"), 1);
	freed_tag = owners[1234].tag;
	adx_mem_owner_release(&owners[1234]);
	assert_int_equal(adx_mem_owner_init(&extra, fx.heap, "extra"), 0);
	assert_int_equal(extra.tag, freed_tag);
	adx_mem_owner_release(&extra);
	for (i = 0; i < UINT16_MAX; i++)
		if (i != 1234)
			adx_mem_owner_release(&owners[i]);
	free(owners);
}

static void usage_is_counted_in_payload_capacity_and_matches_the_walk(void **state)
{
	struct adx_mem_owner a, b;
	void *pa[20], *pb[5];
	size_t expect_a = 0, high = 0;
	struct rng r = { 3 };
	int i;

	(void)state;
	assert_int_equal(adx_mem_owner_init(&a, fx.heap, "dax"), 0);
	assert_int_equal(adx_mem_owner_init(&b, fx.heap, "volume"), 0);
	for (i = 0; i < 20; i++) {
		pa[i] = adx_mod_alloc(&a, rng_range(&r, 1, 12000), 0);
		assert_non_null(pa[i]);
		expect_a += adx_heap_block_size(fx.heap, pa[i]);
		if (expect_a > high)
			high = expect_a;
	}
	for (i = 0; i < 5; i++)
		pb[i] = adx_mod_alloc(&b, 100, 64);
	for (i = 0; i < 20; i += 2) {
		expect_a -= adx_heap_block_size(fx.heap, pa[i]);
		assert_int_equal(adx_mod_free(&a, pa[i]), 0);
	}
	assert_int_equal(a.used_bytes, expect_a);
	assert_int_equal(a.high_water_bytes, high);
	assert_int_equal(a.live_blocks, 10);
	assert_int_equal(adx_mem_owner_walk_bytes(&a), expect_a);
	assert_int_equal(adx_mem_owner_walk_bytes(&b), b.used_bytes);
	assert_int_equal(b.live_blocks, 5);
	for (i = 1; i < 20; i += 2)
		assert_int_equal(adx_mod_free(&a, pa[i]), 0);
	for (i = 0; i < 5; i++)
		assert_int_equal(adx_mod_free(&b, pb[i]), 0);
	assert_int_equal(a.used_bytes, 0);
	assert_int_equal(adx_mem_owner_walk_bytes(&a), 0);
	assert_int_equal(adx_mem_owner_release(&a), 0);
	assert_int_equal(adx_mem_owner_release(&b), 0);
	assert_int_equal(log_count("leaked"), 0);
}

static void zalloc_returns_zeroed_memory_over_reused_blocks(void **state)
{
	struct adx_mem_owner o;
	uint8_t *p, *q;
	size_t i;

	(void)state;
	assert_int_equal(adx_mem_owner_init(&o, fx.heap, "m"), 0);
	p = adx_mod_alloc(&o, 3000, 0);
	assert_non_null(p);
	memset(p, 0xEE, 3000);
	assert_int_equal(adx_mod_free(&o, p), 0);
	q = adx_mod_zalloc(&o, 3000, 0);
	assert_ptr_equal(q, p); /* the same memory came back: the zeroing is real */
	for (i = 0; i < 3000; i++)
		assert_int_equal(q[i], 0);
	assert_int_equal(adx_mod_free(&o, q), 0);
	adx_mem_owner_release(&o);
}

struct leak_expect {
	uint32_t payload;
	uint32_t offset;
};

static void remember_leak(void *ctx, const struct adx_heap_block *b)
{
	struct leak_expect *e = ctx;

	if (b->used && b->owner != ADX_OWNER_NONE && e->payload == 0 && b->payload_size > 1000) {
		e->payload = b->payload_size;
		e->offset = b->offset;
	}
}

static void release_frees_leftovers_and_names_the_module_for_each(void **state)
{
	struct adx_mem_owner dax, keep;
	struct leak_expect first = { 0, 0 };
	struct adx_heap_stats st;
	char line[96];
	int i;

	(void)state;
	assert_int_equal(adx_mem_owner_init(&dax, fx.heap, "dax-speaker"), 0);
	assert_int_equal(adx_mem_owner_init(&keep, fx.heap, "copier"), 0);
	assert_non_null(adx_mod_alloc(&keep, 64, 0));
	assert_non_null(adx_mod_alloc(&dax, 20000, 0)); /* zoned: the large zone */
	for (i = 0; i < 40; i++)
		assert_non_null(adx_mod_alloc(&dax, 1001 + (size_t)i, 0));
	adx_heap_walk(fx.heap, remember_leak, &first);
	assert_int_equal(adx_mem_owner_release(&dax), 41);
	assert_int_equal(log_count("dax-speaker: leaked"), 41);
	snprintf(line, sizeof(line), "dax-speaker: leaked %u bytes at offset %u",
		 first.payload, first.offset);
	assert_int_equal(log_count(line), 1);
	assert_int_equal(adx_mem_owner_walk_bytes(&dax), 0);
	assert_int_equal(dax.used_bytes, 0);
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.used_blocks, 1);
	assert_int_equal(keep.live_blocks, 1);
	assert_int_equal(adx_heap_validate(fx.heap), 0);
	assert_int_equal(adx_mem_owner_release(&keep), 1);
	assert_int_equal(log_count("copier: leaked"), 1);
}

static void free_of_another_owners_block_is_refused(void **state)
{
	struct adx_mem_owner a, b;
	struct adx_heap_stats st;
	void *p;

	(void)state;
	adx_mem_owner_init(&a, fx.heap, "a");
	adx_mem_owner_init(&b, fx.heap, "b");
	p = adx_mod_alloc(&a, 500, 0);
	assert_int_equal(adx_mod_free(&b, p), -EINVAL);
	assert_int_equal(log_count("b: free"), 1);
	assert_int_equal(a.live_blocks, 1);
	assert_int_equal(b.live_blocks, 0);
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.used_blocks, 1);
	assert_int_equal(adx_mod_free(&a, p), 0);
	adx_mem_owner_release(&a);
	adx_mem_owner_release(&b);
}

static void bad_pointers_get_the_heaps_error_and_count_as_bad_calls(void **state)
{
	struct adx_mem_owner a;
	struct adx_heap_stats st;
	uint8_t *p;

	(void)state;
	adx_mem_owner_init(&a, fx.heap, "a");
	p = adx_mod_alloc(&a, 500, 0);
	assert_int_equal(adx_mod_free(&a, p), 0);
	assert_int_equal(adx_mod_free(&a, p), -EFAULT);
	assert_int_equal(adx_mod_free(&a, NULL), -EINVAL);
	assert_int_equal(adx_mod_free(&a, p + 8), -EINVAL);
	adx_heap_get_stats(fx.heap, &st);
	assert_int_equal(st.bad_calls, 3);
	assert_int_equal(a.live_blocks, 0);
	assert_int_equal(a.used_bytes, 0);
	adx_mem_owner_release(&a);
}

static void failures_are_counted_per_owner(void **state)
{
	struct adx_mem_owner a;

	(void)state;
	adx_mem_owner_init(&a, fx.heap, "a");
	adx_heap_inject_failure(fx.heap, 2, false);
	assert_non_null(adx_mod_alloc(&a, 10, 0));
	assert_null(adx_mod_alloc(&a, 10, 0));
	assert_null(adx_mod_alloc(&a, ARENA_SIZE * 2, 0));
	assert_int_equal(a.alloc_failures, 2);
	assert_int_equal(a.live_blocks, 1);
	assert_int_equal(adx_mem_owner_release(&a), 1);
}

static void null_arguments_are_refused(void **state)
{
	struct adx_mem_owner a;

	(void)state;
	assert_int_equal(adx_mem_owner_init(NULL, fx.heap, "a"), -EINVAL);
	assert_int_equal(adx_mem_owner_init(&a, NULL, "a"), -EINVAL);
	assert_int_equal(adx_mem_owner_init(&a, fx.heap, NULL), -EINVAL);
	assert_null(adx_mod_alloc(NULL, 10, 0));
	assert_int_equal(adx_mod_free(NULL, &a), -EINVAL);
	assert_int_equal(adx_mem_owner_release(NULL), 0);
	assert_int_equal(adx_mem_owner_walk_bytes(NULL), 0);
}

static void long_names_are_truncated_not_overrun(void **state)
{
	struct adx_mem_owner a;
	char name[100];

	(void)state;
	memset(name, 'x', sizeof(name) - 1);
	name[sizeof(name) - 1] = '\0';
	assert_int_equal(adx_mem_owner_init(&a, fx.heap, name), 0);
	assert_int_equal(strlen(a.name), ADX_OWNER_NAME_MAX - 1);
	adx_mem_owner_release(&a);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		KIND_TEST(owner_tags_are_unique_and_never_none),
		KIND_TEST(tags_run_out_at_65535_live_owners_and_are_reused),
		KIND_TEST(usage_is_counted_in_payload_capacity_and_matches_the_walk),
		KIND_TEST(zalloc_returns_zeroed_memory_over_reused_blocks),
		KIND_TEST(release_frees_leftovers_and_names_the_module_for_each),
		KIND_TEST(free_of_another_owners_block_is_refused),
		KIND_TEST(bad_pointers_get_the_heaps_error_and_count_as_bad_calls),
		KIND_TEST(failures_are_counted_per_owner),
		KIND_TEST(null_arguments_are_refused),
		KIND_TEST(long_names_are_truncated_not_overrun),
	};

	return run_kind_groups(tests, sizeof(tests) / sizeof(tests[0]), &fx, ARENA_SIZE);
}
