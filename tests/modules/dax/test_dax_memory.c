// SPDX-License-Identifier: BSD-3-Clause
/*
 * Engine bytes committed per policy: with a speaker and a headphone pipeline
 * both prepared, INIT and PREPARE commit 2S and STATIC and SHARED commit S;
 * per-module tracking and a heap walk agree while they live, and nothing is
 * left after they are freed. SHARED keeps its region only when asked to.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "dax_fixture.h"

#define FRAMES 4800u

static size_t region_of(enum adx_dax_policy policy)
{
	return policy == ADX_DAX_POLICY_STATIC ? adx_dax_static_region_bytes()
					       : adx_dax_engine_bytes(8);
}

static void two_prepared(enum adx_dax_policy policy, bool sysheap)
{
	struct adx_dax_init spk = dax_t_init(policy, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_init hp = dax_t_init(policy, ADX_DAX_DEVICE_HEADPHONE);
	size_t s = region_of(policy);
	size_t expect = policy <= ADX_DAX_POLICY_PREPARE ? 2 * s : s;
	struct adx_dax_memory_stats ms;
	struct dax_t_env env;
	struct dax_t_ppl a, b;

	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 2u * 1024 * 1024, sysheap);
	dax_t_ppl_build(&env, &a, 0, &spk, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_build(&env, &b, 1, &hp, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	adx_dax_reset_peak();
	assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_PAUSED), 0);
	assert_int_equal(adx_pipeline_set_state(&b.ppl, ADX_PPL_PAUSED), 0);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.total_bytes, expect);
	assert_int_equal(ms.peak_total_bytes, expect);
	assert_int_equal(dax_t_stats(a.dax).committed_bytes + dax_t_stats(b.dax).committed_bytes,
			 expect);
	if (policy >= ADX_DAX_POLICY_STATIC) {
		assert_true(dax_t_stats(a.dax).owns_memory);   /* speaker outranks headphone */
		assert_false(dax_t_stats(b.dax).owns_memory);
	}
	/* Per-module tracking and the heap walk agree. */
	assert_int_equal(adx_mem_owner_walk_bytes(&a.dax->mem), a.dax->mem.used_bytes);
	assert_int_equal(adx_mem_owner_walk_bytes(&b.dax->mem), b.dax->mem.used_bytes);
	dax_t_ppl_destroy(&a);
	dax_t_ppl_destroy(&b);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, 0);
	assert_int_equal(ms.static_bytes, 0);
	assert_int_equal(ms.instances, 0);
	dax_t_env_destroy(&env, true); /* zero blocks left: nothing leaked */
}

static void test_two_prepared_pipelines_commit_2S_or_S_by_policy(void **state)
{
	(void)state;
	for (int policy = 0; policy < ADX_DAX_POLICY_COUNT; policy++) {
		two_prepared((enum adx_dax_policy)policy, false);
		two_prepared((enum adx_dax_policy)policy, true);
	}
}

static void test_static_region_covers_the_engine_worst_case(void **state)
{
	(void)state;
	assert_true(adx_dax_static_region_bytes() >= adx_dax_engine_bytes(8));
	assert_true(adx_dax_engine_bytes(8) >= adx_dax_engine_bytes(6));
	assert_true(adx_dax_engine_bytes(6) >= adx_dax_engine_bytes(2));
	assert_int_equal(adx_dax_engine_bytes(4), 0);
}

static void test_shared_region_is_freed_by_the_last_free_unless_retained(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_memory_stats ms;
	struct dax_t_env env;
	struct dax_t_ppl a;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	init.flags = ADX_DAX_INIT_RETAIN_SHARED;
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_destroy(&a);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, adx_dax_engine_bytes(8));
	/* Re-created (as at every hw_params): the retained region is reused, no new allocation. */
	init.flags = 0;
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	assert_int_equal(dax_t_stats(a.dax).alloc_failures, 0);
	assert_int_equal(adx_dax_shared_release(), -EBUSY);
	dax_t_ppl_destroy(&a);
	assert_int_equal(adx_dax_shared_release(), 0);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, 0);
	dax_t_env_destroy(&env, true);
}

/*
 * A heap rebuilt over the same arena (same heap pointer) no longer holds the
 * retained region: the next instance must not take the stale pointer but
 * allocate afresh from the new heap.
 */
static void test_retained_region_is_not_reused_from_a_rebuilt_heap(void **state)
{
	struct adx_dax_init init = dax_t_init(ADX_DAX_POLICY_SHARED, ADX_DAX_DEVICE_SPEAKER);
	struct adx_dax_memory_stats ms;
	struct adx_heap_stats hs;
	struct dax_t_env env;
	struct dax_t_ppl a;
	struct adx_heap *old;

	(void)state;
	dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
	init.flags = ADX_DAX_INIT_RETAIN_SHARED;
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	dax_t_ppl_destroy(&a);
	old = env.heap;
	adx_heap_retire(env.heap);
	env.heap = adx_heap_init_tlsf(env.arena, env.heap_bytes);
	assert_ptr_equal(env.heap, old);
	adx_heap_set_lock(env.heap, dax_t_heap_lock_fn, dax_t_heap_unlock_fn, &env.heap_lock);
	init.flags = 0;
	dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
	assert_int_equal(dax_t_stats(a.dax).alloc_failures, 0);
	adx_heap_get_stats(env.heap, &hs);
	assert_true(hs.used_bytes >= adx_dax_engine_bytes(8)); /* allocated in the new heap */
	assert_int_equal(adx_heap_validate(env.heap), 0);
	dax_t_ppl_destroy(&a);
	adx_dax_get_memory_stats(&ms);
	assert_int_equal(ms.heap_bytes, 0);
	dax_t_env_destroy(&env, true);
}

/* INIT holds its memory from init to free; PREPARE only between prepare and reset. */
static void test_init_and_prepare_hold_memory_over_their_lifespans(void **state)
{
	struct dax_t_env env;
	struct dax_t_ppl a;
	size_t s = adx_dax_engine_bytes(8);

	(void)state;
	for (int policy = ADX_DAX_POLICY_INIT; policy <= ADX_DAX_POLICY_PREPARE; policy++) {
		struct adx_dax_init init = dax_t_init((enum adx_dax_policy)policy, 0);
		size_t at_init = policy == ADX_DAX_POLICY_INIT ? s : 0;

		dax_t_env_init(&env, ADX_EXEC_VIRTUAL, 0, false);
		dax_t_ppl_build(&env, &a, 0, &init, 2, ADX_FMT_S16_LE, FRAMES, FRAMES);
		assert_int_equal(dax_t_stats(a.dax).committed_bytes, at_init);
		assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_PAUSED), 0);
		assert_int_equal(dax_t_stats(a.dax).committed_bytes, s);
		assert_true(dax_t_stats(a.dax).owns_memory);
		assert_int_equal(adx_pipeline_set_state(&a.ppl, ADX_PPL_RESET), 0);
		assert_int_equal(dax_t_stats(a.dax).committed_bytes, at_init);
		assert_false(dax_t_stats(a.dax).owns_memory);
		dax_t_ppl_destroy(&a);
		dax_t_env_destroy(&env, true);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_prepared_pipelines_commit_2S_or_S_by_policy),
		cmocka_unit_test(test_static_region_covers_the_engine_worst_case),
		cmocka_unit_test(test_shared_region_is_freed_by_the_last_free_unless_retained),
		cmocka_unit_test(test_retained_region_is_not_reused_from_a_rebuilt_heap),
		cmocka_unit_test(test_init_and_prepare_hold_memory_over_their_lifespans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
