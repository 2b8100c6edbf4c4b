// SPDX-License-Identifier: BSD-3-Clause
/*
 * Virtual-time executor: the model's arithmetic (checked against figures
 * worked out by hand in the comments), EDF, the yield hook, determinism.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "rng.h"
#include "sched_test_util.h"

#define MAX_RECORDS 64

/* A DP task that records when (in virtual time) its code ran. */
struct vtask {
	struct adx_dp_task task;
	struct adx_sched *sched;
	bool ready;
	unsigned int cycles;
	uint64_t code_ns[MAX_RECORDS];
};

/* Completion order across tasks, by name initial. */
static char finish_order[MAX_RECORDS];
static unsigned int finish_count;

static bool vtask_ready(void *ctx)
{
	return ((struct vtask *)ctx)->ready;
}

static int vtask_cycle(void *ctx)
{
	struct vtask *vt = ctx;

	if (vt->cycles < MAX_RECORDS)
		vt->code_ns[vt->cycles] = adx_sched_now_ns(vt->sched);
	vt->cycles++;
	if (finish_count + 1 < MAX_RECORDS)
		finish_order[finish_count++] = vt->task.name[0];
	return 0;
}

static void vtask_init(struct vtask *vt, struct adx_sched *sched, const char *name,
		       uint32_t period_us, uint64_t cost_ns)
{
	memset(vt, 0, sizeof(*vt));
	vt->sched = sched;
	vt->ready = true;
	vt->task.name = name;
	vt->task.is_ready = vtask_ready;
	vt->task.run_cycle = vtask_cycle;
	vt->task.ctx = vt;
	vt->task.period_us = period_us;
	vt->task.cost_ns = cost_ns;
	assert_int_equal(adx_sched_add_dp(sched, &vt->task), 0);
}

static void nothing(void *ctx)
{
	(void)ctx;
}

static struct adx_sched *new_sched(void)
{
	static struct adx_sched sched;
	const struct adx_sched_config config = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };

	assert_int_equal(adx_sched_init(&sched, &config), 0);
	finish_count = 0;
	memset(finish_order, 0, sizeof(finish_order));
	return &sched;
}

/* ---- EDF ---- */

/* A (period 10 ms) and B (period 2 ms) both released at tick 0: B first. */
static void earlier_deadline_runs_first_among_tasks_released_together(void **state)
{
	struct adx_sched *sched = new_sched();
	struct vtask a;
	struct vtask b;

	(void)state;
	vtask_init(&a, sched, "A", 10000, 1000 * US);
	vtask_init(&b, sched, "B", 2000, 500 * US);
	a.ready = b.ready = true;
	adx_dp_task_start(&a.task);
	adx_dp_task_start(&b.task);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	a.ready = b.ready = false; /* one cycle each */
	/* B: 0 .. 0.5 ms; A: 0.5 .. 1.5 ms, crossing tick 1 (no LL cost). */
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_string_equal(finish_order, "BA");
	assert_int_equal(b.code_ns[0], 500 * US);
	assert_int_equal(a.code_ns[0], 1500 * US);
	adx_sched_destroy(sched);
}

/*
 * First-ready order C, A, B; EDF order B, A, C. C (period 100, cost 3) is
 * released at 0; A (period 10, cost 3) at tick 1 preempts it; B (period 2,
 * cost 0.5) at tick 2 preempts A. B ends at 2.5, A at 4.5 (1..2 and
 * 2.5..4.5), C at 6.5 (0..1 and 4.5..6.5).
 */
static void newly_released_earlier_deadline_preempts_at_the_tick(void **state)
{
	struct adx_sched *sched = new_sched();
	struct vtask a;
	struct vtask b;
	struct vtask c;

	(void)state;
	vtask_init(&c, sched, "C", 100000, 3000 * US);
	vtask_init(&a, sched, "A", 10000, 3000 * US);
	vtask_init(&b, sched, "B", 2000, 500 * US);
	adx_dp_task_start(&c.task);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	adx_dp_task_start(&a.task);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	adx_dp_task_start(&b.task);
	a.ready = false; /* one cycle each is enough */
	c.ready = false;
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	b.ready = false;
	assert_int_equal(adx_sched_run_ticks(sched, 5), 0);
	assert_string_equal(finish_order, "BAC");
	assert_int_equal(b.code_ns[0], 2500 * US);
	assert_int_equal(a.code_ns[0], 4500 * US);
	assert_int_equal(c.code_ns[0], 6500 * US);
	assert_int_equal(a.task.stats.deadline_misses + b.task.stats.deadline_misses +
			 c.task.stats.deadline_misses, 0);
	adx_sched_destroy(sched);
}

