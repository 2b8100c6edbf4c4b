/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtual-time executor's state, shared by its model (virtual.c) and
 * its per-task coroutines (virtual_task.c).
 *
 * A released cycle lives two lives. In the model it needs cost_ns of core
 * time, handed out by the fill loop between LL ticks (remaining_ns counts
 * down; model_done when it reaches zero at complete_ns). Its code runs in
 * the task's coroutine only then, at the completion instant, so nothing the
 * cycle writes is visible before the model says the cycle is done. in_code
 * marks a cycle whose code began and was paused at a yield point.
 */
#ifndef ADX_SCHED_VIRTUAL_PRIV_H
#define ADX_SCHED_VIRTUAL_PRIV_H

#include "sched_priv.h"

struct vt_sched {
	struct adx_exec exec;       /* first: sched->impl points here */
	uint64_t now_ns;
	uint64_t next_tick;         /* index of the tick to run next */
	uint64_t fill_until;        /* end of the latest DP window (next tick's start) */
	bool in_direct_cycle;       /* a cycle runs on the control stack (virtual_task.c) */
};

/* What the coroutine does when next resumed. */
enum vt_job {
	VT_JOB_NONE,   /* idle between jobs */
	VT_JOB_CYCLE,  /* run_cycle() */
	VT_JOB_OP,     /* a posted op */
	VT_JOB_QUIT,   /* return from the coroutine */
};

struct vt_task {
	struct adx_yield_ctx yield; /* first: the yield callback finds the task from it */
	struct adx_dp_task *task;
	struct adx_coro *coro;
	enum vt_job job;
	int (*op)(void *arg);
	void *op_arg;
	int cycle_result;
	int op_result;
	uint64_t cost_ns;           /* charge of the released cycle */
	uint64_t remaining_ns;
	uint64_t complete_ns;
	bool started;               /* the model began the cycle (DP_START reported) */
	bool model_done;
	bool in_code;
	bool cancelling;
	bool pausable;              /* this resume may pause at a yield point */
	bool running_direct;        /* a job runs on the caller's stack (see vt_resume) */
	bool in_paused_job;         /* the coroutine stopped inside a job at a yield point */
};

static inline struct vt_sched *vt_sched_of(const struct adx_sched *sched)
{
	return (struct vt_sched *)sched->impl;
}

static inline struct vt_task *vt_task_of(const struct adx_dp_task *task)
{
	return task->impl;
}

/* The tick events are attributed to: the latest one started. */
static inline uint64_t vt_current_tick(const struct vt_sched *vs)
{
	return vs->next_tick ? vs->next_tick - 1 : 0;
}

void adx_vt_release(struct adx_sched *sched, struct adx_dp_task *task, uint64_t release_ns);
/* The model starts the cycle: RUNNING, DP_START reported once. */
void adx_vt_begin(struct adx_sched *sched, struct vt_task *vt);
/* Runs or continues the code of a model-done cycle; false if it paused. */
bool adx_vt_run_code(struct adx_sched *sched, struct vt_task *vt, bool pausable);

int adx_vt_add_dp(struct adx_sched *sched, struct adx_dp_task *task);
int adx_vt_remove_dp(struct adx_sched *sched, struct adx_dp_task *task, uint64_t timeout_ns);
int adx_vt_start(struct adx_dp_task *task);
int adx_vt_cancel(struct adx_dp_task *task, uint64_t timeout_ns);
int adx_vt_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg, uint64_t timeout_ns);
#if ADX_TEST_HOOKS
int adx_vt_step_dp(struct adx_sched *sched, struct adx_dp_task *task);
#endif

#endif
