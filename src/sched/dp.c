// SPDX-License-Identifier: BSD-3-Clause
/*
 * DP tasks: the bookkeeping both executors share (release, completion,
 * deadline misses, EDF choice) and the public task calls.
 */
#include <errno.h>

#include "sched_priv.h"

static const struct adx_exec_ops *ops_of(const struct adx_sched *sched)
{
	return adx_exec_of(sched)->ops;
}

int adx_sched_add_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	uint32_t tick_us = sched->config.tick_us;
	int ret;

	if (task->sched)
		return -EBUSY;
	if (!task->run_cycle || !task->period_us || task->period_us % tick_us)
		return -EINVAL;
	task->state = ADX_DP_STOPPED;
	task->next = NULL;
	task->sched = sched;
	ret = ops_of(sched)->add_dp(sched, task);
	if (ret)
		task->sched = NULL;
	return ret;
}

int adx_sched_remove_dp(struct adx_sched *sched, struct adx_dp_task *task,
			uint64_t timeout_ns)
{
	int ret;

	if (task->sched != sched)
		return -EINVAL;
	if (adx_sched_ll_lock_held(sched, "adx_sched_remove_dp"))
		return -EDEADLK;
	ret = ops_of(sched)->remove_dp(sched, task, timeout_ns);
	if (!ret) {
		task->sched = NULL;
		task->impl = NULL;
	}
	return ret;
}

int adx_dp_task_start(struct adx_dp_task *task)
{
	if (!task->sched)
		return -EINVAL;
	return ops_of(task->sched)->start(task);
}

int adx_dp_task_cancel(struct adx_dp_task *task, uint64_t timeout_ns)
{
	if (!task->sched)
		return -EINVAL;
	if (adx_sched_ll_lock_held(task->sched, "adx_dp_task_cancel"))
		return -EDEADLK;
	return ops_of(task->sched)->cancel(task, timeout_ns);
}

int adx_dp_task_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg,
		     uint64_t timeout_ns)
{
	if (!task->sched || !op)
		return -EINVAL;
	if (adx_sched_ll_lock_held(task->sched, "adx_dp_task_post"))
		return -EDEADLK;
	return ops_of(task->sched)->post(task, op, arg, timeout_ns);
}

void adx_dp_list_append(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct adx_dp_task **link;

	for (link = &sched->dp_head; *link; link = &(*link)->next)
		;
	*link = task;
}

void adx_dp_list_unlink(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct adx_dp_task **link;

	for (link = &sched->dp_head; *link != task; link = &(*link)->next)
		;
	*link = task->next;
	task->next = NULL;
}

bool adx_dp_poll_ready(const struct adx_dp_task *task)
{
	if (task->state != ADX_DP_WAITING)
		return false;
	return !task->is_ready || task->is_ready(task->ctx);
}

void adx_dp_release(struct adx_sched *sched, struct adx_dp_task *task,
		    uint64_t release_ns, uint64_t tick)
{
	task->release_ns = release_ns;
	task->deadline_ns = release_ns + (uint64_t)task->period_us * ADX_NS_PER_US;
	task->state = ADX_DP_RELEASED;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_RELEASE, release_ns, tick, task);
}

void adx_dp_count_miss(struct adx_sched *sched, struct adx_dp_task *task,
		       uint64_t time_ns, uint64_t tick)
{
	task->stats.deadline_misses++;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_MISS, time_ns, tick, task);
}

void adx_dp_complete(struct adx_sched *sched, struct adx_dp_task *task,
		     const struct adx_dp_outcome *outcome, uint64_t tick)
{
	uint64_t done = outcome->complete_ns;

	task->stats.cycles++;
	adx_hist_add(&task->stats.exec, outcome->exec_ns);
	adx_hist_add(&task->stats.response, done > task->release_ns ? done - task->release_ns : 0);
	if (outcome->result)
		task->last_error = outcome->result;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_END, done, tick, task);
	if (!outcome->miss_counted && done > task->deadline_ns)
		adx_dp_count_miss(sched, task, done, tick);
}

/* Does a come before b in EDF order (ties: earlier release)? */
static bool edf_before(const struct adx_dp_task *a, const struct adx_dp_task *b)
{
	if (a->deadline_ns != b->deadline_ns)
		return a->deadline_ns < b->deadline_ns;
	return a->release_ns < b->release_ns;
}

struct adx_dp_task *adx_dp_pick_edf(const struct adx_sched *sched,
				    bool (*eligible)(const struct adx_dp_task *task))
{
	struct adx_dp_task *best = NULL;
	struct adx_dp_task *task;

	/* Strict comparison: among equals the first in list order wins. */
	for (task = sched->dp_head; task; task = task->next)
		if (eligible(task) && (!best || edf_before(task, best)))
			best = task;
	return best;
}
