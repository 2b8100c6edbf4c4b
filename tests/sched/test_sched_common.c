// SPDX-License-Identifier: BSD-3-Clause
/*
 * Scheduler properties that hold in both executors: each test runs once
 * in virtual time and once on threads (unpaced, so it is quick).
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sched_test_util.h"

static const struct adx_sched_config virtual_config = {
	.mode = ADX_EXEC_VIRTUAL,
	.tick_us = 1000,
};

static const struct adx_sched_config threads_config = {
	.mode = ADX_EXEC_THREADS,
	.tick_us = 1000,
	.paced = false,
};

static struct adx_sched *new_sched(void **state)
{
	static struct adx_sched sched;

	assert_int_equal(adx_sched_init(&sched, *state), 0);
	return &sched;
}

static bool is_threads(const struct adx_sched *sched)
{
	return sched->config.mode == ADX_EXEC_THREADS;
}

/* ---- LL order ---- */

struct order_log {
	char text[64];
	unsigned int len;
};

struct ll_probe {
	struct order_log *log;
	char id;
};

static void ll_probe_run(void *ctx)
{
	struct ll_probe *probe = ctx;

	if (probe->log->len + 1 < sizeof(probe->log->text))
		probe->log->text[probe->log->len++] = probe->id;
}

static void ll_tasks_run_in_add_order_every_tick(void **state)
{
	struct adx_sched *sched = new_sched(state);
	struct order_log log = { .len = 0 };
	struct ll_probe probes[3] = { { &log, 'a' }, { &log, 'b' }, { &log, 'c' } };
	struct adx_ll_task tasks[3];
	int i;

	for (i = 0; i < 3; i++) {
		tasks[i] = (struct adx_ll_task){ .name = "probe", .run = ll_probe_run,
						 .ctx = &probes[i] };
		assert_int_equal(adx_sched_add_ll(sched, &tasks[i]), 0);
	}
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_string_equal(log.text, "abcabcabc");
	assert_int_equal(adx_sched_remove_ll(sched, &tasks[1]), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 2), 0);
	assert_string_equal(log.text, "abcabcabcacac");
	assert_int_equal(adx_sched_tick_count(sched), 5);
	assert_int_equal(sched->stats.ticks, 5);
	assert_int_equal(sched->stats.ll_work.count, 5);
	adx_sched_destroy(sched);
}

static void tick_events_come_in_start_end_pairs_with_increasing_index(void **state)
{
	static struct event_log log;
	struct adx_sched *sched = new_sched(state);
	unsigned int i;

	log.count = 0;
	adx_sched_set_observer(sched, event_log_record, &log);
	assert_int_equal(adx_sched_run_ticks(sched, 4), 0);
	assert_int_equal(log.count, 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(log.events[i].kind,
				 i % 2 ? ADX_SCHED_EV_TICK_END : ADX_SCHED_EV_TICK_START);
		assert_int_equal(log.events[i].tick, i / 2);
		assert_null(log.events[i].task);
		if (i)
			assert_true(log.events[i].time_ns >= log.events[i - 1].time_ns);
	}
	adx_sched_destroy(sched);
}

/* ---- a DP probe task ---- */

struct dp_probe {
	atomic_bool ready;
	atomic_uint polls;
	atomic_uint cycles;
	atomic_bool in_cycle;
	int cycle_result;
	/* Where the last cycle ran, and where the posted op ran. */
	pthread_t cycle_thread;
	struct adx_coro *cycle_coro;
	pthread_t op_thread;
	struct adx_coro *op_coro;
	bool op_saw_cycle;
};

static bool probe_is_ready(void *ctx)
{
	struct dp_probe *probe = ctx;

	probe->polls++;
	return probe->ready;
}

static int probe_cycle(void *ctx)
{
	struct dp_probe *probe = ctx;

	probe->in_cycle = true;
	probe->cycle_thread = pthread_self();
	probe->cycle_coro = adx_coro_current();
	probe->cycles++;
	probe->in_cycle = false;
	return probe->cycle_result;
}

