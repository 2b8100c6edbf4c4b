// SPDX-License-Identifier: BSD-3-Clause
/*
 * What every part of the scheduler shares, whichever executor runs it:
 * the executor's common state, observer events and the LL lock's per-thread
 * ownership. It calls nothing else in this folder, so the front door
 * (sched.c), the executors and the task lists all depend on it, never the
 * other way round.
 */
#include "adx/platform/log.h"
#include "sched_priv.h"

int adx_exec_init_common(struct adx_exec *exec, const struct adx_exec_ops *ops)
{
	exec->ops = ops;
	return adx_mutex_init(&exec->observer_lock);
}

void adx_exec_destroy_common(struct adx_exec *exec)
{
	adx_mutex_destroy(&exec->observer_lock);
}

void adx_sched_emit(struct adx_sched *sched, enum adx_sched_event_kind kind,
		    uint64_t time_ns, uint64_t tick, const struct adx_dp_task *task)
{
	struct adx_exec *exec = adx_exec_of(sched);
	struct adx_sched_event event = {
		.kind = kind, .time_ns = time_ns, .tick = tick, .task = task,
	};

	adx_mutex_lock(&exec->observer_lock);
	if (sched->observer)
		sched->observer(sched->observer_ctx, &event);
	adx_mutex_unlock(&exec->observer_lock);
}

/* One per thread: its address tells threads apart without an OS call. */
static _Thread_local char thread_tag;

/* Nesting is allowed so that a pipeline change made under the lock can
 * call adx_sched_add_ll(), which takes it too. */
void adx_sched_ll_lock(struct adx_sched *sched)
{
	struct adx_exec *exec = adx_exec_of(sched);

	if (exec->ll_owner == &thread_tag) {
		exec->ll_depth++;
		return;
	}
	exec->ops->ll_lock(sched);
	exec->ll_owner = &thread_tag;
	exec->ll_depth = 1;
}

void adx_sched_ll_unlock(struct adx_sched *sched)
{
	struct adx_exec *exec = adx_exec_of(sched);

	if (exec->ll_owner != &thread_tag) {
		adx_err("sched", "adx_sched_ll_unlock() by a thread not holding the lock");
		return;
	}
	if (--exec->ll_depth)
		return;
	exec->ll_owner = NULL;
	exec->ops->ll_unlock(sched);
}

bool adx_sched_ll_lock_held(const struct adx_sched *sched, const char *call)
{
	if (adx_exec_of(sched)->ll_owner != &thread_tag)
		return false;
	adx_err("sched", "%s() called with the LL lock held", call);
	return true;
}