/* ---- overruns and deadline misses ---- */

static struct adx_ll_task ll_half_ms = {
	.name = "ll", .run = nothing, .cost_ns = 500 * US,
};

/*
 * LL work 0.5 ms per 1 ms tick leaves 0.5 ms of DP time per tick. X needs
 * 1.2 ms every 2 ms: released at 0, it runs 0.5..1, 1.5..2, 2.5..2.7 and
 * ends at 2.7 > 2 (miss). The next check, at tick 3, releases it again:
 * every cycle takes three ticks and misses. In 30 ticks: releases at
 * 0, 3, .., 27, ends at 2.7, 5.7, .., 29.7: 10 cycles, 10 misses.
 */
static void overloaded_task_misses_the_hand_computed_number_of_deadlines(void **state)
{
	static struct event_log log;
	struct adx_sched *sched = new_sched();
	struct vtask x;
	unsigned int i;

	(void)state;
	log.count = 0;
	ll_half_ms.sched = NULL;
	assert_int_equal(adx_sched_add_ll(sched, &ll_half_ms), 0);
	vtask_init(&x, sched, "X", 2000, 1200 * US);
	adx_sched_set_observer(sched, event_log_record, &log);
	adx_dp_task_start(&x.task);
	assert_int_equal(adx_sched_run_ticks(sched, 30), 0);
	assert_int_equal(x.task.stats.cycles, 10);
	assert_int_equal(x.task.stats.deadline_misses, 10);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_MISS, &x.task), 10);
	for (i = 0; i < 10; i++)
		assert_int_equal(x.code_ns[i], (3000 * i + 2700) * US);
	/* Response is 2.7 ms every time: the histogram's bin holds it. */
	assert_true(adx_hist_percentile(&x.task.stats.response, 50.0) >= 2700 * US);
	assert_true(adx_hist_percentile(&x.task.stats.response, 100.0) == 2700 * US);
	assert_int_equal(x.task.stats.exec.max_ns, 1200 * US);
	assert_int_equal(sched->stats.ll_work.max_ns, 500 * US);
	adx_sched_destroy(sched);
}

/* Cost 1.0 ms: ends at 2.0, exactly the deadline: no miss; 15 cycles in 30 ticks. */
static void completion_exactly_at_the_deadline_is_not_a_miss(void **state)
{
	struct adx_sched *sched = new_sched();
	struct vtask x;

	(void)state;
	ll_half_ms.sched = NULL;
	assert_int_equal(adx_sched_add_ll(sched, &ll_half_ms), 0);
	vtask_init(&x, sched, "X", 2000, 1000 * US);
	adx_dp_task_start(&x.task);
	assert_int_equal(adx_sched_run_ticks(sched, 30), 0);
	assert_int_equal(x.task.stats.cycles, 15);
	assert_int_equal(x.task.stats.deadline_misses, 0);
	assert_int_equal(x.code_ns[0], 2000 * US);
	adx_sched_destroy(sched);
}

/* What an LL task sees of a DP cycle's output, tick by tick. */
struct output_watch {
	const struct vtask *producer;
	unsigned int seen[8];
	unsigned int ticks;
};

static void watch_output(void *ctx)
{
	struct output_watch *watch = ctx;

	if (watch->ticks < 8)
		watch->seen[watch->ticks++] = watch->producer->cycles;
}

/* X (cost 2.5 ms, period 3 ms, no LL cost) ends at 2.5: ticks 0..2 see nothing. */
static void ll_sees_a_cycle_output_only_after_its_simulated_completion(void **state)
{
	struct adx_sched *sched = new_sched();
	struct output_watch watch = { .ticks = 0 };
	struct adx_ll_task ll = { .name = "watch", .run = watch_output, .ctx = &watch };
	struct vtask x;

	(void)state;
	vtask_init(&x, sched, "X", 3000, 2500 * US);
	watch.producer = &x;
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	adx_dp_task_start(&x.task);
	assert_int_equal(adx_sched_run_ticks(sched, 7), 0);
	assert_int_equal(watch.seen[0], 0);
	assert_int_equal(watch.seen[2], 0);
	assert_int_equal(watch.seen[3], 1);
	assert_int_equal(watch.seen[5], 1);
	assert_int_equal(watch.seen[6], 2);
	adx_sched_destroy(sched);
}

