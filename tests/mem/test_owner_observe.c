// SPDX-License-Identifier: BSD-3-Clause
/*
 * The per-owner observers report what each owner holds, and only live
 * owners: an observer sees the same figures the owner keeps, and a
 * released owner disappears from both the visit and the name lookup.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "adx/mem/module_mem.h"

#define ARENA_BYTES (64u * 1024u)

static _Alignas(64) uint8_t arena[ARENA_BYTES];

struct seen {
	int count;
	struct adx_mem_owner_usage last[4];
	char names[4][ADX_OWNER_NAME_MAX];
};

static void record(void *ctx, const struct adx_mem_owner_usage *usage)
{
	struct seen *seen = ctx;

	if (seen->count >= 4)
		fail_msg("more owners visited than registered");
	seen->last[seen->count] = *usage;
	strncpy(seen->names[seen->count], usage->name, ADX_OWNER_NAME_MAX - 1);
	seen->count++;
}

static const struct adx_mem_owner_usage *find(const struct seen *seen, const char *name)
{
	for (int i = 0; i < seen->count; i++)
		if (!strcmp(seen->names[i], name))
			return &seen->last[i];
	return NULL;
}

static void observers_report_each_live_owner_as_it_keeps_itself(void **state)
{
	struct adx_heap *heap = adx_heap_init_tlsf(arena, ARENA_BYTES);
	struct adx_mem_owner a, b;
	struct seen seen = { 0 };
	const struct adx_mem_owner_usage *ua, *ub;
	void *pa;

	(void)state;
	assert_non_null(heap);
	assert_int_equal(adx_mem_owner_init(&a, heap, "alpha"), 0);
	assert_int_equal(adx_mem_owner_init(&b, heap, "beta"), 0);
	pa = adx_mod_alloc(&a, 100, 0);
	assert_non_null(pa);
	assert_non_null(adx_mod_alloc(&a, 200, 0));
	assert_non_null(adx_mod_alloc(&b, 50, 0));

	adx_mem_owners_visit(heap, record, &seen);
	assert_int_equal(seen.count, 2);
	ua = find(&seen, "alpha");
	ub = find(&seen, "beta");
	assert_non_null(ua);
	assert_non_null(ub);
	assert_int_equal(ua->tag, a.tag);
	assert_int_equal(ua->used_bytes, a.used_bytes);
	assert_int_equal(ua->live_blocks, 2);
	assert_int_equal(ub->live_blocks, 1);
	assert_true(ua->used_bytes >= 300);
	assert_string_equal(adx_mem_owner_name(heap, a.tag), "alpha");
	assert_string_equal(adx_mem_owner_name(heap, b.tag), "beta");
	assert_null(adx_mem_owner_name(heap, ADX_OWNER_NONE));

	assert_int_equal(adx_mod_free(&a, pa), 0);
	assert_int_equal(adx_mem_owner_release(&b), 1);
	memset(&seen, 0, sizeof(seen));
	adx_mem_owners_visit(heap, record, &seen);
	assert_int_equal(seen.count, 1);
	assert_int_equal(seen.last[0].live_blocks, 1);
	assert_true(seen.last[0].high_water_bytes >= 300);
	assert_null(adx_mem_owner_name(heap, b.tag));
	assert_int_equal(adx_mem_owner_release(&a), 1);
	adx_heap_retire(heap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(observers_report_each_live_owner_as_it_keeps_itself),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
