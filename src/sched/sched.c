// SPDX-License-Identifier: BSD-3-Clause
/*
 * The scheduler's front door: configuration, argument checks, task lists
 * and the observer, then a call into the executor the config chose.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "sched_priv.h"

#define DP_WAIT_NS_DEFAULT (50ull * 1000 * 1000)

static const struct adx_exec_ops *ops_of(const struct adx_sched *sched)
{
	return adx_exec_of(sched)->ops;
}

int adx_exec_init_common(struct adx_exec *exec, const struct adx_exec_ops *ops)
{
	exec->ops = ops;
	return adx_mutex_init(&exec->observer_lock);
}

void adx_exec_destroy_common(struct adx_exec *exec)
{
	adx_mutex_destroy(&exec->observer_lock);
}

int adx_sched_init(struct adx_sched *sched, const struct adx_sched_config *config)
{
	memset(sched, 0, sizeof(*sched));
	sched->config = *config;
	if (!sched->config.tick_us)
		sched->config.tick_us = ADX_SCHED_TICK_US_DEFAULT;
	if (!sched->config.dp_wait_ns)
		sched->config.dp_wait_ns = DP_WAIT_NS_DEFAULT;
	switch (config->mode) {
	case ADX_EXEC_VIRTUAL:
		return adx_exec_virtual_init(sched);
	case ADX_EXEC_THREADS:
		return adx_exec_threads_init(sched);
	}
	return -EINVAL;
}

void adx_sched_destroy(struct adx_sched *sched)
{
	struct adx_ll_task *ll;

	if (!sched->impl)
		return;
	while (sched->dp_head)
		adx_sched_remove_dp(sched, sched->dp_head, ADX_TIME_FOREVER);
	for (ll = sched->ll_head; ll; ll = ll->next)
		ll->sched = NULL;
	sched->ll_head = NULL;
	ops_of(sched)->destroy(sched);
	sched->impl = NULL;
}

void adx_sched_set_observer(struct adx_sched *sched, adx_sched_observer_fn fn, void *ctx)
{
	struct adx_exec *exec = adx_exec_of(sched);

	adx_mutex_lock(&exec->observer_lock);
	sched->observer = fn;
	sched->observer_ctx = ctx;
	adx_mutex_unlock(&exec->observer_lock);
}

#if ADX_TEST_HOOKS
void adx_sched_set_yield_hook(struct adx_sched *sched, adx_yield_hook_fn fn, void *ctx)
{
	sched->yield_hook = fn;
	sched->yield_ctx = ctx;
}
#endif

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

int adx_sched_run_ticks(struct adx_sched *sched, uint64_t ticks)
{
	if (adx_sched_ll_lock_held(sched, "adx_sched_run_ticks"))
		return -EDEADLK;
	return ops_of(sched)->run_ticks(sched, ticks);
}

int adx_sched_drain(struct adx_sched *sched, uint64_t timeout_ns)
{
	return ops_of(sched)->drain(sched, timeout_ns);
}

uint64_t adx_sched_now_ns(const struct adx_sched *sched)
{
	return ops_of(sched)->now_ns(sched);
}

uint64_t adx_sched_tick_count(const struct adx_sched *sched)
{
	return ops_of(sched)->tick_count(sched);
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
	ops_of(sched)->ll_lock(sched);
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
	ops_of(sched)->ll_unlock(sched);
}

bool adx_sched_ll_lock_held(const struct adx_sched *sched, const char *call)
{
	if (adx_exec_of(sched)->ll_owner != &thread_tag)
		return false;
	adx_err("sched", "%s() called with the LL lock held", call);
	return true;
}

#if ADX_TEST_HOOKS
int adx_sched_step_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	if (task->sched != sched)
		return -EINVAL;
	return ops_of(sched)->step_dp(sched, task);
}
#endif
