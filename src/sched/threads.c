// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads executor, LL side: the LL thread, the control thread's grants of
 * ticks, pacing and the unpaced back-pressure.
 *
 * Paced, tick k of a run starts at an absolute monotonic target and the
 * targets advance by exactly one period, so sleeps never accumulate drift;
 * after an idle gap between grants the schedule restarts at the first
 * granted tick instead of bursting to catch up. Lateness goes to ll_jitter.
 *
 * Unpaced, scheduler time is logical (tick index * period): results do not
 * depend on machine speed. Ticks run back to back, except that before a
 * tick whose time reaches a released cycle's deadline the LL thread waits,
 * at most dp_wait_ns of wall time in total, for such cycles; what is still
 * unfinished then is counted as a miss and a dp_wait_timeout.
 */
#include <errno.h>

#include "threads_priv.h"

/*
 * LL outranks DP; both sit above the kernel's threaded interrupts (50).
 * The host's control thread keeps normal scheduling, so with FIFO granted
 * DP outranks it, unlike firmware's IPC thread; with several host cores
 * that changes no result, only which core runs what.
 */
#define LL_FIFO_PRIORITY 80
#define DP_FIFO_PRIORITY 70

static void th_ll_lock(struct adx_sched *sched)
{
	adx_mutex_lock(&th_sched_of(sched)->ll_mutex);
}

static void th_ll_unlock(struct adx_sched *sched)
{
	adx_mutex_unlock(&th_sched_of(sched)->ll_mutex);
}

/* Blocks until a tick is granted; false when the executor shuts down. */
static bool th_wait_grant(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);
	bool idle = false;
	bool run;

	adx_mutex_lock(&th->grant_lock);
	while (th->done == th->granted && !th->quit) {
		idle = true;
		adx_cond_wait(&th->grant_cv, &th->grant_lock);
	}
	run = !th->quit;
	adx_mutex_unlock(&th->grant_lock);
	if (idle && th->next_target_ns < adx_clock_now_ns())
		th->next_target_ns = adx_clock_now_ns();
	return run;
}

/* Sleeps until the tick's target; returns its scheduler time. */
static uint64_t th_pace(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);
	uint64_t target = th->next_target_ns;
	uint64_t now;

	adx_sleep_until_ns(target);
	now = adx_clock_now_ns();
	adx_hist_add(&sched->stats.ll_jitter, now > target ? now - target : 0);
	th->next_target_ns = target + adx_tick_ns(sched);
	return target - th->start_ns;
}

/* A released cycle due by `time` whose miss is not yet counted (dp_lock held). */
static struct adx_dp_task *th_overdue(const struct adx_sched *sched, uint64_t time)
{
	struct adx_dp_task *task;

	for (task = sched->dp_head; task; task = task->next)
		if (adx_dp_in_flight(task) && !th_task_of(task)->miss_counted &&
		    task->deadline_ns <= time)
			return task;
	return NULL;
}

static void th_back_pressure(struct adx_sched *sched, uint64_t time, uint64_t tick)
{
	struct th_sched *th = th_sched_of(sched);
	uint64_t limit = adx_deadline_after_ns(sched->config.dp_wait_ns);
	struct adx_dp_task *task;

	adx_mutex_lock(&th->dp_lock);
	while ((task = th_overdue(sched, time))) {
		if (adx_clock_now_ns() < limit) {
			adx_cond_wait_until(&th->dp_done_cv, &th->dp_lock, limit);
			continue;
		}
		th_task_of(task)->miss_counted = true;
		sched->stats.dp_wait_timeouts++;
		adx_dp_count_miss(sched, task, time, tick);
	}
	adx_mutex_unlock(&th->dp_lock);
}

/*
 * Releases every ready task, then hands out the core once: tasks released
 * in the same tick compete by deadline, not by their place in the list.
 */
static void th_check_ready(struct adx_sched *sched, uint64_t time)
{
	struct th_sched *th = th_sched_of(sched);
	struct adx_dp_task *task;

	for (task = sched->dp_head; task; task = task->next) {
		if (!adx_dp_poll_ready(task))
			continue;
		adx_mutex_lock(&th->dp_lock);
		/* A cancel may have stopped it since the poll. */
		if (task->state == ADX_DP_WAITING)
			adx_th_release(sched, task, time);
		adx_mutex_unlock(&th->dp_lock);
	}
	adx_mutex_lock(&th->dp_lock);
	adx_th_dispatch(sched);
	adx_mutex_unlock(&th->dp_lock);
}

static void th_tick(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);
	uint64_t tick = th->ticks;
	uint64_t time;
	uint64_t work_start;

	if (sched->config.paced) {
		time = th_pace(sched);
	} else {
		time = tick * adx_tick_ns(sched);
		th_back_pressure(sched, time, tick);
	}
	adx_mutex_lock(&th->ll_mutex);
	th->tick_time_ns = time;
	th->ticks_started = tick + 1;
	adx_sched_emit(sched, ADX_SCHED_EV_TICK_START, time, tick, NULL);
	work_start = adx_clock_now_ns();
	adx_ll_run_tasks(sched);
	th_check_ready(sched, time);
	adx_hist_add(&sched->stats.ll_work, adx_clock_now_ns() - work_start);
	adx_sched_emit(sched, ADX_SCHED_EV_TICK_END, adx_th_now_ns(sched), tick, NULL);
	sched->stats.ticks++;
	th->ticks = tick + 1;
	adx_mutex_unlock(&th->ll_mutex);
}

