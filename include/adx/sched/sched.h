/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * LL and DP scheduling on one simulated DSP core (docs/design.md §3, §5).
 *
 * LL: a periodic tick (tick_us, 1000 by default) runs the LL tasks in the
 * order they were added; after each tick the DP readiness check asks every
 * started DP task whether it is ready (one input block in, room for one
 * output block) and releases it with deadline = release time + period.
 *
 * DP: one task per DP module, lower priority than LL. Released cycles run
 * one at a time, earliest deadline first. A cycle that completes after its
 * deadline counts a deadline miss.
 *
 * The same module code runs under two executors:
 *  - ADX_EXEC_VIRTUAL: a deterministic discrete-event model. Time is virtual
 *    (ns since start). Each LL task charges cost_ns per tick, each DP cycle
 *    charges cost_ns; DP work fills the time the LL ticks leave, so EDF order,
 *    preemption by LL and overruns are real in the model. Each DP task runs
 *    in its own coroutine, so a cycle can be paused at a yield point while a
 *    control op runs (adx_yield_point(), a test seam). Nothing here reads a
 *    wall clock: the same inputs give the same event sequence.
 *  - ADX_EXEC_THREADS: a real LL thread (clock_nanosleep(TIMER_ABSTIME)
 *    ticks when paced, SCHED_FIFO where permitted with a logged fallback),
 *    one thread per DP task with a dispatcher that lets one run at a time in
 *    EDF order, and the caller's thread acting as the control thread.
 *    Unpaced ("free-running") mode runs ticks back to back; before a tick
 *    whose time reaches a released cycle's deadline, the LL thread waits for
 *    that cycle at most dp_wait_ns of wall time (back-pressure standing in
 *    for the real time the fake clock skips), then counts a miss and goes
 *    on: the tick never waits on DP without bound. Paced mode never waits.
 *
 * A DP cycle's output is visible to LL tasks once the cycle completes. In
 * virtual time the cycle's code runs at its simulated completion instant,
 * so LL ticks never see a cycle's output before the model says it is done.
 *
 * Threads: adx_sched_run_ticks(), the add/remove/cancel/post calls and
 * adx_sched_ll_lock() are called from the control thread only (one control
 * thread). LL task bodies run on the LL thread; DP cycles and posted ops on
 * the task's DP thread. Read struct adx_sched_stats after run_ticks returns
 * and a DP task's stats after adx_sched_drain(), a cancel or a post: those
 * calls are what order the executor's writes before the reads.
 *
 * Times, both executors: a tick's time is its scheduled start (virtual: k *
 * tick, later only if LL work overran; threads paced: the absolute target,
 * lateness goes to ll_jitter; threads unpaced: k * tick, logical). A DP
 * release happens at its tick's time, so deadline = tick time + period.
 * Unpaced threads report DP completions at the latest tick's logical time;
 * a cycle's miss is then decided by the back-pressure (below), so the
 * figures do not depend on the machine's speed.
 */
#ifndef ADX_SCHED_H
#define ADX_SCHED_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/util/hist.h"

/* Struct layouts depend on it, so every user must see the same value. */
#ifndef ADX_TEST_HOOKS
#error "ADX_TEST_HOOKS (0 or 1) comes from the build (CMake option ADX_TEST_HOOKS)"
#endif
#if ADX_TEST_HOOKS
#include "adx/test_hooks.h"
#endif

enum adx_exec_mode {
	ADX_EXEC_VIRTUAL,
	ADX_EXEC_THREADS,
};

/* The LL period when struct adx_sched_config leaves it 0 (docs/design.md §3). */
#define ADX_SCHED_TICK_US_DEFAULT 1000u

struct adx_sched_config {
	enum adx_exec_mode mode;
	uint32_t tick_us;      /* LL period; 0 means ADX_SCHED_TICK_US_DEFAULT;
				* modules are told it (adx_module_ll_period_us()) */
	bool paced;            /* threads: pace ticks to wall time (--realtime) */
	bool try_fifo;         /* threads: ask for SCHED_FIFO for LL (and DP below it) */
	uint64_t dp_wait_ns;   /* threads, unpaced: back-pressure bound; 0 means 50 ms */
};

struct adx_sched;