static int probe_op(void *arg)
{
	struct dp_probe *probe = arg;

	probe->op_thread = pthread_self();
	probe->op_coro = adx_coro_current();
	probe->op_saw_cycle = probe->in_cycle;
	return 42;
}

static void probe_task_init(struct adx_dp_task *task, struct dp_probe *probe)
{
	memset(probe, 0, sizeof(*probe));
	memset(task, 0, sizeof(*task));
	task->name = "probe";
	task->is_ready = probe_is_ready;
	task->run_cycle = probe_cycle;
	task->ctx = probe;
	task->period_us = 1000;
	task->cost_ns = 100 * US;
}

static void dp_task_is_released_only_while_ready(void **state)
{
	static struct event_log log;
	struct adx_sched *sched = new_sched(state);
	struct adx_dp_task task;
	struct dp_probe probe;
	unsigned int cycles;

	log.count = 0;
	probe_task_init(&task, &probe);
	adx_sched_set_observer(sched, event_log_record, &log);
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	assert_int_equal(adx_dp_task_start(&task), 0);

	assert_int_equal(adx_sched_run_ticks(sched, 5), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(probe.polls, 5);
	assert_int_equal(probe.cycles, 0);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_RELEASE, &task), 0);
	assert_int_equal(task.state, ADX_DP_WAITING);

	probe.ready = true;
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	cycles = probe.cycles;
	/* Threads: a cycle still running at the next check is not released again. */
	if (is_threads(sched))
		assert_in_range(cycles, 1, 3);
	else
		assert_int_equal(cycles, 3);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_RELEASE, &task), cycles);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_END, &task), cycles);
	assert_int_equal(task.stats.cycles, cycles);

	probe.ready = false;
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(probe.cycles, cycles);
	adx_sched_destroy(sched);
}