static void *th_ll_main(void *arg)
{
	struct adx_sched *sched = arg;
	struct th_sched *th = th_sched_of(sched);

	while (th_wait_grant(sched)) {
		th_tick(sched);
		adx_mutex_lock(&th->grant_lock);
		th->done++;
		adx_cond_signal(&th->ticks_done_cv);
		adx_mutex_unlock(&th->grant_lock);
	}
	return NULL;
}

static int th_run_ticks(struct adx_sched *sched, uint64_t ticks)
{
	struct th_sched *th = th_sched_of(sched);
	uint64_t target;

	if (adx_thread_is_current(&th->ll_thread))
		return -EDEADLK;
	adx_mutex_lock(&th->grant_lock);
	th->granted += ticks;
	target = th->granted;
	adx_cond_signal(&th->grant_cv);
	while (th->done < target)
		adx_cond_wait(&th->ticks_done_cv, &th->grant_lock);
	adx_mutex_unlock(&th->grant_lock);
	return 0;
}

static uint64_t th_tick_count(const struct adx_sched *sched)
{
	return th_sched_of(sched)->ticks;
}

#if ADX_TEST_HOOKS
static int th_step_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	(void)sched;
	(void)task;
	return -EINVAL; /* virtual time only */
}
#endif

static int th_sync_init(struct th_sched *th)
{
	if (adx_mutex_init(&th->ll_mutex))
		goto fail;
	if (adx_mutex_init(&th->grant_lock))
		goto fail_grant_lock;
	if (adx_cond_init(&th->grant_cv))
		goto fail_grant_cv;
	if (adx_cond_init(&th->ticks_done_cv))
		goto fail_ticks_done_cv;
	if (adx_mutex_init(&th->dp_lock))
		goto fail_dp_lock;
	if (adx_cond_init(&th->dp_done_cv))
		goto fail_dp_done_cv;
	return 0;

fail_dp_done_cv:
	adx_mutex_destroy(&th->dp_lock);
fail_dp_lock:
	adx_cond_destroy(&th->ticks_done_cv);
fail_ticks_done_cv:
	adx_cond_destroy(&th->grant_cv);
fail_grant_cv:
	adx_mutex_destroy(&th->grant_lock);
fail_grant_lock:
	adx_mutex_destroy(&th->ll_mutex);
fail:
	return -ENOMEM;
}

static void th_sync_destroy(struct th_sched *th)
{
	adx_cond_destroy(&th->dp_done_cv);
	adx_mutex_destroy(&th->dp_lock);
	adx_cond_destroy(&th->ticks_done_cv);
	adx_cond_destroy(&th->grant_cv);
	adx_mutex_destroy(&th->grant_lock);
	adx_mutex_destroy(&th->ll_mutex);
}

static void th_destroy(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);

	adx_mutex_lock(&th->grant_lock);
	th->quit = true;
	adx_cond_signal(&th->grant_cv);
	adx_mutex_unlock(&th->grant_lock);
	adx_thread_join(&th->ll_thread);
	th_sync_destroy(th);
	adx_exec_destroy_common(&th->exec);
	adx_plat_free(th);
}

static const struct adx_exec_ops th_ops = {
	.destroy = th_destroy,
	.run_ticks = th_run_ticks,
	.drain = adx_th_drain,
	.now_ns = adx_th_now_ns,
	.tick_count = th_tick_count,
	.ll_lock = th_ll_lock,
	.ll_unlock = th_ll_unlock,
	.add_dp = adx_th_add_dp,
	.remove_dp = adx_th_remove_dp,
	.start = adx_th_start,
	.cancel = adx_th_cancel,
	.post = adx_th_post,
#if ADX_TEST_HOOKS
	.step_dp = th_step_dp,
#endif
};

static int th_start_ll_thread(struct adx_sched *sched)
{
	struct th_sched *th = th_sched_of(sched);
	struct adx_thread_params params = {
		.name = "adx-ll",
		.fifo_priority = sched->config.try_fifo ? LL_FIFO_PRIORITY : 0,
	};
	bool fifo = false;
	int ret;

	ret = adx_thread_create(&th->ll_thread, &params, th_ll_main, sched, &fifo);
	sched->stats.fifo = fifo;
	th->dp_fifo_priority = fifo ? DP_FIFO_PRIORITY : 0;
	return ret;
}

int adx_exec_threads_init(struct adx_sched *sched)
{
	struct th_sched *th = adx_plat_zalloc(sizeof(*th));
	int ret;

	if (!th)
		return -ENOMEM;
	ret = adx_exec_init_common(&th->exec, &th_ops);
	if (ret)
		goto fail_common;
	ret = th_sync_init(th);
	if (ret)
		goto fail_sync;
	th->start_ns = adx_clock_now_ns();
	th->next_target_ns = th->start_ns;
	sched->impl = th;
	ret = th_start_ll_thread(sched);
	if (ret)
		goto fail_thread;
	return 0;

fail_thread:
	sched->impl = NULL;
	th_sync_destroy(th);
fail_sync:
	adx_exec_destroy_common(&th->exec);
fail_common:
	adx_plat_free(th);
	return ret;
}
