// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads executor, DP side: one thread per DP task and a dispatcher that
 * models one DSP core. The core is a token (core_owner) guarded by
 * dp_lock; a DP thread runs only while it holds it, so exactly one cycle
 * or posted op runs at a time. When the token comes free it goes to a
 * pending posted op first (the control thread is waiting for it), else to
 * the released cycle with the earliest deadline; the chosen thread is woken
 * on its own condition variable, the others stay asleep.
 *
 * Nobody spins: DP threads, cancel, post and drain all block on condition
 * variables, with timeouts where the API has them.
 */
#include <errno.h>

#include "threads_priv.h"

static bool th_has_op(const struct adx_dp_task *task)
{
	return th_task_of(task)->op_pending;
}

static bool th_released(const struct adx_dp_task *task)
{
	return task->state == ADX_DP_RELEASED;
}

void adx_th_dispatch(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);
	struct adx_dp_task *task;

	if (th->core_owner)
		return;
	task = adx_dp_pick_edf(sched, th_has_op);
	if (!task)
		task = adx_dp_pick_edf(sched, th_released);
	if (!task)
		return;
	th->core_owner = task;
	th_task_of(task)->granted = true;
	adx_cond_signal(&th_task_of(task)->wake);
}

void adx_th_release(struct adx_sched *sched, struct adx_dp_task *task, uint64_t release_ns)
{
	th_task_of(task)->miss_counted = false;
	adx_dp_release(sched, task, release_ns, adx_th_current_tick(sched));
}

/* dp_lock held on entry and exit, dropped while the op runs. */
static void th_run_op(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);
	int result;

	tt->op_started = true;
	adx_mutex_unlock(&th->dp_lock);
	result = tt->op(tt->op_arg);
	adx_mutex_lock(&th->dp_lock);
	tt->op_result = result;
	tt->op_pending = false;
	tt->op_started = false;
	task->stats.posted_ops++;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_OP, adx_th_now_ns(sched),
		       adx_th_current_tick(sched), task);
}

/* dp_lock held on entry and exit, dropped while the cycle runs. */
static void th_run_cycle(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);
	struct adx_dp_outcome outcome;
	uint64_t exec_start;

	task->state = ADX_DP_RUNNING;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_START, adx_th_now_ns(sched),
		       adx_th_current_tick(sched), task);
	adx_mutex_unlock(&th->dp_lock);
	exec_start = adx_clock_now_ns();
	outcome.result = task->run_cycle(task->ctx);
	outcome.exec_ns = adx_clock_now_ns() - exec_start;
	adx_mutex_lock(&th->dp_lock);
	outcome.complete_ns = adx_th_now_ns(sched);
	outcome.miss_counted = tt->miss_counted;
	adx_dp_complete(sched, task, &outcome, adx_th_current_tick(sched));
	adx_dp_settle(task, tt->cancelling);
	tt->cancelling = false;
}

static void *th_dp_main(void *arg)
{
	struct adx_dp_task *task = arg;
	struct adx_sched *sched = task->sched;
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);

	adx_mutex_lock(&th->dp_lock);
	for (;;) {
		while (!tt->granted && !tt->quit)
			adx_cond_wait(&tt->wake, &th->dp_lock);
		if (!tt->granted)
			break;
		if (tt->op_pending)
			th_run_op(sched, task);
		else if (task->state == ADX_DP_RELEASED)
			th_run_cycle(sched, task);
		tt->granted = false;
		th->core_owner = NULL;
		adx_cond_broadcast(&th->dp_done_cv);
		adx_th_dispatch(sched);
	}
	adx_mutex_unlock(&th->dp_lock);
	return NULL;
}

/* dp_lock held: waits on dp_done_cv while `busy` holds for the task, up to limit. */
static int th_wait_while(struct adx_sched *sched, struct adx_dp_task *task,
			 bool (*busy)(const struct adx_sched *sched, const struct adx_dp_task *task),
			 uint64_t limit)
{
	struct th_sched *th = th_sched_of(sched);

	while (busy(sched, task))
		if (adx_cond_wait_until(&th->dp_done_cv, &th->dp_lock, limit) &&
		    busy(sched, task))
			return -ETIMEDOUT;
	return 0;
}

static bool th_cycle_busy(const struct adx_sched *sched, const struct adx_dp_task *task)
{
	(void)sched;
	return adx_dp_in_flight(task);
}

static bool th_op_busy(const struct adx_sched *sched, const struct adx_dp_task *task)
{
	(void)sched;
	return th_task_of(task)->op_pending;
}

