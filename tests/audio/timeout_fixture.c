// SPDX-License-Identifier: BSD-3-Clause
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "timeout_fixture.h"

#define HOLD_TRIES 200
#define PROCESS_TRIES 200
#define HOLD_POLL_NS (5ull * 1000 * 1000)

static void heap_lock(void *ctx)
{
	adx_mutex_lock(ctx);
}

static void heap_unlock(void *ctx)
{
	adx_mutex_unlock(ctx);
}

void to_module_init(struct to_fixture *f, struct adx_module_instance *inst, const char *name,
		    struct stall_control **ctl_ptr, enum adx_control_model model)
{
	memset(inst, 0, sizeof(*inst));
	assert_int_equal(adx_module_init(inst, &stall_dp_driver, name, f->heap, &f->sched,
					 ctl_ptr, sizeof(*ctl_ptr)), 0);
	adx_module_set_control_model(&inst->mod, model);
	adx_module_set_op_timeout(&inst->mod, TO_RELAXED_TIMEOUT_NS);
}

void to_init(struct to_fixture *f, size_t heap_bytes)
{
	struct adx_sched_config cfg = { .mode = ADX_EXEC_THREADS, .tick_us = 1000,
					.dp_wait_ns = 1000 * 1000 };

	memset(f, 0, sizeof(*f));
	f->arena = aligned_alloc(64, heap_bytes);
	assert_non_null(f->arena);
	f->heap = adx_heap_init_tlsf(f->arena, heap_bytes);
	assert_non_null(f->heap);
	assert_int_equal(adx_mutex_init(&f->heap_lock), 0);
	adx_heap_set_lock(f->heap, heap_lock, heap_unlock, &f->heap_lock);
	assert_int_equal(adx_sched_init(&f->sched, &cfg), 0);
	stall_init(&f->hog_ctl);
	f->hog_ctl_ptr = &f->hog_ctl;
	to_module_init(f, &f->hog, "hog", &f->hog_ctl_ptr, ADX_CTRL_CANCEL_JOIN);
	assert_int_equal(adx_module_prepare(&f->hog.mod), 0);
	assert_int_equal(adx_module_trigger(&f->hog.mod, ADX_TRIGGER_START), 0);
}

void to_destroy(struct to_fixture *f)
{
	struct adx_heap_stats stats;

	assert_int_equal(adx_module_free(&f->hog.mod), 0);
	adx_sched_destroy(&f->sched);
	stall_destroy(&f->hog_ctl);
	adx_heap_get_stats(f->heap, &stats);
	assert_int_equal(adx_heap_validate(f->heap), 0);
	assert_int_equal(stats.used_bytes, 0);
	assert_int_equal(f->heap->owner_count, 0);
	adx_heap_retire(f->heap);
	adx_mutex_destroy(&f->heap_lock);
	free(f->arena);
}

void to_hog_hold(struct to_fixture *f)
{
	stall_arm(&f->hog_ctl);
	for (int i = 0; i < HOLD_TRIES; i++) {
		assert_int_equal(adx_sched_run_ticks(&f->sched, 1), 0);
		if (stall_wait_held(&f->hog_ctl, HOLD_POLL_NS))
			return;
	}
	fail_msg("the hog's cycle never started");
}

void to_hog_release(struct to_fixture *f)
{
	stall_release(&f->hog_ctl);
	assert_int_equal(adx_sched_drain(&f->sched, TO_LONG_WAIT_NS), 0);
}

void to_run(struct to_fixture *f, uint64_t ticks)
{
	assert_int_equal(adx_sched_run_ticks(&f->sched, ticks), 0);
	assert_int_equal(adx_sched_drain(&f->sched, TO_LONG_WAIT_NS), 0);
}

void to_run_until_processed(struct to_fixture *f, struct stall_control *ctl,
			    unsigned int before)
{
	for (int i = 0; i < PROCESS_TRIES; i++) {
		to_run(f, 1);
		if (stall_calls(ctl, STALL_PROCESS) > before)
			return;
	}
	fail_msg("no process() call in %d ticks", PROCESS_TRIES);
}

int to_run_tests(const char *group, const struct CMUnitTest *tests, size_t count,
		 int argc, char **argv)
{
	for (size_t i = 0; argc > 1 && i < count; i++)
		if (!strcmp(tests[i].name, argv[1]))
			return _cmocka_run_group_tests(group, &tests[i], 1, NULL, NULL);
	if (argc > 1)
		return -1;
	return _cmocka_run_group_tests(group, tests, count, NULL, NULL);
}
