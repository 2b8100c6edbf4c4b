// SPDX-License-Identifier: BSD-3-Clause
/*
 * The SHARED region's lifetime (issue 11, items 6 and 10).
 *  - A region retained past its heap's life (the heap retired without
 *    adx_dax_shared_release()) used to be poisoned and freed into the dead
 *    heap by the next SHARED init: the region now knows its heap is gone
 *    (its memory owner dies with the heap) and is forgotten, untouched.
 *  - After one failed region allocation the policy never tried again while
 *    a member existed: the next prepare now does.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/mem/module_mem.h"
#include "dax_fixture.h"

#define FRAMES 4800u
#define DEAD_PATTERN 0xa5u

static bool arena_untouched(const uint8_t *arena, size_t bytes)
{
	for (size_t i = 0; i < bytes; i++)
		if (arena[i] != DEAD_PATTERN)
			return false;
	return true;
}

static void retained_region_of_a_retired_heap_is_never_touched(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_memory_stats ms;
	struct dax_t_env old, env;
	struct dax_t_ppl a;

	(void)state;
	dax_t_env_init(&old, ADX_EXEC_VIRTUAL, 0, false);
	init.flags = ADX_DAX_INIT_RETAIN_SHARED;
	dax_t_ppl_build(&old, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_destroy(&a);
	adx_sched_destroy(&old.sched);
	adx_heap_retire(old.heap);
	/* The arena is the caller's again: anything written there now is a bug. */
	memset(old.arena, DEAD_PATTERN, old.heap_bytes);

	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	init.flags = 0;
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	assert_true(arena_untouched(old.arena, old.heap_bytes));
	assert_int_equal(dax_t_stats(a.dax).alloc_failures, 0);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, adx_dax_engine_bytes(8));
	dax_t_ppl_destroy(&a);
	assert_int_equal(adx_dax_shared_release(), 0);
	assert_true(arena_untouched(old.arena, old.heap_bytes));
	dax_t_env_destroy(&env, true);
	adx_mutex_destroy(&old.heap_lock);
	free(old.arena);
}

static void release_after_the_heap_was_retired_touches_nothing(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_memory_stats ms;
	struct dax_t_env old;
	struct dax_t_ppl a;

	(void)state;
	dax_t_env_init(&old, ADX_EXEC_VIRTUAL, 0, false);
	init.flags = ADX_DAX_INIT_RETAIN_SHARED;
	dax_t_ppl_build(&old, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_destroy(&a);
	adx_sched_destroy(&old.sched);
	adx_heap_retire(old.heap);
	memset(old.arena, DEAD_PATTERN, old.heap_bytes);
	assert_int_equal(adx_dax_shared_release(), 0);
	assert_true(arena_untouched(old.arena, old.heap_bytes));
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, 0);
	adx_mutex_destroy(&old.heap_lock);
	free(old.arena);
}

static void failed_region_allocation_is_retried_at_the_next_prepare(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_memory_stats ms;
	struct adx_heap_stats hs;
	struct adx_mem_owner blocker;
	struct dax_t_env env;
	struct dax_t_ppl a;
	void *hog;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	/* Leaves room for the pipeline, not for the region. */
	assert_int_equal(adx_mem_owner_init(&blocker, env.heap, "blocker"), 0);
	adx_heap_get_stats(env.heap, &hs);
	hog = adx_mod_alloc(&blocker, hs.largest_free_bytes - adx_dax_engine_bytes(8) / 2, 0);
	assert_non_null(hog);
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	assert_int_equal(dax_t_stats(a.dax).alloc_failures, 1);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, 0);

	assert_int_equal(adx_mod_free(&blocker, hog), 0);
	assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_PAUSED), 0);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, adx_dax_engine_bytes(8));
	assert_int_equal(dax_t_stats(a.dax).alloc_failures, 1);
	dax_t_ppl_destroy(&a);
	assert_int_equal(adx_mem_owner_release(&blocker), 0);
	dax_t_env_destroy(&env, true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(retained_region_of_a_retired_heap_is_never_touched),
		cmocka_unit_test(release_after_the_heap_was_retired_touches_nothing),
		cmocka_unit_test(failed_region_allocation_is_retried_at_the_next_prepare),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