static bool th_any_busy(const struct adx_sched *sched, const struct adx_dp_task *unused)
{
	const struct adx_dp_task *task;

	(void)unused;
	for (task = sched->dp_head; task; task = task->next)
		if (adx_dp_in_flight(task))
			return true;
	return false;
}

int adx_th_drain(struct adx_sched *sched, uint64_t timeout_ns)
{
	struct th_sched *th = th_sched_of(sched);
	int ret;

	adx_mutex_lock(&th->dp_lock);
	ret = th_wait_while(sched, NULL, th_any_busy, adx_deadline_after_ns(timeout_ns));
	adx_mutex_unlock(&th->dp_lock);
	return ret;
}

int adx_th_start(struct adx_dp_task *task)
{
	struct th_sched *th = th_sched_of(task->sched);

	adx_mutex_lock(&th->dp_lock);
	th_task_of(task)->cancelling = false;
	if (task->state == ADX_DP_STOPPED)
		task->state = ADX_DP_WAITING;
	adx_mutex_unlock(&th->dp_lock);
	return 0;
}

int adx_th_cancel(struct adx_dp_task *task, uint64_t timeout_ns)
{
	struct adx_sched *sched = task->sched;
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);
	int ret;

	if (adx_thread_is_current(&tt->thread))
		return -EDEADLK;
	adx_mutex_lock(&th->dp_lock);
	if (adx_dp_in_flight(task)) {
		/* The DP thread turns the task STOPPED when this cycle ends. */
		tt->cancelling = true;
		ret = th_wait_while(sched, task, th_cycle_busy, adx_deadline_after_ns(timeout_ns));
	} else {
		task->state = ADX_DP_STOPPED;
		tt->cancelling = false;
		ret = 0;
	}
	adx_mutex_unlock(&th->dp_lock);
	return ret;
}

int adx_th_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg, uint64_t timeout_ns)
{
	struct adx_sched *sched = task->sched;
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);
	int ret;

	if (adx_thread_is_current(&tt->thread))
		return -EDEADLK;
	adx_mutex_lock(&th->dp_lock);
	tt->op = op;
	tt->op_arg = arg;
	tt->op_pending = true;
	adx_th_dispatch(sched);
	ret = th_wait_while(sched, task, th_op_busy, adx_deadline_after_ns(timeout_ns));
	if (ret && !tt->op_started) {
		/* Withdrawn: it never runs after the caller was told it timed out. */
		tt->op_pending = false;
		tt->op = NULL;
		tt->op_arg = NULL;
	} else {
		/* Begun before the timeout: it ends, and its result is the answer. */
		th_wait_while(sched, task, th_op_busy, ADX_TIME_FOREVER);
		ret = tt->op_result;
	}
	adx_mutex_unlock(&th->dp_lock);
	return ret;
}

int adx_th_add_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct th_sched *th = th_sched_of(sched);
	struct adx_thread_params params = {
		.name = task->name,
		.fifo_priority = th->dp_fifo_priority,
	};
	struct th_task *tt = adx_plat_zalloc(sizeof(*tt));
	int ret;

	if (!tt)
		return -ENOMEM;
	ret = adx_cond_init(&tt->wake);
	if (ret)
		goto fail_cond;
	task->impl = tt;
	ret = adx_thread_create(&tt->thread, &params, th_dp_main, task, NULL);
	if (ret)
		goto fail_thread;
	adx_sched_ll_lock(sched);
	adx_mutex_lock(&th->dp_lock);
	adx_dp_list_append(sched, task);
	adx_mutex_unlock(&th->dp_lock);
	adx_sched_ll_unlock(sched);
	return 0;

fail_thread:
	task->impl = NULL;
	adx_cond_destroy(&tt->wake);
fail_cond:
	adx_plat_free(tt);
	return ret;
}

int adx_th_remove_dp(struct adx_sched *sched, struct adx_dp_task *task, uint64_t timeout_ns)
{
	struct th_sched *th = th_sched_of(sched);
	struct th_task *tt = th_task_of(task);
	int ret;

	ret = adx_th_cancel(task, timeout_ns);
	if (ret)
		return ret;
	adx_sched_ll_lock(sched);
	adx_mutex_lock(&th->dp_lock);
	adx_dp_list_unlink(sched, task);
	tt->quit = true;
	adx_cond_signal(&tt->wake);
	adx_mutex_unlock(&th->dp_lock);
	adx_sched_ll_unlock(sched);
	adx_thread_join(&tt->thread);
	adx_cond_destroy(&tt->wake);
	adx_plat_free(tt);
	return 0;
}
