// SPDX-License-Identifier: BSD-3-Clause
/*
 * The explorer's search: depth-first over schedules, replaying each from a
 * fresh world. A decision is recorded wherever two or more actors could
 * go on; its options are ordered "keep the current actor" first, so the
 * first schedule is the one with no preemption and backtracking walks
 * towards more preemptions, pruning at the bound.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "adx/platform/platform.h"
#include "explorer.h"
#include "sched_priv.h" /* adx_yield_ctx_swap: yield points of the control coroutine */

#define CTL_ACTOR RX_MAX_DP
#define NO_ACTOR (-1)

struct decision {
	int options[RX_MAX_DP + 1];
	int count;
	int chosen;            /* index into options */
	int current;           /* actor that ran last (NO_ACTOR at the start) */
	int preemptions;       /* spent before this decision */
};

struct run {
	const struct rx_scenario *sc;
	void *world;
	struct adx_sched *sched;
	struct adx_dp_task *tasks[RX_MAX_DP];
	int num_tasks;
	bool done[RX_MAX_DP + 1];
	struct adx_coro *ctl;
	struct decision decisions[RX_MAX_DECISIONS];
	int depth;
	int prefix;            /* decisions [0, prefix) are replayed */
	char trace[RX_MSG];
	const char *violation;
	char violation_text[RX_MSG]; /* the message outlives the world that wrote it */
	const int *forced;     /* rx_replay: the actor of every step */
	int forced_len;
};

/* The control coroutine pauses at every yield point it reaches. */
static void ctl_reached(struct adx_yield_ctx *ctx, const char *site)
{
	(void)ctx;
	(void)site;
	adx_coro_yield();
}

static struct adx_yield_ctx ctl_yield = { .reached = ctl_reached };

static bool pause_everywhere(void *ctx, const struct adx_dp_task *task, const char *site)
{
	(void)ctx;
	(void)task;
	(void)site;
	return true;
}

static void ctl_entry(void *arg)
{
	struct run *r = arg;

	r->sc->control(r->world);
}

static bool dp_runnable(const struct adx_dp_task *task)
{
	int state = atomic_load(&task->state);

	return state == ADX_DP_RELEASED || state == ADX_DP_RUNNING;
}

static bool runnable(const struct run *r, int actor)
{
	if (r->done[actor])
		return false;
	if (actor == CTL_ACTOR)
		return true;
	return dp_runnable(r->tasks[actor]);
}

static void step(struct run *r, int actor)
{
	if (actor == CTL_ACTOR) {
		struct adx_yield_ctx *outer = adx_yield_ctx_swap(&ctl_yield);

		adx_coro_resume(r->ctl);
		adx_yield_ctx_swap(outer);
		r->done[CTL_ACTOR] = adx_coro_finished(r->ctl);
	} else if (adx_sched_step_dp(r->sched, r->tasks[actor]) != 1) {
		r->done[actor] = true; /* ended, or finished by the control op */
	}
	for (int i = 0; i < r->num_tasks; i++)
		if (!dp_runnable(r->tasks[i]))
			r->done[i] = true;
}

static void trace_add(struct run *r, int actor, bool preempted)
{
	size_t len = strlen(r->trace);
	char name[8];

	if (actor == CTL_ACTOR)
		snprintf(name, sizeof(name), "C%s ", preempted ? "*" : "");
	else
		snprintf(name, sizeof(name), "D%d%s ", actor, preempted ? "*" : "");
	if (len + strlen(name) < sizeof(r->trace))
		memcpy(r->trace + len, name, strlen(name) + 1);
}

/* Options at this point: the current actor first (no preemption), then the others. */
static int options_at(const struct run *r, int current, int *options)
{
	int n = 0;

	if (current != NO_ACTOR && runnable(r, current))
		options[n++] = current;
	for (int a = 0; a < r->num_tasks; a++)
		if (a != current && runnable(r, a))
			options[n++] = a;
	if (current != CTL_ACTOR && runnable(r, CTL_ACTOR))
		options[n++] = CTL_ACTOR;
	return n;
}

static int cost(const struct decision *d, int option_index)
{
	int current_runnable = d->count && d->options[0] == d->current;

	return current_runnable && option_index != 0 ? 1 : 0;
}