static void stopped_task_is_never_polled_and_cancel_stops_releases(void **state)
{
	struct adx_sched *sched = new_sched(state);
	struct adx_dp_task task;
	struct dp_probe probe;
	unsigned int cycles;

	probe_task_init(&task, &probe);
	probe.ready = true;
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	assert_int_equal(task.state, ADX_DP_STOPPED);
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(probe.polls, 0);
	assert_int_equal(probe.cycles, 0);

	assert_int_equal(adx_dp_task_start(&task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(adx_dp_task_cancel(&task, LONG_WAIT_NS), 0);
	assert_int_equal(task.state, ADX_DP_STOPPED);
	cycles = probe.cycles;
	assert_true(cycles >= 1);

	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(probe.cycles, cycles);
	assert_int_equal(task.state, ADX_DP_STOPPED);
	assert_int_equal(adx_sched_remove_dp(sched, &task, LONG_WAIT_NS), 0);
	assert_null(sched->dp_head);
	adx_sched_destroy(sched);
}

static void posted_op_runs_on_the_dp_context_between_cycles(void **state)
{
	static struct event_log log;
	struct adx_sched *sched = new_sched(state);
	struct adx_dp_task task;
	struct dp_probe probe;

	log.count = 0;
	probe_task_init(&task, &probe);
	probe.ready = true;
	adx_sched_set_observer(sched, event_log_record, &log);
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	assert_int_equal(adx_dp_task_start(&task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 2), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_true(probe.cycles >= 1);

	assert_int_equal(adx_dp_task_post(&task, probe_op, &probe, LONG_WAIT_NS), 42);
	assert_false(probe.op_saw_cycle);
	assert_true(pthread_equal(probe.op_thread, probe.cycle_thread));
	assert_ptr_equal(probe.op_coro, probe.cycle_coro);
	/* Virtual time runs unpausable jobs on the control stack (no coroutine switch). */
	if (is_threads(sched))
		assert_false(pthread_equal(probe.op_thread, pthread_self()));
	assert_int_equal(task.stats.posted_ops, 1);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_OP, &task), 1);
	assert_int_equal(task.state, ADX_DP_WAITING); /* a post does not change the state */
	adx_sched_destroy(sched);
}

static void failing_cycle_is_recorded_and_the_task_keeps_running(void **state)
{
	struct adx_sched *sched = new_sched(state);
	struct adx_dp_task task;
	struct dp_probe probe;

	probe_task_init(&task, &probe);
	probe.ready = true;
	probe.cycle_result = -EIO;
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	assert_int_equal(adx_dp_task_start(&task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 4), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(task.last_error, -EIO);
	assert_true(task.stats.cycles >= 1);
	assert_int_equal(task.state, ADX_DP_WAITING);
	adx_sched_destroy(sched);
}

static void waits_on_dp_are_refused_while_holding_the_ll_lock(void **state)
{
	struct adx_sched *sched = new_sched(state);
	struct order_log log = { .len = 0 };
	struct ll_probe probe = { &log, 'x' };
	struct adx_ll_task ll = { .name = "x", .run = ll_probe_run, .ctx = &probe };
	struct adx_dp_task task;
	struct dp_probe dp;

	probe_task_init(&task, &dp);
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	adx_sched_ll_lock(sched);
	/* Nesting: a pipeline change under the lock may add LL tasks. */
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	assert_int_equal(adx_dp_task_cancel(&task, MS), -EDEADLK);
	assert_int_equal(adx_dp_task_post(&task, probe_op, &dp, MS), -EDEADLK);
	assert_int_equal(adx_sched_remove_dp(sched, &task, MS), -EDEADLK);
	assert_int_equal(adx_sched_run_ticks(sched, 1), -EDEADLK);
	adx_sched_ll_unlock(sched);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_string_equal(log.text, "x");
	adx_sched_destroy(sched);
}

static void bad_arguments_are_rejected(void **state)
{
	struct adx_sched *sched = new_sched(state);
	struct adx_ll_task ll = { .name = "x", .run = ll_probe_run };
	struct adx_dp_task task;
	struct dp_probe probe;

	probe_task_init(&task, &probe);
	assert_int_equal(adx_dp_task_start(&task), -EINVAL);     /* not added */
	assert_int_equal(adx_dp_task_cancel(&task, MS), -EINVAL);
	assert_int_equal(adx_dp_task_post(&task, probe_op, &probe, MS), -EINVAL);
	task.period_us = 1500; /* not a multiple of the tick */
	assert_int_equal(adx_sched_add_dp(sched, &task), -EINVAL);
	task.period_us = 0;
	assert_int_equal(adx_sched_add_dp(sched, &task), -EINVAL);
	task.period_us = 2000;
	assert_int_equal(adx_sched_add_dp(sched, &task), 0);
	assert_int_equal(adx_sched_add_dp(sched, &task), -EBUSY);
	/* Nothing released: there is no cycle to step (and threads never step). */
	assert_int_equal(adx_sched_step_dp(sched, &task), -EINVAL);
	assert_int_equal(adx_sched_remove_ll(sched, &ll), -EINVAL);
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	assert_int_equal(adx_sched_add_ll(sched, &ll), -EBUSY);
	adx_sched_destroy(sched);
	assert_null(ll.sched);
	assert_null(task.sched);
}

#define BOTH(fn)                                                               \
	{ #fn "/virtual", fn, NULL, NULL, (void *)&virtual_config },           \
	{ #fn "/threads", fn, NULL, NULL, (void *)&threads_config }

int main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(ll_tasks_run_in_add_order_every_tick),
		BOTH(tick_events_come_in_start_end_pairs_with_increasing_index),
		BOTH(dp_task_is_released_only_while_ready),
		BOTH(stopped_task_is_never_polled_and_cancel_stops_releases),
		BOTH(posted_op_runs_on_the_dp_context_between_cycles),
		BOTH(failing_cycle_is_recorded_and_the_task_keeps_running),
		BOTH(waits_on_dp_are_refused_while_holding_the_ll_lock),
		BOTH(bad_arguments_are_rejected),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
