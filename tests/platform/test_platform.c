// SPDX-License-Identifier: BSD-3-Clause
/* Host platform: coroutines, condition-variable timeouts, threads, sleeps. */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "adx/platform/platform.h"

#define MS 1000000ull

struct trace {
	char steps[32];
	int len;
};

static void trace_add(struct trace *trace, char step)
{
	trace->steps[trace->len++] = step;
	trace->steps[trace->len] = '\0';
}

static void two_step_entry(void *arg)
{
	struct trace *trace = arg;

	trace_add(trace, 'a');
	adx_coro_yield();
	trace_add(trace, 'b');
}

static void yield_returns_to_resumer_and_resume_continues_after_it(void **state)
{
	struct adx_coro *coro;
	struct trace trace = { .len = 0 };

	(void)state;
	assert_int_equal(adx_coro_create(&coro, 0, two_step_entry, &trace), 0);
	adx_coro_resume(coro);
	trace_add(&trace, '1');
	assert_false(adx_coro_finished(coro));
	adx_coro_resume(coro);
	trace_add(&trace, '2');
	assert_true(adx_coro_finished(coro));
	assert_string_equal(trace.steps, "a1b2");
	adx_coro_destroy(coro);
}

struct nest {
	struct trace trace;
	struct adx_coro *inner;
	struct adx_coro *outer;
	struct adx_coro *seen_inside_inner;
	struct adx_coro *seen_in_outer_after;
};

static void inner_entry(void *arg)
{
	struct nest *nest = arg;

	nest->seen_inside_inner = adx_coro_current();
	trace_add(&nest->trace, 'i');
	adx_coro_yield();
	trace_add(&nest->trace, 'j');
}

static void outer_entry(void *arg)
{
	struct nest *nest = arg;

	trace_add(&nest->trace, 'o');
	adx_coro_resume(nest->inner);
	nest->seen_in_outer_after = adx_coro_current();
	trace_add(&nest->trace, 'p');
	adx_coro_yield();
	adx_coro_resume(nest->inner);
	trace_add(&nest->trace, 'q');
}

static void nested_yield_returns_to_the_inner_resumer(void **state)
{
	struct nest nest;

	(void)state;
	memset(&nest, 0, sizeof(nest));
	assert_int_equal(adx_coro_create(&nest.inner, 0, inner_entry, &nest), 0);
	assert_int_equal(adx_coro_create(&nest.outer, 0, outer_entry, &nest), 0);
	assert_null(adx_coro_current());
	adx_coro_resume(nest.outer);
	assert_null(adx_coro_current());
	trace_add(&nest.trace, '1');
	adx_coro_resume(nest.outer);
	assert_string_equal(nest.trace.steps, "oip1jq");
	assert_ptr_equal(nest.seen_inside_inner, nest.inner);
	assert_ptr_equal(nest.seen_in_outer_after, nest.outer);
	assert_true(adx_coro_finished(nest.inner));
	assert_true(adx_coro_finished(nest.outer));
	adx_coro_destroy(nest.inner);
	adx_coro_destroy(nest.outer);
}

static void deep_entry(void *arg)
{
	volatile uint8_t frame[96 * 1024];
	size_t i;

	for (i = 0; i < sizeof(frame); i += 512)
		frame[i] = (uint8_t)i;
	*(int *)arg = frame[512];
}

static void coroutine_stack_holds_a_large_frame(void **state)
{
	struct adx_coro *coro;
	int result = 0;

	(void)state;
	assert_int_equal(adx_coro_create(&coro, 0, deep_entry, &result), 0);
	adx_coro_resume(coro);
	assert_true(adx_coro_finished(coro));
	assert_int_equal(result, (uint8_t)512);
	adx_coro_destroy(coro);
}

static void many_coroutines_can_be_created_and_destroyed(void **state)
{
	struct trace trace = { .len = 0 };
	struct adx_coro *coro;
	int i;

	(void)state;
	for (i = 0; i < 200; i++) {
		trace.len = 0;
		assert_int_equal(adx_coro_create(&coro, 0, two_step_entry, &trace), 0);
		adx_coro_resume(coro);
		if (i % 2)
			adx_coro_resume(coro); /* finished; the others die suspended */
		adx_coro_destroy(coro);
	}
	assert_string_equal(trace.steps, "ab");
}

