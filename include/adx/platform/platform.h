/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the layers above need from an operating system, and nothing more:
 * a monotonic clock, absolute sleeps, locks, condition variables with
 * timeouts, threads with an optional real-time priority, coroutines for the
 * virtual-time executor, and raw memory for executor-private state.
 *
 * The function shapes are the same on every port. The lock, condition and
 * thread types live inside callers' structures, so each port defines them
 * in its own port_types.h (include/adx/platform/<port>/, chosen by the
 * ADX_PORT build option; the host port wraps pthread types): a new port
 * adds a folder and edits no public header.
 *
 * Times are nanoseconds on the monotonic clock. Functions that can fail
 * return 0 or a negative errno value.
 */
#ifndef ADX_PLATFORM_H
#define ADX_PLATFORM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "port_types.h"

/* Timeouts and absolute times that mean "never". */
#define ADX_TIME_FOREVER UINT64_MAX

/* ---- clock ---- */

uint64_t adx_clock_now_ns(void);
/* Sleeps until the monotonic clock reads abs_ns (TIMER_ABSTIME: no drift). */
void adx_sleep_until_ns(uint64_t abs_ns);
/* now + timeout, saturating at ADX_TIME_FOREVER. */
uint64_t adx_deadline_after_ns(uint64_t timeout_ns);

/* ---- memory for executor-private state (never on an audio path) ---- */

/* Zero-filled; NULL when out of memory. */
void *adx_plat_zalloc(size_t size);
void adx_plat_free(void *ptr);

/* ---- mutex and condition variable ---- */

int adx_mutex_init(struct adx_mutex *mutex);
void adx_mutex_destroy(struct adx_mutex *mutex);
void adx_mutex_lock(struct adx_mutex *mutex);
void adx_mutex_unlock(struct adx_mutex *mutex);

int adx_cond_init(struct adx_cond *cond);
void adx_cond_destroy(struct adx_cond *cond);
void adx_cond_wait(struct adx_cond *cond, struct adx_mutex *mutex);
/*
 * Waits until signalled or until the monotonic clock reaches abs_ns
 * (ADX_TIME_FOREVER: no limit). Returns 0 or -ETIMEDOUT. Like every
 * condition wait it may wake spuriously: callers loop on their predicate.
 */
int adx_cond_wait_until(struct adx_cond *cond, struct adx_mutex *mutex,
			uint64_t abs_ns);
void adx_cond_signal(struct adx_cond *cond);
void adx_cond_broadcast(struct adx_cond *cond);

/* ---- threads ---- */

struct adx_thread_params {
	const char *name;     /* shown by debuggers (truncated to 15 chars); may be NULL */
	int fifo_priority;    /* 0: normal scheduling; 1..99: ask for SCHED_FIFO */
};

/*
 * Starts fn(arg) on a new thread. When SCHED_FIFO is asked for but not
 * permitted (no CAP_SYS_NICE, no rtprio limit), the thread starts with
 * normal scheduling and a warning is logged; *got_fifo (may be NULL) says
 * which happened.
 */
int adx_thread_create(struct adx_thread *thread, const struct adx_thread_params *params,
		      void *(*fn)(void *arg), void *arg, bool *got_fifo);
void adx_thread_join(struct adx_thread *thread);
bool adx_thread_is_current(const struct adx_thread *thread);

/* ---- coroutines (one thread switching between stacks) ---- */

/*
 * A coroutine runs entry(arg) on its own stack. adx_coro_resume() switches
 * into it and returns when it calls adx_coro_yield() or when entry returns
 * (then it is finished and must not be resumed again). Coroutines nest: a
 * coroutine may resume another; yield always returns to the resumer.
 * Sanitizers are told about every switch (ASan, TSan fiber annotations).
 */
struct adx_coro;

/*
 * stack_size 0 means ADX_CORO_STACK_DEFAULT. Host stacks are reserved, not
 * committed: only the pages a coroutine touches cost memory, so the default
 * is generous enough for module code built with sanitizers.
 */
#ifndef ADX_CORO_STACK_DEFAULT /* a port may size it in its port_types.h */
#define ADX_CORO_STACK_DEFAULT (1024u * 1024u)
#endif
int adx_coro_create(struct adx_coro **coro, size_t stack_size,
		    void (*entry)(void *arg), void *arg);
/* The coroutine must be finished or suspended; its stack is released. */
void adx_coro_destroy(struct adx_coro *coro);
void adx_coro_resume(struct adx_coro *coro);
/* From inside a coroutine: back to whoever resumed it. */
void adx_coro_yield(void);
bool adx_coro_finished(const struct adx_coro *coro);
/* The coroutine running on this thread, or NULL on a thread's own stack. */
struct adx_coro *adx_coro_current(void);

#endif