/* Runs one schedule: decisions [0, prefix) as recorded, the defaults after. */
static void run_schedule(struct run *r)
{
	int current = NO_ACTOR;
	int preemptions = 0;
	int steps = 0;

	r->trace[0] = 0;
	r->violation = NULL;
	for (;;) {
		struct decision *d;
		int options[RX_MAX_DP + 1];
		int n = options_at(r, current, options);
		int actor;
		bool preempted;

		if (!n)
			break;
		if (r->forced) {
			int want = steps < r->forced_len ? r->forced[steps] : options[0];
			bool ok = false;

			for (int k = 0; k < n; k++)
				ok |= options[k] == want;
			if (!ok) {
				r->violation = "replay: the scheduled actor cannot run";
				break;
			}
			actor = want;
			preempted = current != NO_ACTOR && actor != current && runnable(r, current);
		} else if (n == 1) {
			actor = options[0];
			preempted = false;
		} else {
			if (r->depth >= RX_MAX_DECISIONS) {
				r->violation = "explorer: too many decision points";
				break;
			}
			d = &r->decisions[r->depth];
			if (r->depth >= r->prefix) {
				memcpy(d->options, options, sizeof(options));
				d->count = n;
				d->chosen = 0;
				d->current = current;
				d->preemptions = preemptions;
			}
			actor = d->options[d->chosen];
			preempted = cost(d, d->chosen) != 0;
			preemptions += preempted;
			r->depth++;
		}
		trace_add(r, actor, preempted);
		step(r, actor);
		steps++;
		current = actor;
		if (!r->violation && r->sc->check_step)
			r->violation = r->sc->check_step(r->world);
	}
	/* The end checks run the world on without pauses. */
	adx_sched_set_yield_hook(r->sched, NULL, NULL);
	if (!r->violation && r->sc->check_end)
		r->violation = r->sc->check_end(r->world);
}

/* The next schedule: the deepest decision with an untried option within the bound. */
static bool backtrack(struct run *r, int max_preemptions)
{
	for (int i = r->depth - 1; i >= 0; i--) {
		struct decision *d = &r->decisions[i];

		for (int k = d->chosen + 1; k < d->count; k++) {
			if (d->preemptions + cost(d, k) <= max_preemptions) {
				d->chosen = k;
				r->prefix = i + 1;
				return true;
			}
		}
	}
	return false;
}

static int run_once(struct run *r)
{
	int ret;

	r->world = r->sc->setup(r->sc->ctx);
	if (!r->world)
		return -EINVAL;
	r->sched = r->sc->sched(r->world);
	r->num_tasks = r->sc->dp_tasks(r->world, r->tasks);
	memset(r->done, 0, sizeof(r->done));
	for (int i = r->num_tasks; i < RX_MAX_DP; i++)
		r->done[i] = true;
	ret = adx_coro_create(&r->ctl, 0, ctl_entry, r);
	if (ret) {
		r->sc->teardown(r->world);
		return ret;
	}
	adx_sched_set_yield_hook(r->sched, pause_everywhere, NULL);
	/* The explored tick: its cycles start and stop at their first yield point. */
	(void)adx_sched_run_ticks(r->sched, 1);
	r->depth = 0;
	run_schedule(r);
	adx_coro_destroy(r->ctl);
	if (r->violation) {
		snprintf(r->violation_text, sizeof(r->violation_text), "%s", r->violation);
		r->violation = r->violation_text;
	}
	r->sc->teardown(r->world);
	return 0;
}

int rx_explore(const struct rx_scenario *sc, struct rx_result *res)
{
	static struct run r; /* large: kept off the stack */
	int ret;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.sc = sc;
	do {
		ret = run_once(&r);
		if (ret)
			return ret;
		res->explored++;
		if ((uint32_t)r.depth > res->max_depth)
			res->max_depth = (uint32_t)r.depth;
		if (r.violation) {
			if (!res->violated) {
				snprintf(res->first_violation, sizeof(res->first_violation), "%s",
					 r.violation);
				snprintf(res->first_schedule, sizeof(res->first_schedule), "%s",
					 r.trace);
			}
			res->violated++;
		}
	} while (backtrack(&r, sc->max_preemptions));
	return 0;
}

int rx_replay(const struct rx_scenario *sc, const int *actors, int count,
	      struct rx_result *res)
{
	static struct run r;
	int ret;

	memset(res, 0, sizeof(*res));
	memset(&r, 0, sizeof(r));
	r.sc = sc;
	r.forced = actors;
	r.forced_len = count;
	ret = run_once(&r);
	if (ret)
		return ret;
	res->explored = 1;
	if (r.violation) {
		res->violated = 1;
		snprintf(res->first_violation, sizeof(res->first_violation), "%s", r.violation);
	}
	snprintf(res->first_schedule, sizeof(res->first_schedule), "%s", r.trace);
	return 0;
}

void rx_print(const struct rx_scenario *sc, const struct rx_result *res)
{
	printf("RELIABILITY explorer %s: explored=%llu violated=%llu max_decisions=%u "
	       "preemptions<=%d%s%s%s%s\n",
	       sc->name, (unsigned long long)res->explored, (unsigned long long)res->violated,
	       (unsigned int)res->max_depth, sc->max_preemptions,
	       res->violated ? " first: " : "", res->first_violation,
	       res->violated ? " schedule: " : "", res->first_schedule);
	fflush(stdout);
}
