// SPDX-License-Identifier: BSD-3-Clause
/* LL tasks: a list run in the order added, once per tick. */
#include <errno.h>

#include "sched_priv.h"

int adx_sched_add_ll(struct adx_sched *sched, struct adx_ll_task *task)
{
	struct adx_ll_task **link;

	if (!task->run || task->sched)
		return task->sched ? -EBUSY : -EINVAL;
	adx_sched_ll_lock(sched);
	for (link = &sched->ll_head; *link; link = &(*link)->next)
		;
	task->next = NULL;
	task->sched = sched;
	*link = task;
	adx_sched_ll_unlock(sched);
	return 0;
}

int adx_sched_remove_ll(struct adx_sched *sched, struct adx_ll_task *task)
{
	struct adx_ll_task **link;

	if (task->sched != sched)
		return -EINVAL;
	/* Taking the LL lock is what waits for a tick in progress. */
	adx_sched_ll_lock(sched);
	for (link = &sched->ll_head; *link != task; link = &(*link)->next)
		;
	*link = task->next;
	task->next = NULL;
	task->sched = NULL;
	adx_sched_ll_unlock(sched);
	return 0;
}

uint64_t adx_ll_run_tasks(struct adx_sched *sched)
{
	struct adx_ll_task *task;
	uint64_t cost_ns = 0;

	for (task = sched->ll_head; task; task = task->next) {
		task->run(task->ctx);
		cost_ns += task->cost_ns;
	}
	return cost_ns;
}