struct adx_ll_task {
	const char *name;
	void (*run)(void *ctx);  /* one tick of work */
	void *ctx;
	uint64_t cost_ns;        /* virtual-time charge per tick */
	/* scheduler-owned */
	struct adx_ll_task *next;
	struct adx_sched *sched;
};

enum adx_dp_state {
	ADX_DP_STOPPED,   /* added, not started, or cancelled: never released */
	ADX_DP_WAITING,   /* started, waiting to be ready */
	ADX_DP_RELEASED,  /* ready, waiting for the core */
	ADX_DP_RUNNING,   /* a cycle is in flight */
};

struct adx_dp_task_stats {
	uint64_t cycles;
	uint64_t deadline_misses;
	uint64_t posted_ops;
	struct adx_duration_hist exec;     /* per cycle: cost_ns (virtual) or wall ns (threads) */
	struct adx_duration_hist response; /* release to completion */
};

struct adx_dp_task {
	const char *name;
	/* Called on the LL side after each tick while started; must not block.
	 * NULL: always ready. */
	bool (*is_ready)(void *ctx);
	/* One cycle of work on the DP context (the module's process()). */
	int (*run_cycle)(void *ctx);
	void *ctx;
	uint32_t period_us;   /* deadline = release + period; a multiple of tick_us */
	uint64_t cost_ns;     /* virtual-time charge per cycle; may be updated between cycles */
	struct adx_dp_task_stats stats;
	int last_error;       /* last non-zero run_cycle() result */
	/* scheduler-owned */
	_Atomic int state;    /* enum adx_dp_state */
	uint64_t release_ns;
	uint64_t deadline_ns;
	struct adx_dp_task *next;
	struct adx_sched *sched;
	void *impl;           /* executor-private: thread or coroutine */
};

/* What the scheduler reports to an observer (traces, event-log identity). */
enum adx_sched_event_kind {
	ADX_SCHED_EV_TICK_START,
	ADX_SCHED_EV_TICK_END,
	ADX_SCHED_EV_DP_RELEASE,
	ADX_SCHED_EV_DP_START,
	ADX_SCHED_EV_DP_END,
	ADX_SCHED_EV_DP_MISS,
	ADX_SCHED_EV_DP_OP,     /* a posted op ran */
};

struct adx_sched_event {
	enum adx_sched_event_kind kind;
	uint64_t time_ns;        /* scheduler time (virtual or since start) */
	uint64_t tick;
	const struct adx_dp_task *task; /* NULL for tick events */
};

/*
 * Threads: called from the LL and DP threads, never two at a time (the
 * scheduler serialises the calls), with scheduler locks held: it must be
 * quick and must not call back into the scheduler. A DP event's tick is
 * the latest tick started when it happened.
 */
typedef void (*adx_sched_observer_fn)(void *ctx, const struct adx_sched_event *event);


struct adx_sched_stats {
	uint64_t ticks;
	struct adx_duration_hist ll_work;   /* per tick: LL work (virtual cost or wall ns) */
	struct adx_duration_hist ll_jitter; /* threads, paced: tick start lateness */
	uint64_t dp_wait_timeouts;          /* threads, unpaced: back-pressure gave up */
	bool fifo;                          /* threads: LL got SCHED_FIFO */
};

/*
 * The scheduler's state. Callers provide storage; implementation-private
 * state lives behind `impl` (platform allocation is allowed there).
 */
struct adx_sched {
	struct adx_sched_config config;
	struct adx_sched_stats stats;
	struct adx_ll_task *ll_head;
	struct adx_dp_task *dp_head;
	adx_sched_observer_fn observer;
	void *observer_ctx;
#if ADX_TEST_HOOKS
	adx_yield_hook_fn yield_hook;
	void *yield_ctx;
#endif
	void *impl;
};

int adx_sched_init(struct adx_sched *sched, const struct adx_sched_config *config);
/* Stops threads, removes every task (cancelling DP tasks), frees executor state. */
void adx_sched_destroy(struct adx_sched *sched);

void adx_sched_set_observer(struct adx_sched *sched, adx_sched_observer_fn fn, void *ctx);

