/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the scheduler's files share: the executor interface, the common DP
 * bookkeeping (release, completion, EDF choice) and the yield-point hook.
 * Not a public header: nothing outside src/sched includes it.
 */
#ifndef ADX_SCHED_PRIV_H
#define ADX_SCHED_PRIV_H

#include <stdatomic.h>

#include "adx/platform/platform.h"
#include "adx/sched/sched.h"

#define ADX_NS_PER_US 1000ull

/* One executor's implementation; sched.c checks arguments, then calls these. */
struct adx_exec_ops {
	void (*destroy)(struct adx_sched *sched);
	int (*run_ticks)(struct adx_sched *sched, uint64_t ticks);
	int (*drain)(struct adx_sched *sched, uint64_t timeout_ns);
	uint64_t (*now_ns)(const struct adx_sched *sched);
	uint64_t (*tick_count)(const struct adx_sched *sched);
	/* Called on the outermost adx_sched_ll_lock()/unlock() only. */
	void (*ll_lock)(struct adx_sched *sched);
	void (*ll_unlock)(struct adx_sched *sched);
	/* Creates the task's context and links it; unlinks and frees it after a cancel. */
	int (*add_dp)(struct adx_sched *sched, struct adx_dp_task *task);
	int (*remove_dp)(struct adx_sched *sched, struct adx_dp_task *task, uint64_t timeout_ns);
	int (*start)(struct adx_dp_task *task);
	int (*cancel)(struct adx_dp_task *task, uint64_t timeout_ns);
	int (*post)(struct adx_dp_task *task, int (*op)(void *arg), void *arg,
		    uint64_t timeout_ns);
#if ADX_TEST_HOOKS
	int (*step_dp)(struct adx_sched *sched, struct adx_dp_task *task);
#endif
};

/* The first member of every executor's private state (sched->impl). */
struct adx_exec {
	const struct adx_exec_ops *ops;
	/* Observer calls come from the LL and DP threads; one at a time. */
	struct adx_mutex observer_lock;
	/*
	 * Which thread holds adx_sched_ll_lock() (a per-thread tag, NULL: none)
	 * and how deep; the depth is touched only by that thread. Tracking the
	 * owner, not just a count, keeps the nesting and the misuse checks
	 * right when the IPC thread is not the one calling run_ticks.
	 */
	_Atomic(const void *) ll_owner;
	unsigned int ll_depth;
};

int adx_exec_virtual_init(struct adx_sched *sched);
int adx_exec_threads_init(struct adx_sched *sched);
int adx_exec_init_common(struct adx_exec *exec, const struct adx_exec_ops *ops);
void adx_exec_destroy_common(struct adx_exec *exec);

static inline struct adx_exec *adx_exec_of(const struct adx_sched *sched)
{
	return sched->impl;
}

static inline uint64_t adx_tick_ns(const struct adx_sched *sched)
{
	return (uint64_t)sched->config.tick_us * ADX_NS_PER_US;
}

static inline bool adx_dp_in_flight(const struct adx_dp_task *task)
{
	int state = task->state;

	return state == ADX_DP_RELEASED || state == ADX_DP_RUNNING;
}

/*
 * Waiting for DP with the LL lock held would stall every LL tick behind
 * the wait: refused with -EDEADLK (and logged) in both executors alike.
 */
bool adx_sched_ll_lock_held(const struct adx_sched *sched, const char *call);

void adx_sched_emit(struct adx_sched *sched, enum adx_sched_event_kind kind,
		    uint64_t time_ns, uint64_t tick, const struct adx_dp_task *task);

/* Runs every LL task once, in order; returns the virtual cost they charge. */
uint64_t adx_ll_run_tasks(struct adx_sched *sched);

/* Both list edits happen with the LL side locked out by the executor. */
void adx_dp_list_append(struct adx_sched *sched, struct adx_dp_task *task);
void adx_dp_list_unlink(struct adx_sched *sched, struct adx_dp_task *task);

/* True when a started task reports ready (is_ready NULL: always ready). */
bool adx_dp_poll_ready(const struct adx_dp_task *task);
/* WAITING -> RELEASED with deadline = release_ns + period. */
void adx_dp_release(struct adx_sched *sched, struct adx_dp_task *task,
		    uint64_t release_ns, uint64_t tick);

/* How a cycle ended, as the executor measured it. */
struct adx_dp_outcome {
	uint64_t complete_ns;  /* scheduler time */
	uint64_t exec_ns;      /* virtual cost or wall time */
	int result;            /* run_cycle()'s return */
	bool miss_counted;     /* the executor already counted this cycle's miss */
};
/* Counts a cycle's deadline miss once and reports it. */
void adx_dp_count_miss(struct adx_sched *sched, struct adx_dp_task *task,
		       uint64_t time_ns, uint64_t tick);
/* Stats and events for a finished cycle; the executor then sets the state. */
void adx_dp_complete(struct adx_sched *sched, struct adx_dp_task *task,
		     const struct adx_dp_outcome *outcome, uint64_t tick);
/* STOPPED after a cancel, else back to WAITING. */
static inline void adx_dp_settle(struct adx_dp_task *task, bool cancelling)
{
	task->state = cancelling ? ADX_DP_STOPPED : ADX_DP_WAITING;
}

/*
 * Earliest deadline first among tasks `eligible` accepts; ties go to the
 * earlier release, then to the task added first, so the choice is
 * deterministic.
 */
struct adx_dp_task *adx_dp_pick_edf(const struct adx_sched *sched,
				    bool (*eligible)(const struct adx_dp_task *task));

/*
 * The context adx_yield_point() reports to: set by the virtual executor
 * around each resume of a DP coroutine, NULL everywhere else.
 */
struct adx_yield_ctx {
	void (*reached)(struct adx_yield_ctx *ctx, const char *site);
};
/* Installs ctx for this thread; returns the one it replaces. */
struct adx_yield_ctx *adx_yield_ctx_swap(struct adx_yield_ctx *ctx);

#endif
