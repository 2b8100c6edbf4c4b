/* SPDX-License-Identifier: BSD-3-Clause */
/* Helpers shared by the scheduler tests: a gate, an event log, a counter. */
#ifndef ADX_TESTS_SCHED_UTIL_H
#define ADX_TESTS_SCHED_UTIL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "adx/platform/platform.h"
#include "adx/sched/sched.h"

#define US 1000ull
#define MS 1000000ull
/* Generous: a loaded VM can stall a thread for many milliseconds. */
#define LONG_WAIT_NS (20000 * MS)

/* A one-shot gate: waiters block until it opens; counts who arrived. */
struct gate {
	struct adx_mutex mutex;
	struct adx_cond cond;
	bool open;
	unsigned int arrived;
};

static inline void gate_init(struct gate *gate)
{
	memset(gate, 0, sizeof(*gate));
	adx_mutex_init(&gate->mutex);
	adx_cond_init(&gate->cond);
}

static inline void gate_destroy(struct gate *gate)
{
	adx_cond_destroy(&gate->cond);
	adx_mutex_destroy(&gate->mutex);
}

static inline void gate_pass(struct gate *gate)
{
	adx_mutex_lock(&gate->mutex);
	gate->arrived++;
	adx_cond_broadcast(&gate->cond);
	while (!gate->open)
		adx_cond_wait(&gate->cond, &gate->mutex);
	adx_mutex_unlock(&gate->mutex);
}

static inline void gate_open(struct gate *gate)
{
	adx_mutex_lock(&gate->mutex);
	gate->open = true;
	adx_cond_broadcast(&gate->cond);
	adx_mutex_unlock(&gate->mutex);
}

/* Blocks until `count` threads arrived at the gate; false on timeout. */
static inline bool gate_wait_arrivals(struct gate *gate, unsigned int count)
{
	uint64_t limit = adx_deadline_after_ns(LONG_WAIT_NS);
	bool ok;

	adx_mutex_lock(&gate->mutex);
	while (gate->arrived < count && adx_cond_wait_until(&gate->cond, &gate->mutex, limit) == 0)
		;
	ok = gate->arrived >= count;
	adx_mutex_unlock(&gate->mutex);
	return ok;
}

/* Observer that keeps every event; the scheduler serialises the calls. */
#define EVENT_LOG_MAX 8192
struct event_log {
	struct adx_sched_event events[EVENT_LOG_MAX];
	unsigned int count;
	unsigned int dropped;
};

static inline void event_log_record(void *ctx, const struct adx_sched_event *event)
{
	struct event_log *log = ctx;

	if (log->count < EVENT_LOG_MAX)
		log->events[log->count++] = *event;
	else
		log->dropped++;
}

static inline unsigned int event_log_count(const struct event_log *log,
					   enum adx_sched_event_kind kind,
					   const struct adx_dp_task *task)
{
	unsigned int i;
	unsigned int n = 0;

	for (i = 0; i < log->count; i++)
		if (log->events[i].kind == kind && (!task || log->events[i].task == task))
			n++;
	return n;
}

#endif