/* LL work of 1.5 ms per 1 ms tick: ticks start at 0, 1.5, 3.0, ... */
static void ll_overrun_delays_the_next_tick(void **state)
{
	static struct event_log log;
	static struct adx_ll_task heavy = { .name = "heavy", .run = nothing,
					    .cost_ns = 1500 * US };
	struct adx_sched *sched = new_sched();

	(void)state;
	log.count = 0;
	heavy.sched = NULL;
	assert_int_equal(adx_sched_add_ll(sched, &heavy), 0);
	adx_sched_set_observer(sched, event_log_record, &log);
	assert_int_equal(adx_sched_run_ticks(sched, 3), 0);
	assert_int_equal(log.events[0].time_ns, 0);
	assert_int_equal(log.events[2].time_ns, 1500 * US);
	assert_int_equal(log.events[4].time_ns, 3000 * US);
	assert_int_equal(adx_sched_now_ns(sched), 4500 * US);
	adx_sched_destroy(sched);
}

/* ---- yield hook ---- */

struct paused_task {
	struct adx_dp_task task;
	int shared;          /* written by the control side while paused */
	int seen;            /* what the cycle read after its first yield point */
	unsigned int done;
	unsigned int done_seen_by_ll[8];
	unsigned int ll_ticks;
	bool pause_armed;
	const char *pause_site;
	unsigned int hook_calls;
	const char *paused_at;
};

static int paused_cycle(void *ctx)
{
	struct paused_task *pt = ctx;

	adx_yield_point("slot.take");
	pt->seen = pt->shared;
	adx_yield_point("slot.put");
	pt->done++;
	return 0;
}

static bool pause_once(void *ctx, const struct adx_dp_task *task, const char *site)
{
	struct paused_task *pt = ctx;

	assert_ptr_equal(task, &pt->task);
	pt->hook_calls++;
	if (!pt->pause_armed || strcmp(site, pt->pause_site))
		return false;
	pt->pause_armed = false;
	pt->paused_at = site;
	return true;
}

static void paused_task_init(struct paused_task *pt, struct adx_sched *sched, uint64_t cost_ns)
{
	memset(pt, 0, sizeof(*pt));
	pt->task.name = "paused";
	pt->task.run_cycle = paused_cycle;
	pt->task.ctx = pt;
	pt->task.period_us = 2000;
	pt->task.cost_ns = cost_ns;
	pt->pause_armed = true;
	pt->pause_site = "slot.take";
	adx_sched_set_yield_hook(sched, pause_once, pt);
	assert_int_equal(adx_sched_add_dp(sched, &pt->task), 0);
	assert_int_equal(adx_dp_task_start(&pt->task), 0);
}

/*
 * Adds a task of cost 0.2 ms and runs ticks until its first cycle pauses at
 * slot.take; in the model that cycle ends at 0.2 ms, in tick 0's DP time.
 */
static void pause_first_cycle(struct adx_sched *sched, struct paused_task *pt)
{
	paused_task_init(pt, sched, 200 * US);
	assert_int_equal(adx_sched_run_ticks(sched, 5), 1);
	assert_int_equal(adx_sched_tick_count(sched), 1);
	assert_string_equal(pt->paused_at, "slot.take");
	assert_int_equal(pt->task.state, ADX_DP_RUNNING);
	assert_int_equal(pt->done, 0);
	assert_int_equal(adx_sched_now_ns(sched), 200 * US);
}