static void timed_wait_returns_etimedout_not_before_the_deadline(void **state)
{
	struct adx_mutex mutex;
	struct adx_cond cond;
	uint64_t deadline;
	int ret;

	(void)state;
	assert_int_equal(adx_mutex_init(&mutex), 0);
	assert_int_equal(adx_cond_init(&cond), 0);
	deadline = adx_clock_now_ns() + 5 * MS;
	adx_mutex_lock(&mutex);
	do
		ret = adx_cond_wait_until(&cond, &mutex, deadline);
	while (ret == 0); /* spurious wake-ups are allowed */
	adx_mutex_unlock(&mutex);
	assert_int_equal(ret, -ETIMEDOUT);
	assert_true(adx_clock_now_ns() >= deadline);
	adx_cond_destroy(&cond);
	adx_mutex_destroy(&mutex);
}

struct flag {
	struct adx_mutex mutex;
	struct adx_cond cond;
	bool set;
	pthread_t tid;
	int policy;
};

static void *set_flag(void *arg)
{
	struct flag *flag = arg;
	struct sched_param param;
	int policy;

	pthread_getschedparam(pthread_self(), &policy, &param);
	adx_mutex_lock(&flag->mutex);
	flag->tid = pthread_self();
	flag->policy = policy;
	flag->set = true;
	adx_cond_signal(&flag->cond);
	adx_mutex_unlock(&flag->mutex);
	return NULL;
}

static void run_flag_thread(int fifo_priority, bool *got_fifo, struct flag *flag)
{
	struct adx_thread_params params = { .name = "adx-test-thread-long-name",
					    .fifo_priority = fifo_priority };
	struct adx_thread thread;
	int ret = 0;

	memset(flag, 0, sizeof(*flag));
	assert_int_equal(adx_mutex_init(&flag->mutex), 0);
	assert_int_equal(adx_cond_init(&flag->cond), 0);
	assert_int_equal(adx_thread_create(&thread, &params, set_flag, flag, got_fifo), 0);
	adx_mutex_lock(&flag->mutex);
	while (!flag->set && ret == 0)
		ret = adx_cond_wait_until(&flag->cond, &flag->mutex, adx_deadline_after_ns(10000 * MS));
	adx_mutex_unlock(&flag->mutex);
	assert_true(flag->set);
	assert_false(adx_thread_is_current(&thread));
	assert_true(pthread_equal(thread.impl, flag->tid));
	adx_thread_join(&thread);
	adx_cond_destroy(&flag->cond);
	adx_mutex_destroy(&flag->mutex);
}

static void signal_wakes_a_waiter_on_another_thread(void **state)
{
	struct flag flag;
	bool got_fifo = true;

	(void)state;
	run_flag_thread(0, &got_fifo, &flag);
	assert_false(got_fifo);
	assert_int_equal(flag.policy, SCHED_OTHER);
}

static void fifo_request_reports_the_policy_the_thread_really_has(void **state)
{
	struct flag flag;
	bool got_fifo;

	(void)state;
	run_flag_thread(10, &got_fifo, &flag);
	assert_int_equal(flag.policy, got_fifo ? SCHED_FIFO : SCHED_OTHER);
}

static void sleep_until_does_not_return_before_the_target(void **state)
{
	uint64_t target = adx_clock_now_ns() + 2 * MS;

	(void)state;
	adx_sleep_until_ns(target);
	assert_true(adx_clock_now_ns() >= target);
	adx_sleep_until_ns(target - MS); /* in the past: returns at once */
}

static void deadline_after_saturates_instead_of_wrapping(void **state)
{
	(void)state;
	assert_int_equal(adx_deadline_after_ns(ADX_TIME_FOREVER), ADX_TIME_FOREVER);
	assert_int_equal(adx_deadline_after_ns(ADX_TIME_FOREVER - 1), ADX_TIME_FOREVER);
	assert_true(adx_deadline_after_ns(MS) >= adx_clock_now_ns());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(yield_returns_to_resumer_and_resume_continues_after_it),
		cmocka_unit_test(nested_yield_returns_to_the_inner_resumer),
		cmocka_unit_test(coroutine_stack_holds_a_large_frame),
		cmocka_unit_test(many_coroutines_can_be_created_and_destroyed),
		cmocka_unit_test(timed_wait_returns_etimedout_not_before_the_deadline),
		cmocka_unit_test(signal_wakes_a_waiter_on_another_thread),
		cmocka_unit_test(fifo_request_reports_the_policy_the_thread_really_has),
		cmocka_unit_test(sleep_until_does_not_return_before_the_target),
		cmocka_unit_test(deadline_after_saturates_instead_of_wrapping),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
