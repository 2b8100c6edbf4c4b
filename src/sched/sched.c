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
#if ADX_SCHED_THREADS
		return adx_exec_threads_init(sched);
#else
		return -ENOTSUP; /* built without it (ADX_SCHED_THREADS=OFF) */
#endif
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

#if ADX_TEST_HOOKS
int adx_sched_step_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	if (task->sched != sched)
		return -EINVAL;
	return ops_of(sched)->step_dp(sched, task);
}
#endif
