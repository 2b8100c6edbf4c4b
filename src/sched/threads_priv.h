/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The threads executor's state, shared by the LL side (threads.c) and the
 * DP dispatcher (threads_dp.c).
 *
 * Locks, always taken in this order:
 *   ll_mutex     held by the LL thread for a whole tick, by the control
 *                thread around LL and list changes (adx_sched_ll_lock);
 *   dp_lock      the dispatcher: DP states, the core token, posted ops,
 *                DP stats, the DP list walk of the dispatcher;
 *   observer     (struct adx_exec) around each observer call.
 * grant_lock stands alone: it only hands ticks from control to LL.
 */
#ifndef ADX_SCHED_THREADS_PRIV_H
#define ADX_SCHED_THREADS_PRIV_H

#include <stdatomic.h>

#include "sched_priv.h"

struct th_sched {
	struct adx_exec exec;          /* first: sched->impl points here */
	struct adx_mutex ll_mutex;

	struct adx_mutex grant_lock;
	struct adx_cond grant_cv;      /* LL thread: ticks were granted, or quit */
	struct adx_cond ticks_done_cv; /* control: granted ticks have run */
	uint64_t granted;              /* ticks granted since init (grant_lock) */
	uint64_t done;                 /* ticks run since init (grant_lock) */
	bool quit;
	struct adx_thread ll_thread;

	struct adx_mutex dp_lock;
	struct adx_cond dp_done_cv;    /* a DP cycle or op ended */
	struct adx_dp_task *core_owner; /* the one task allowed to run (dp_lock) */
	int dp_fifo_priority;          /* 0: DP threads use normal scheduling */

	uint64_t start_ns;             /* monotonic time of init: paced time zero */
	uint64_t next_target_ns;       /* LL thread: monotonic start of the next paced tick */
	_Atomic uint64_t tick_time_ns; /* scheduler time of the latest tick */
	_Atomic uint64_t ticks_started; /* readable from any thread, like the next two */
	_Atomic uint64_t ticks;        /* ticks ended */
};

struct th_task {
	struct adx_thread thread;
	struct adx_cond wake;          /* granted the core, or quit */
	bool granted;                  /* dp_lock, like every field below */
	bool quit;
	bool cancelling;
	bool miss_counted;             /* back-pressure already counted this cycle's miss */
	bool op_pending;
	bool op_started;               /* the DP thread has begun the pending op */
	int (*op)(void *arg);
	void *op_arg;
	int op_result;
};

static inline struct th_sched *th_sched_of(const struct adx_sched *sched)
{
	return (struct th_sched *)sched->impl;
}

static inline struct th_task *th_task_of(const struct adx_dp_task *task)
{
	return task->impl;
}

/* Scheduler time: wall time since init when paced, the latest tick's logical time if not. */
static inline uint64_t adx_th_now_ns(const struct adx_sched *sched)
{
	const struct th_sched *th = th_sched_of(sched);

	if (sched->config.paced)
		return adx_clock_now_ns() - th->start_ns;
	return th->tick_time_ns;
}

/* The tick events are attributed to: the latest one started. */
static inline uint64_t adx_th_current_tick(const struct adx_sched *sched)
{
	uint64_t started = th_sched_of(sched)->ticks_started;

	return started ? started - 1 : 0;
}

/* dp_lock held: WAITING -> RELEASED; the core is handed out by adx_th_dispatch(). */
void adx_th_release(struct adx_sched *sched, struct adx_dp_task *task, uint64_t release_ns);
/* dp_lock held: gives the core, when free, to a pending op, else to EDF's choice. */
void adx_th_dispatch(struct adx_sched *sched);

int adx_th_drain(struct adx_sched *sched, uint64_t timeout_ns);
int adx_th_add_dp(struct adx_sched *sched, struct adx_dp_task *task);
int adx_th_remove_dp(struct adx_sched *sched, struct adx_dp_task *task, uint64_t timeout_ns);
int adx_th_start(struct adx_dp_task *task);
int adx_th_cancel(struct adx_dp_task *task, uint64_t timeout_ns);
int adx_th_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg, uint64_t timeout_ns);

#endif