static void yield_hook_pauses_a_cycle_and_step_resumes_it_after_a_control_action(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;

	(void)state;
	pause_first_cycle(sched, &pt);
	pt.shared = 7; /* the control action, between two steps of the cycle */
	assert_int_equal(adx_sched_step_dp(sched, &pt.task), 0);
	assert_int_equal(pt.seen, 7);
	assert_int_equal(pt.done, 1);
	assert_int_equal(pt.task.state, ADX_DP_WAITING);
	assert_int_equal(pt.task.stats.cycles, 1);
	/* The interrupted tick's DP time finishes; no new tick runs. */
	assert_int_equal(adx_sched_run_ticks(sched, 0), 0);
	assert_int_equal(adx_sched_tick_count(sched), 1);
	assert_int_equal(adx_sched_now_ns(sched), 1000 * US);
	assert_int_equal(adx_sched_step_dp(sched, &pt.task), -EINVAL); /* nothing released */
	assert_int_equal(adx_sched_run_ticks(sched, 2), 0);
	assert_int_equal(adx_sched_tick_count(sched), 3);
	assert_int_equal(pt.done, 3); /* always ready: released again at ticks 1 and 2 */
	adx_sched_destroy(sched);
}

static void run_ticks_after_a_pause_finishes_the_cycle_then_runs_more_ticks(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;

	(void)state;
	pause_first_cycle(sched, &pt);
	pt.shared = 3;
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_int_equal(pt.seen, 3);
	assert_int_equal(pt.done, 2); /* the paused cycle, then tick 1's */
	assert_int_equal(adx_sched_tick_count(sched), 2);
	adx_sched_destroy(sched);
}

static void cancel_joins_a_paused_cycle_and_leaves_the_task_stopped(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;

	(void)state;
	pause_first_cycle(sched, &pt);
	pt.shared = 9;
	pt.pause_armed = true; /* a join never pauses, even when the hook would */
	assert_int_equal(adx_dp_task_cancel(&pt.task, 0), 0);
	assert_int_equal(pt.seen, 9);
	assert_int_equal(pt.done, 1);
	assert_int_equal(pt.task.state, ADX_DP_STOPPED);
	assert_int_equal(adx_sched_run_ticks(sched, 4), 0);
	assert_int_equal(pt.done, 1);
	adx_sched_destroy(sched);
}

static int check_cycle_done(void *arg)
{
	struct paused_task *pt = arg;

	return pt->done == 1 ? 5 : -1;
}

static void post_to_a_paused_task_runs_after_the_cycle_completes(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;

	(void)state;
	pause_first_cycle(sched, &pt);
	assert_int_equal(adx_dp_task_post(&pt.task, check_cycle_done, &pt, 0), 5);
	assert_int_equal(pt.task.state, ADX_DP_WAITING);
	assert_int_equal(pt.task.stats.posted_ops, 1);
	assert_int_equal(adx_sched_run_ticks(sched, 0), 0);
	adx_sched_destroy(sched);
}

static void watch_done(void *ctx)
{
	struct paused_task *pt = ctx;

	if (pt->ll_ticks < 8)
		pt->done_seen_by_ll[pt->ll_ticks++] = pt->done;
}

/* A step that pauses between ticks: the next run_ticks finishes that cycle
 * before the next tick's LL work can see its half-written output. */
static void cycle_paused_by_a_step_ends_before_the_next_tick(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;
	struct adx_ll_task ll = { .name = "watch", .run = watch_done, .ctx = &pt };

	(void)state;
	paused_task_init(&pt, sched, 5000 * US);
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_int_equal(pt.task.state, ADX_DP_RUNNING); /* partly run in the model */
	assert_int_equal(adx_sched_step_dp(sched, &pt.task), 1);
	assert_string_equal(pt.paused_at, "slot.take");
	pt.pause_armed = true;
	pt.pause_site = "slot.put";
	assert_int_equal(adx_sched_step_dp(sched, &pt.task), 1);
	assert_string_equal(pt.paused_at, "slot.put");
	assert_int_equal(pt.done, 0);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_int_equal(pt.ll_ticks, 2);
	assert_int_equal(pt.done_seen_by_ll[0], 0);
	assert_int_equal(pt.done_seen_by_ll[1], 1);
	/* Completed at the step's instant, 1 ms, within its 2 ms deadline. */
	assert_int_equal(pt.task.stats.deadline_misses, 0);
	assert_int_equal(pt.task.stats.response.max_ns, 1000 * US);
	adx_sched_destroy(sched);
}

