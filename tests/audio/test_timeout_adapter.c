// SPDX-License-Identifier: BSD-3-Clause
/*
 * The adapter's waiting ops under an overrun (issue 11, items 1, 4, 5):
 * docs/design.md §5 says an op whose wait times out returns -ETIMEDOUT and
 * releases nothing. Each case holds the DSP core with the fixture's hog,
 * so the victim's cycle or posted op cannot run before the op timeout,
 * then checks that nothing ran, changed or was released behind the
 * caller's back, and that the same op, retried once the core is free,
 * succeeds.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "timeout_fixture.h"

struct victim {
	struct to_fixture f;
	struct stall_control ctl;
	struct stall_control *ctl_ptr;
	struct adx_module_instance inst;
};

static void victim_begin(struct victim *v, enum adx_control_model model)
{
	to_init(&v->f, 256 * 1024);
	stall_init(&v->ctl);
	v->ctl_ptr = &v->ctl;
	to_module_init(&v->f, &v->inst, "victim", &v->ctl_ptr, model);
	assert_int_equal(adx_module_prepare(&v->inst.mod), 0);
}

/* Runs the call with the short op timeout: the hog is holding the core. */
#define EXPECT_TIMEOUT(v, call)                                                          \
	do {                                                                             \
		adx_module_set_op_timeout(&(v)->inst.mod, TO_OP_TIMEOUT_NS);              \
		assert_int_equal((call), -ETIMEDOUT);                                    \
		adx_module_set_op_timeout(&(v)->inst.mod, TO_RELAXED_TIMEOUT_NS);         \
	} while (0)

static void victim_end(struct victim *v)
{
	assert_int_equal(adx_module_free(&v->inst.mod), 0);
	to_destroy(&v->f);
	stall_destroy(&v->ctl);
}

/* Item 1: the posted reset was built on the caller's stack and ran after the timeout. */
static void posted_reset_that_timed_out_never_runs_and_its_retry_succeeds(void **state)
{
	struct victim v;

	(void)state;
	victim_begin(&v, ADX_CTRL_POST_TO_DP);
	to_hog_hold(&v.f);
	EXPECT_TIMEOUT(&v, adx_module_reset(&v.inst.mod));
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_IDLE);
	to_hog_release(&v.f);
	to_run(&v.f, 3);
	assert_int_equal(stall_calls(&v.ctl, STALL_RESET), 0);
	assert_int_equal(adx_module_reset(&v.inst.mod), 0);
	assert_int_equal(stall_calls(&v.ctl, STALL_RESET), 1);
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_INITIALIZED);
	victim_end(&v);
}

static void posted_free_that_timed_out_never_runs_and_its_retry_succeeds(void **state)
{
	struct victim v;

	(void)state;
	victim_begin(&v, ADX_CTRL_POST_TO_DP);
	assert_int_equal(adx_module_reset(&v.inst.mod), 0);
	to_hog_hold(&v.f);
	EXPECT_TIMEOUT(&v, adx_module_free(&v.inst.mod));
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_INITIALIZED);
	to_hog_release(&v.f);
	to_run(&v.f, 3);
	assert_int_equal(stall_calls(&v.ctl, STALL_FREE), 0);
	assert_non_null(v.inst.mod.priv);
	assert_int_equal(adx_module_free(&v.inst.mod), 0);
	assert_int_equal(stall_calls(&v.ctl, STALL_FREE), 1);
	victim_end(&v);
}

/* Item 4: a stop whose cancel timed out left the cancel armed: the module stayed
 * RUNNING but its task went STOPPED after the cycle, and it never ran again. */
static void stop_that_timed_out_leaves_the_module_running_and_processing(void **state)
{
	struct victim v;

	(void)state;
	victim_begin(&v, ADX_CTRL_CANCEL_JOIN);
	assert_int_equal(adx_module_trigger(&v.inst.mod, ADX_TRIGGER_START), 0);
	to_hog_hold(&v.f);
	assert_int_equal(adx_sched_run_ticks(&v.f.sched, 1), 0); /* the victim's cycle is released */
	EXPECT_TIMEOUT(&v, adx_module_trigger(&v.inst.mod, ADX_TRIGGER_STOP));
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_RUNNING);
	to_hog_release(&v.f);
	to_run_until_processed(&v.f, &v.ctl, stall_calls(&v.ctl, STALL_PROCESS));
	assert_int_equal(adx_module_trigger(&v.inst.mod, ADX_TRIGGER_STOP), 0);
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_IDLE);
	victim_end(&v);
}

/* Item 4, the handoff's hold: a quiesce that timed out must not hold the cycles off. */
static void quiesce_that_timed_out_holds_nothing_off(void **state)
{
	struct victim v;

	(void)state;
	victim_begin(&v, ADX_CTRL_CANCEL_JOIN);
	assert_int_equal(adx_module_trigger(&v.inst.mod, ADX_TRIGGER_START), 0);
	to_hog_hold(&v.f);
	assert_int_equal(adx_sched_run_ticks(&v.f.sched, 1), 0);
	EXPECT_TIMEOUT(&v, adx_module_dp_quiesce(&v.inst.mod));
	to_hog_release(&v.f);
	to_run_until_processed(&v.f, &v.ctl, stall_calls(&v.ctl, STALL_PROCESS));
	victim_end(&v);
}

/*
 * Item 5: a failed DP-task removal was logged, and everything released anyway
 * while the scheduler still held the task inside the instance. Removal
 * waits for the task, so it is refused while the LL lock is held.
 */
static void free_whose_task_removal_fails_releases_nothing(void **state)
{
	struct victim v;
	uint32_t owners;

	(void)state;
	victim_begin(&v, ADX_CTRL_CANCEL_JOIN);
	assert_int_equal(adx_module_reset(&v.inst.mod), 0);
	owners = v.f.heap->owner_count;
	adx_sched_ll_lock(&v.f.sched);
	assert_int_equal(adx_module_free(&v.inst.mod), -EDEADLK);
	adx_sched_ll_unlock(&v.f.sched);
	assert_int_equal(adx_module_state(&v.inst.mod), ADX_MOD_INITIALIZED);
	assert_int_equal(v.f.heap->owner_count, owners);
	assert_non_null(adx_module_dp_task(&v.inst.mod)->sched);
	/* The module's own free ran: it is not prepared again on freed state. */
	assert_int_equal(stall_calls(&v.ctl, STALL_FREE), 1);
	assert_int_equal(adx_module_prepare(&v.inst.mod), -EINVAL);
	to_run(&v.f, 3);
	assert_int_equal(adx_module_free(&v.inst.mod), 0);
	assert_int_equal(stall_calls(&v.ctl, STALL_FREE), 1);
	assert_int_equal(v.f.heap->owner_count, owners - 1);
	victim_end(&v);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(posted_reset_that_timed_out_never_runs_and_its_retry_succeeds),
		cmocka_unit_test(posted_free_that_timed_out_never_runs_and_its_retry_succeeds),
		cmocka_unit_test(stop_that_timed_out_leaves_the_module_running_and_processing),
		cmocka_unit_test(quiesce_that_timed_out_holds_nothing_off),
		cmocka_unit_test(free_whose_task_removal_fails_releases_nothing),
	};

	return to_run_tests(argv[0], tests, sizeof(tests) / sizeof(tests[0]), argc, argv);
}
