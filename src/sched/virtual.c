// SPDX-License-Identifier: BSD-3-Clause
/*
 * Virtual time: a discrete-event model of one DSP core.
 *
 * Tick k starts at k * tick (later only if the previous tick's LL work
 * overran it). The LL tasks run in order and charge their cost_ns; the
 * readiness check releases ready DP tasks with release time = the tick's
 * start. The rest of the period, up to the next tick's start, is DP time,
 * handed out earliest deadline first. A cycle may need several periods;
 * each tick's LL work preempts it, and a newly released cycle with an
 * earlier deadline takes the core at the tick boundary. When a cycle's
 * remaining cost reaches zero its code runs, at that instant (virtual_task.c).
 *
 * Nothing here reads a clock or depends on thread timing, so the same
 * tasks and costs give the same event sequence on every run.
 */
#include <errno.h>

#include "virtual_priv.h"

/* A cycle the model finished whose code still has to run (or continue). */
static bool vt_code_pending(const struct adx_dp_task *task)
{
	return adx_dp_in_flight(task) && vt_task_of(task)->model_done;
}

static bool vt_needs_core(const struct adx_dp_task *task)
{
	return adx_dp_in_flight(task) && !vt_task_of(task)->model_done;
}

/* Code of finished cycles comes first: their core time is already spent. */
static struct adx_dp_task *vt_pick(const struct adx_sched *sched)
{
	struct adx_dp_task *task = adx_dp_pick_edf(sched, vt_code_pending);

	return task ? task : adx_dp_pick_edf(sched, vt_needs_core);
}

/* Gives the cycle core time up to `until`; marks it done when its cost is paid. */
static void vt_charge(struct vt_sched *vs, struct vt_task *vt, uint64_t until)
{
	uint64_t slice = vt->remaining_ns;

	if (slice > until - vs->now_ns)
		slice = until - vs->now_ns;
	vs->now_ns += slice;
	vt->remaining_ns -= slice;
	if (!vt->remaining_ns) {
		vt->model_done = true;
		vt->complete_ns = vs->now_ns;
	}
}

/* DP work from now until `until`; 1 when a cycle paused at a yield point. */
static int vt_fill(struct adx_sched *sched, uint64_t until)
{
	struct vt_sched *vs = vt_sched_of(sched);
	struct adx_dp_task *task;
	struct vt_task *vt;

	while ((task = vt_pick(sched))) {
		vt = vt_task_of(task);
		if (!vt->model_done) {
			/* A zero-cost cycle completes even with no time left. */
			if (vt->remaining_ns && vs->now_ns >= until)
				break;
			adx_vt_begin(sched, vt);
			vt_charge(vs, vt, until);
			if (!vt->model_done)
				continue;
		}
		if (!adx_vt_run_code(sched, vt, true))
			return 1;
	}
	if (vs->now_ns < until)
		vs->now_ns = until;
	return 0;
}

static void vt_check_ready(struct adx_sched *sched, uint64_t release_ns)
{
	struct adx_dp_task *task;

	for (task = sched->dp_head; task; task = task->next)
		if (adx_dp_poll_ready(task))
			adx_vt_release(sched, task, release_ns);
}

static void vt_tick(struct adx_sched *sched)
{
	struct vt_sched *vs = vt_sched_of(sched);
	uint64_t tick = vs->next_tick;
	uint64_t start = tick * adx_tick_ns(sched);
	uint64_t cost;

	if (start < vs->now_ns)
		start = vs->now_ns; /* the previous tick's LL work overran */
	vs->now_ns = start;
	vs->next_tick++;
	adx_sched_emit(sched, ADX_SCHED_EV_TICK_START, start, tick, NULL);
	cost = adx_ll_run_tasks(sched);
	vs->now_ns += cost;
	adx_hist_add(&sched->stats.ll_work, cost);
	adx_sched_emit(sched, ADX_SCHED_EV_TICK_END, vs->now_ns, tick, NULL);
	sched->stats.ticks++;
	vt_check_ready(sched, start);
}

static int vt_run_ticks(struct adx_sched *sched, uint64_t ticks)
{
	struct vt_sched *vs = vt_sched_of(sched);

	if (adx_coro_current() || vs->in_direct_cycle)
		return -EDEADLK; /* called from inside a DP cycle */
	/*
	 * Finish the current DP window first: a cycle paused there (by this
	 * call's predecessor or by a step) completes before any LL task of
	 * the next tick can look at its output. With nothing paused this
	 * does nothing: the window's time is already spent.
	 */
	if (vt_fill(sched, vs->fill_until))
		return 1;
	while (ticks--) {
		vt_tick(sched);
		vs->fill_until = vs->next_tick * adx_tick_ns(sched);
		if (vt_fill(sched, vs->fill_until))
			return 1;
	}
	return 0;
}

/* DP work advances only with ticks, so there is nothing to wait for. */
static int vt_drain(struct adx_sched *sched, uint64_t timeout_ns)
{
	(void)sched;
	(void)timeout_ns;
	return 0;
}

static uint64_t vt_now_ns(const struct adx_sched *sched)
{
	return vt_sched_of(sched)->now_ns;
}

static uint64_t vt_tick_count(const struct adx_sched *sched)
{
	return sched->stats.ticks;
}

/* One thread runs everything: there is no LL thread to keep out. */
static void vt_no_ll_thread(struct adx_sched *sched)
{
	(void)sched;
}

static void vt_destroy(struct adx_sched *sched)
{
	struct vt_sched *vs = vt_sched_of(sched);

	adx_exec_destroy_common(&vs->exec);
	adx_plat_free(vs);
}

static const struct adx_exec_ops vt_ops = {
	.destroy = vt_destroy,
	.run_ticks = vt_run_ticks,
	.drain = vt_drain,
	.now_ns = vt_now_ns,
	.tick_count = vt_tick_count,
	.ll_lock = vt_no_ll_thread,
	.ll_unlock = vt_no_ll_thread,
	.add_dp = adx_vt_add_dp,
	.remove_dp = adx_vt_remove_dp,
	.start = adx_vt_start,
	.cancel = adx_vt_cancel,
	.post = adx_vt_post,
#if ADX_TEST_HOOKS
	.step_dp = adx_vt_step_dp,
#endif
};

int adx_exec_virtual_init(struct adx_sched *sched)
{
	struct vt_sched *vs = adx_plat_zalloc(sizeof(*vs));
	int ret;

	if (!vs)
		return -ENOMEM;
	ret = adx_exec_init_common(&vs->exec, &vt_ops);
	if (ret) {
		adx_plat_free(vs);
		return ret;
	}
	sched->impl = vs;
	return 0;
}