/*
 * Runs `ticks` LL ticks (and the DP work they release) and returns when the
 * last has ended. Virtual: also runs DP work up to the next tick's start.
 * Threads: the LL thread runs them (paced or free) while the control thread
 * waits here; DP threads keep running after it returns.
 * Returns 0, or 1 if a virtual DP cycle is paused at a yield point (the
 * tick in progress is finished first; call again to continue).
 * After a 1, the tick whose DP time was interrupted has been counted
 * (adx_sched_tick_count()); the next call first resumes the paused cycle
 * (unless a step or cancel finished it) and the rest of that tick's DP
 * time, then runs `ticks` more: run_ticks(0) just finishes the tick.
 * -EDEADLK when called from inside a DP cycle, from the LL thread, or with
 * adx_sched_ll_lock() held.
 */
int adx_sched_run_ticks(struct adx_sched *sched, uint64_t ticks);
/*
 * Threads: waits until no DP cycle is released or running (drains), up to
 * timeout (-ETIMEDOUT). Virtual: returns 0 at once, as DP work advances
 * only with ticks.
 */
int adx_sched_drain(struct adx_sched *sched, uint64_t timeout_ns);
uint64_t adx_sched_now_ns(const struct adx_sched *sched);
uint64_t adx_sched_tick_count(const struct adx_sched *sched);

/*
 * Serialises the control thread with the LL thread, for ops on LL modules
 * and for pipeline changes: the LL thread holds it for a whole tick. Never
 * call adx_dp_task_cancel() while holding it (the LL thread would then wait
 * on DP). No-op in virtual time. Nests: under the lock the control thread
 * may still call adx_sched_add_ll() and friends. Waiting calls (cancel,
 * post, remove_dp, run_ticks) return -EDEADLK while the calling thread
 * holds it, in both executors alike. Ownership is tracked per thread, so
 * an IPC thread may take it while another thread drives run_ticks.
 */
void adx_sched_ll_lock(struct adx_sched *sched);
void adx_sched_ll_unlock(struct adx_sched *sched);

/* LL tasks run in the order added. Removing waits for a running tick.
 * -EBUSY when the task is already added; -EINVAL when removing a task
 * this scheduler does not hold. */
int adx_sched_add_ll(struct adx_sched *sched, struct adx_ll_task *task);
int adx_sched_remove_ll(struct adx_sched *sched, struct adx_ll_task *task);

/* Adds a DP task in ADX_DP_STOPPED (threads: creates its thread). -EINVAL
 * without run_cycle or with a period that is not a non-zero multiple of
 * the tick; -EBUSY when already added. */
int adx_sched_add_dp(struct adx_sched *sched, struct adx_dp_task *task);
/* Cancels (see below), then removes the task and ends its thread/coroutine.
 * On -ETIMEDOUT nothing is removed. */
int adx_sched_remove_dp(struct adx_sched *sched, struct adx_dp_task *task,
			uint64_t timeout_ns);

/* STOPPED -> WAITING: readiness checks begin at the next tick. On a task
 * still finishing a cycle after a timed-out cancel, withdraws the cancel:
 * it returns to WAITING when the cycle ends. */
int adx_dp_task_start(struct adx_dp_task *task);
/*
 * Stops releasing cycles and waits until an in-flight cycle has finished
 * (blocking on a condition variable, never spinning; virtual time: runs the
 * paused or released cycle to its end). Returns 0 with the task STOPPED, or
 * -ETIMEDOUT if the cycle did not finish in timeout_ns (the cycle's cost is
 * not counted against a virtual timeout); nothing is released then and the
 * task stays cancelling: it goes STOPPED when the cycle ends.
 * A cycle released but not yet started also runs to its end first (in both
 * executors, so they agree on what was processed). -EDEADLK from the
 * task's own DP context.
 */
int adx_dp_task_cancel(struct adx_dp_task *task, uint64_t timeout_ns);
/*
 * Runs op(arg) on the task's DP context between cycles (after an in-flight
 * cycle ends, before the next starts) and returns its result, or
 * -ETIMEDOUT when it could not begin within timeout_ns: it is withdrawn
 * then and never runs, so arg need only live for the call. An op that has
 * begun is waited for to its end. The task's state is unchanged. This is
 * the userspace-DP model of SOF: reset and process run on the same thread.
 * Threads: the op needs the core like a cycle does and goes ahead of
 * released cycles. -EDEADLK from the task's own DP context.
 */
int adx_dp_task_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg,
		     uint64_t timeout_ns);

#endif