/* Cancel of a cycle the model has only partly run: its code runs now, unpaused. */
static void cancel_runs_a_released_cycle_to_its_end_without_asking_the_hook(void **state)
{
	struct adx_sched *sched = new_sched();
	struct paused_task pt;

	(void)state;
	paused_task_init(&pt, sched, 5000 * US);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_int_equal(pt.task.state, ADX_DP_RUNNING);
	assert_int_equal(pt.done, 0);
	assert_int_equal(adx_dp_task_cancel(&pt.task, 0), 0);
	assert_int_equal(pt.done, 1);
	assert_int_equal(pt.hook_calls, 0);
	assert_int_equal(pt.task.state, ADX_DP_STOPPED);
	assert_int_equal(pt.task.stats.cycles, 1);
	adx_sched_destroy(sched);
}

struct reentrant {
	struct adx_sched *sched;
	struct adx_dp_task task;
	int run_ticks_result;
	int cancel_result;
	int post_result;
};

static int noop_op(void *arg)
{
	(void)arg;
	return 0;
}

static int reentrant_cycle(void *ctx)
{
	struct reentrant *r = ctx;

	r->run_ticks_result = adx_sched_run_ticks(r->sched, 1);
	r->cancel_result = adx_dp_task_cancel(&r->task, 0);
	r->post_result = adx_dp_task_post(&r->task, noop_op, NULL, 0);
	return 0;
}

static void control_calls_from_inside_a_cycle_are_refused(void **state)
{
	struct adx_sched *sched = new_sched();
	struct reentrant r = { .sched = sched };

	(void)state;
	r.task.name = "reentrant";
	r.task.run_cycle = reentrant_cycle;
	r.task.ctx = &r;
	r.task.period_us = 1000;
	assert_int_equal(adx_sched_add_dp(sched, &r.task), 0);
	adx_dp_task_start(&r.task);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_int_equal(r.run_ticks_result, -EDEADLK);
	assert_int_equal(r.cancel_result, -EDEADLK);
	assert_int_equal(r.post_result, -EDEADLK);
	assert_int_equal(adx_sched_tick_count(sched), 1);
	adx_sched_destroy(sched);
}

/* ---- determinism ---- */

struct scenario {
	struct rng rng;
	struct vtask tasks[3];
	struct adx_ll_task ll[2];
	const struct adx_dp_task *paused;
	unsigned int pauses;
};

struct recorded {
	int kind;
	uint64_t time_ns;
	uint64_t tick;
	int task;
};

struct run_log {
	struct recorded events[EVENT_LOG_MAX];
	unsigned int count;
	const struct scenario *scenario;
};

static void record_event(void *ctx, const struct adx_sched_event *event)
{
	struct run_log *log = ctx;
	int index = -1;
	int i;

	for (i = 0; i < 3; i++)
		if (event->task == &log->scenario->tasks[i].task)
			index = i;
	if (log->count < EVENT_LOG_MAX)
		log->events[log->count++] = (struct recorded){ event->kind, event->time_ns,
							       event->tick, index };
}

static uint64_t scenario_rng(struct scenario *sc)
{
	return rng_next(&sc->rng) >> 33;
}

/* Readiness varies tick by tick, from the scenario's own generator. */
static void scenario_ll(void *ctx)
{
	struct scenario *sc = ctx;
	int i;

	for (i = 0; i < 3; i++)
		sc->tasks[i].ready = scenario_rng(sc) % 4 != 0;
	sc->tasks[1].task.cost_ns = 300 * US + scenario_rng(sc) % (900 * US);
}

static bool pause_every_third(void *ctx, const struct adx_dp_task *task, const char *site)
{
	struct scenario *sc = ctx;

	(void)site;
	if (scenario_rng(sc) % 3)
		return false;
	sc->paused = task;
	return true;
}

static int scenario_cycle(void *ctx)
{
	struct vtask *vt = ctx;

	adx_yield_point("scenario.a");
	vt->cycles++;
	adx_yield_point("scenario.b");
	return 0;
}

