/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interleaving explorer on the virtual-time executor.
 *
 * Actors: the DP tasks a scenario names (each runs one cycle, stepped with
 * adx_sched_step_dp and paused at every adx_yield_point() it reaches) and
 * one control op, run in a coroutine of its own whose yield points pause it
 * the same way. A schedule says, at every point where more than one actor
 * could go on, which one does. Switching away from an actor that could
 * continue is a preemption; every schedule with at most max_preemptions of
 * them is run once, from a freshly built world (stateless search with
 * replay, as CHESS does), and the scenario's invariants are checked after
 * every step and at the end.
 *
 * Nothing here blocks: a control op that would wait for a cycle paused on
 * this same thread meets its timeout instead, which is a defined result
 * (-ETIMEDOUT, nothing released) that the invariants must tolerate.
 */
#ifndef ADX_REL_EXPLORER_H
#define ADX_REL_EXPLORER_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/sched/sched.h"

#define RX_MAX_DP 3
#define RX_MAX_DECISIONS 512
#define RX_MSG 200

struct rx_scenario {
	const char *name;
	int max_preemptions;
	void *ctx;
	/* Builds a world and brings it to the tick whose cycles are explored. */
	void *(*setup)(void *ctx);
	struct adx_sched *(*sched)(void *world);
	/* The DP tasks whose cycle is explored (at most RX_MAX_DP). */
	int (*dp_tasks)(void *world, struct adx_dp_task **tasks);
	/* The control op; runs in a coroutine. */
	void (*control)(void *world);
	/* Invariants: NULL when they hold, else what is wrong (static or world storage). */
	const char *(*check_step)(void *world);
	const char *(*check_end)(void *world);
	void (*teardown)(void *world);
};

struct rx_result {
	uint64_t explored;       /* schedules run to the end */
	uint64_t violated;       /* schedules with at least one broken invariant */
	uint32_t max_depth;      /* most decision points in one schedule */
	char first_violation[RX_MSG];
	char first_schedule[RX_MSG];  /* e.g. "D0 C D0*": who ran each step, * = preempted */
};

/* 0, or -ENOMEM / -EINVAL (the scenario could not be set up). */
int rx_explore(const struct rx_scenario *sc, struct rx_result *res);
/*
 * Runs one given schedule: actors[k] is who runs step k (0.. for the DP
 * tasks in dp_tasks order, RX_CTL for the control op); after the list, the
 * first runnable actor. A step whose actor cannot run is a violation.
 */
#define RX_CTL RX_MAX_DP
int rx_replay(const struct rx_scenario *sc, const int *actors, int count,
	      struct rx_result *res);
/* One line: "explorer <name>: explored=N violated=V ..." on stdout. */
void rx_print(const struct rx_scenario *sc, const struct rx_result *res);

#endif