static void run_scenario(struct run_log *log, uint64_t seed)
{
	static struct scenario sc;
	struct adx_sched *sched = new_sched();
	static const uint32_t periods[3] = { 1000, 2000, 5000 };
	static const uint64_t costs[3] = { 200 * US, 500 * US, 2600 * US };
	int i;
	int ret;

	memset(&sc, 0, sizeof(sc));
	sc.rng.state = seed;
	log->count = 0;
	log->scenario = &sc;
	for (i = 0; i < 3; i++) {
		vtask_init(&sc.tasks[i], sched, "T", periods[i], costs[i]);
		sc.tasks[i].task.run_cycle = scenario_cycle;
		adx_dp_task_start(&sc.tasks[i].task);
	}
	sc.ll[0] = (struct adx_ll_task){ .name = "rng", .run = scenario_ll, .ctx = &sc,
					 .cost_ns = 150 * US };
	sc.ll[1] = (struct adx_ll_task){ .name = "copier", .run = nothing, .cost_ns = 50 * US };
	adx_sched_add_ll(sched, &sc.ll[0]);
	adx_sched_add_ll(sched, &sc.ll[1]);
	adx_sched_set_observer(sched, record_event, log);
	adx_sched_set_yield_hook(sched, pause_every_third, &sc);
	do {
		ret = adx_sched_run_ticks(sched, 300 - adx_sched_tick_count(sched));
		/* The control action while paused: every other time, step the
		 * cycle to its end; otherwise the next run_ticks resumes it. */
		if (ret == 1 && sc.pauses++ % 2 == 0)
			for (i = 0; i < 3; i++)
				if (sc.paused == &sc.tasks[i].task)
					while (adx_sched_step_dp(sched, &sc.tasks[i].task) == 1)
						;
	} while (ret == 1 || adx_sched_tick_count(sched) < 300);
	assert_int_equal(ret, 0);
	assert_true(sc.pauses > 10);
	adx_sched_destroy(sched);
}

/* Events of a kind, for one task index or (-1) any. */
static unsigned int recorded_count(const struct run_log *log, int kind, int task)
{
	unsigned int i;
	unsigned int n = 0;

	for (i = 0; i < log->count; i++)
		if (log->events[i].kind == kind && (task < 0 || log->events[i].task == task))
			n++;
	return n;
}

static void same_inputs_give_the_same_event_log(void **state)
{
	static struct run_log first;
	static struct run_log second;
	static struct run_log other_seed;

	(void)state;
	run_scenario(&first, 1);
	run_scenario(&second, 1);
	run_scenario(&other_seed, 2);
	assert_true(first.count > 1000 && first.count < EVENT_LOG_MAX);
	/* The scenario exercises overload and EDF across all three tasks. */
	assert_true(recorded_count(&first, ADX_SCHED_EV_DP_MISS, -1) > 0);
	assert_true(recorded_count(&first, ADX_SCHED_EV_DP_END, 0) > 0);
	assert_true(recorded_count(&first, ADX_SCHED_EV_DP_END, 1) > 0);
	assert_true(recorded_count(&first, ADX_SCHED_EV_DP_END, 2) > 0);
	assert_int_equal(first.count, second.count);
	assert_memory_equal(first.events, second.events, first.count * sizeof(first.events[0]));
	/* The comparison has teeth: other inputs give another log. */
	assert_true(first.count != other_seed.count ||
		    memcmp(first.events, other_seed.events,
			   first.count * sizeof(first.events[0])) != 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(earlier_deadline_runs_first_among_tasks_released_together),
		cmocka_unit_test(newly_released_earlier_deadline_preempts_at_the_tick),
		cmocka_unit_test(overloaded_task_misses_the_hand_computed_number_of_deadlines),
		cmocka_unit_test(completion_exactly_at_the_deadline_is_not_a_miss),
		cmocka_unit_test(ll_sees_a_cycle_output_only_after_its_simulated_completion),
		cmocka_unit_test(ll_overrun_delays_the_next_tick),
		cmocka_unit_test(yield_hook_pauses_a_cycle_and_step_resumes_it_after_a_control_action),
		cmocka_unit_test(run_ticks_after_a_pause_finishes_the_cycle_then_runs_more_ticks),
		cmocka_unit_test(cancel_joins_a_paused_cycle_and_leaves_the_task_stopped),
		cmocka_unit_test(post_to_a_paused_task_runs_after_the_cycle_completes),
		cmocka_unit_test(cycle_paused_by_a_step_ends_before_the_next_tick),
		cmocka_unit_test(cancel_runs_a_released_cycle_to_its_end_without_asking_the_hook),
		cmocka_unit_test(control_calls_from_inside_a_cycle_are_refused),
		cmocka_unit_test(same_inputs_give_the_same_event_log),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
