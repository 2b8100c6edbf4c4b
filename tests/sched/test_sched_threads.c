// SPDX-License-Identifier: BSD-3-Clause
/*
 * Threads executor: the LL thread never waits on DP beyond the documented
 * back-pressure, one DP cycle runs at a time in EDF order, cancel joins,
 * posted ops run on the DP thread. Tests block DP cycles on gates the test
 * opens, so no assertion depends on how fast the machine is.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "sched_test_util.h"

static struct adx_sched *new_sched(bool paced, uint64_t dp_wait_ns)
{
	static struct adx_sched sched;
	const struct adx_sched_config config = {
		.mode = ADX_EXEC_THREADS,
		.tick_us = 1000,
		.paced = paced,
		.dp_wait_ns = dp_wait_ns,
	};

	assert_int_equal(adx_sched_init(&sched, &config), 0);
	return &sched;
}

/* A DP task whose cycle can be held at a gate. */
struct gated {
	struct adx_dp_task task;
	struct gate *gate;            /* NULL: the cycle does not wait */
	uint64_t sleep_ns;            /* wall time the cycle takes */
	atomic_bool ready;
	atomic_uint started;
	atomic_uint finished;
	atomic_bool in_cycle;
	pthread_t cycle_thread;
	/* What a posted op saw. */
	atomic_bool op_ran;
	pthread_t op_thread;
	unsigned int op_saw_finished;
	bool op_saw_in_cycle;
};

/* Completion order of all gated tasks, by name initial. */
static char order[16];
static atomic_uint order_len;
/* How many cycles run at once, and the most ever seen. */
static atomic_uint running_now;
static atomic_uint running_max;

static bool gated_ready(void *ctx)
{
	return ((struct gated *)ctx)->ready;
}

static void note_running(void)
{
	unsigned int now = ++running_now;
	unsigned int max = running_max;

	while (now > max && !atomic_compare_exchange_weak(&running_max, &max, now))
		;
}

static int gated_cycle(void *ctx)
{
	struct gated *g = ctx;
	unsigned int slot;

	note_running();
	g->in_cycle = true;
	g->cycle_thread = pthread_self();
	g->started++;
	if (g->gate)
		gate_pass(g->gate);
	if (g->sleep_ns)
		adx_sleep_until_ns(adx_clock_now_ns() + g->sleep_ns);
	slot = order_len++;
	if (slot < sizeof(order) - 1)
		order[slot] = g->task.name[0];
	g->in_cycle = false;
	g->finished++;
	running_now--;
	return 0;
}

static int gated_op(void *arg)
{
	struct gated *g = arg;

	g->op_thread = pthread_self();
	g->op_saw_finished = g->finished;
	g->op_saw_in_cycle = g->in_cycle;
	g->op_ran = true;
	return 17;
}

static void gated_init(struct gated *g, struct adx_sched *sched, const char *name,
		       uint32_t period_us, struct gate *gate)
{
	memset(g, 0, sizeof(*g));
	g->gate = gate;
	g->ready = true;
	g->task.name = name;
	g->task.is_ready = gated_ready;
	g->task.run_cycle = gated_cycle;
	g->task.ctx = g;
	g->task.period_us = period_us;
	assert_int_equal(adx_sched_add_dp(sched, &g->task), 0);
}

static void reset_globals(void)
{
	memset(order, 0, sizeof(order));
	order_len = 0;
	running_now = 0;
	running_max = 0;
}

/* Starts the task and runs one tick: its cycle is then held at the gate. */
static void hold_one_cycle(struct adx_sched *sched, struct gated *g)
{
	assert_int_equal(adx_dp_task_start(&g->task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	assert_true(gate_wait_arrivals(g->gate, 1));
	assert_int_equal(g->task.state, ADX_DP_RUNNING);
}

/* ---- EDF and the single core ---- */

/*
 * C holds the core at a gate. A (period 10 ms) is released at tick 1,
 * B (period 2 ms) at tick 2: first-ready order is A, B; when the core
 * frees, EDF gives it to B.
 */
static void earliest_deadline_gets_the_core_when_it_frees(void **state)
{
	struct adx_sched *sched = new_sched(false, 0);
	struct gate gate;
	struct gated a;
	struct gated b;
	struct gated c;

	(void)state;
	reset_globals();
	gate_init(&gate);
	gated_init(&c, sched, "C", 100000, &gate);
	gated_init(&a, sched, "A", 10000, NULL);
	gated_init(&b, sched, "B", 2000, NULL);
	hold_one_cycle(sched, &c);
	c.ready = false;
	assert_int_equal(adx_dp_task_start(&a.task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	a.ready = false;
	assert_int_equal(adx_dp_task_start(&b.task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 1), 0);
	b.ready = false;
	assert_int_equal(a.task.state, ADX_DP_RELEASED);
	assert_int_equal(b.task.state, ADX_DP_RELEASED);
	gate_open(&gate);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_string_equal(order, "CBA");
	adx_sched_destroy(sched);
	gate_destroy(&gate);
}

static void only_one_dp_cycle_runs_at_a_time(void **state)
{
	struct adx_sched *sched = new_sched(false, 0);
	struct gated tasks[3];
	int i;

	(void)state;
	reset_globals();
	for (i = 0; i < 3; i++) {
		gated_init(&tasks[i], sched, "T", 1000 * (uint32_t)(i + 1), NULL);
		tasks[i].sleep_ns = 200 * US;
		assert_int_equal(adx_dp_task_start(&tasks[i].task), 0);
	}
	assert_int_equal(adx_sched_run_ticks(sched, 30), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(running_max, 1);
	for (i = 0; i < 3; i++)
		assert_true(tasks[i].finished >= 1);
	adx_sched_destroy(sched);
}

/* ---- the LL thread never waits on DP (beyond back-pressure) ---- */

static void count_tick(void *ctx)
{
	(*(unsigned int *)ctx)++;
}

static void paced_ll_keeps_ticking_while_a_dp_cycle_is_blocked(void **state)
{
	struct adx_sched *sched = new_sched(true, 0);
	unsigned int ll_runs = 0;
	struct adx_ll_task ll = { .name = "count", .run = count_tick, .ctx = &ll_runs };
	struct gate gate;
	struct gated g;

	(void)state;
	gate_init(&gate);
	gated_init(&g, sched, "G", 2000, &gate);
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	hold_one_cycle(sched, &g);
	assert_int_equal(adx_sched_run_ticks(sched, 30), 0);
	assert_int_equal(adx_sched_tick_count(sched), 31);
	assert_int_equal(ll_runs, 31);
	assert_int_equal(sched->stats.ll_jitter.count, 31);
	assert_int_equal(sched->stats.dp_wait_timeouts, 0);
	assert_int_equal(g.task.state, ADX_DP_RUNNING);
	assert_int_equal(g.finished, 0);
	gate_open(&gate);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(g.finished, 1);
	/* It ended at least 30 ticks after a 2 ms deadline. */
	assert_int_equal(g.task.stats.deadline_misses, 1);
	adx_sched_destroy(sched);
	gate_destroy(&gate);
}

/* Released at tick 0 with deadline 2 ms: before tick 2 the LL thread waits
 * 5 ms for it, gives up, counts the miss and runs on. */
static void unpaced_back_pressure_gives_up_counts_one_miss_and_ticks_on(void **state)
{
	static struct event_log log;
	struct adx_sched *sched = new_sched(false, 5 * MS);
	struct gate gate;
	struct gated g;

	(void)state;
	log.count = 0;
	gate_init(&gate);
	gated_init(&g, sched, "G", 2000, &gate);
	adx_sched_set_observer(sched, event_log_record, &log);
	hold_one_cycle(sched, &g);
	assert_int_equal(adx_sched_run_ticks(sched, 10), 0);
	assert_int_equal(adx_sched_tick_count(sched), 11);
	assert_int_equal(sched->stats.dp_wait_timeouts, 1);
	/* Logical time: tick 10 started at 10 ms, however long the waits took. */
	assert_int_equal(adx_sched_now_ns(sched), 10 * MS);
	gate_open(&gate);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(g.finished, 1);
	assert_int_equal(g.task.stats.deadline_misses, 1);
	assert_int_equal(event_log_count(&log, ADX_SCHED_EV_DP_MISS, &g.task), 1);
	adx_sched_destroy(sched);
	gate_destroy(&gate);
}

/* Each cycle takes 1 ms of wall time and is due one tick after release;
 * the back-pressure holds each tick until it is done, so none misses. */
static void unpaced_back_pressure_lets_every_due_cycle_finish(void **state)
{
	struct adx_sched *sched = new_sched(false, LONG_WAIT_NS);
	struct gated g;

	(void)state;
	reset_globals();
	gated_init(&g, sched, "G", 1000, NULL);
	g.sleep_ns = 1 * MS;
	assert_int_equal(adx_dp_task_start(&g.task), 0);
	assert_int_equal(adx_sched_run_ticks(sched, 20), 0);
	assert_int_equal(adx_sched_drain(sched, LONG_WAIT_NS), 0);
	assert_int_equal(g.finished, 20);
	assert_int_equal(g.task.stats.deadline_misses, 0);
	assert_int_equal(sched->stats.dp_wait_timeouts, 0);
	assert_int_equal(g.task.stats.exec.count, 20);
	assert_true(g.task.stats.exec.max_ns >= 1 * MS);
	adx_sched_destroy(sched);
}

/* ---- cancel and post ---- */

/* Task "G" (period 100 ms) on an unpaced scheduler, its first cycle held at the gate. */
struct held_cycle {
	struct adx_sched *sched;
	struct gate gate;
	struct gated g;
};

static void held_cycle_begin(struct held_cycle *h)
{
	h->sched = new_sched(false, 0);
	gate_init(&h->gate);
	gated_init(&h->g, h->sched, "G", 100000, &h->gate);
	hold_one_cycle(h->sched, &h->g);
}

static void held_cycle_end(struct held_cycle *h)
{
	adx_sched_destroy(h->sched);
	gate_destroy(&h->gate);
}

/* Opens a gate from another thread 20 ms after it starts, while the test blocks. */
struct opener {
	struct adx_thread thread;
	struct gate *gate;
	atomic_bool opened;
};

static void *open_later(void *arg)
{
	struct opener *opener = arg;

	adx_sleep_until_ns(adx_clock_now_ns() + 20 * MS);
	opener->opened = true;
	gate_open(opener->gate);
	return NULL;
}

static void start_opener(struct opener *opener, struct gate *gate)
{
	struct adx_thread_params params = { .name = "opener" };

	opener->gate = gate;
	opener->opened = false;
	assert_int_equal(adx_thread_create(&opener->thread, &params, open_later, opener, NULL), 0);
}

static void cancel_returns_only_after_the_in_flight_cycle_ends(void **state)
{
	struct held_cycle h;
	struct opener opener;

	(void)state;
	held_cycle_begin(&h);
	start_opener(&opener, &h.gate);
	assert_int_equal(adx_dp_task_cancel(&h.g.task, LONG_WAIT_NS), 0);
	assert_true(opener.opened);
	assert_int_equal(h.g.finished, 1);
	assert_int_equal(h.g.task.state, ADX_DP_STOPPED);
	adx_thread_join(&opener.thread);
	assert_int_equal(adx_sched_run_ticks(h.sched, 3), 0);
	assert_int_equal(adx_sched_drain(h.sched, LONG_WAIT_NS), 0);
	assert_int_equal(h.g.started, 1);
	held_cycle_end(&h);
}

static void cancel_timeout_leaves_the_cycle_running_and_it_stops_when_done(void **state)
{
	struct held_cycle h;

	(void)state;
	held_cycle_begin(&h);
	assert_int_equal(adx_dp_task_cancel(&h.g.task, 20 * MS), -ETIMEDOUT);
	assert_int_equal(h.g.task.state, ADX_DP_RUNNING);
	assert_int_equal(h.g.finished, 0);
	assert_int_equal(adx_sched_run_ticks(h.sched, 3), 0); /* LL unaffected */
	gate_open(&h.gate);
	assert_int_equal(adx_sched_drain(h.sched, LONG_WAIT_NS), 0);
	assert_int_equal(h.g.finished, 1);
	assert_int_equal(h.g.task.state, ADX_DP_STOPPED);
	assert_int_equal(adx_sched_run_ticks(h.sched, 3), 0); /* still ready, never released */
	assert_int_equal(adx_sched_drain(h.sched, LONG_WAIT_NS), 0);
	assert_int_equal(h.g.started, 1);
	held_cycle_end(&h);
}

static void posted_op_runs_on_the_dp_thread_after_the_in_flight_cycle(void **state)
{
	struct held_cycle h;
	struct opener opener;

	(void)state;
	held_cycle_begin(&h);
	start_opener(&opener, &h.gate);
	assert_int_equal(adx_dp_task_post(&h.g.task, gated_op, &h.g, LONG_WAIT_NS), 17);
	adx_thread_join(&opener.thread);
	assert_true(pthread_equal(h.g.op_thread, h.g.cycle_thread));
	assert_false(pthread_equal(h.g.op_thread, pthread_self()));
	assert_int_equal(h.g.op_saw_finished, 1);
	assert_false(h.g.op_saw_in_cycle);
	assert_int_equal(h.g.task.stats.posted_ops, 1);
	held_cycle_end(&h);
}

/* Issue 11 item 1: a timed-out op that ran later did so through a dead stack frame. */
static void post_timeout_withdraws_the_op_which_never_runs(void **state)
{
	struct held_cycle h;

	(void)state;
	held_cycle_begin(&h);
	assert_int_equal(adx_dp_task_post(&h.g.task, gated_op, &h.g, 10 * MS), -ETIMEDOUT);
	assert_false(h.g.op_ran);
	gate_open(&h.gate);
	assert_int_equal(adx_sched_drain(h.sched, LONG_WAIT_NS), 0);
	assert_false(h.g.op_ran);
	/* Posted again once the cycle has ended, it runs. */
	assert_int_equal(adx_dp_task_post(&h.g.task, gated_op, &h.g, LONG_WAIT_NS), 17);
	assert_true(h.g.op_ran);
	assert_int_equal(h.g.op_saw_finished, 1);
	assert_int_equal(adx_sched_remove_dp(h.sched, &h.g.task, LONG_WAIT_NS), 0);
	held_cycle_end(&h);
}

/* ---- the LL lock ---- */

struct lock_probe {
	atomic_bool control_inside;   /* the control thread holds the LL lock */
	atomic_uint ticks_inside;     /* LL tasks that ran while it did */
	atomic_uint ll_runs;
	struct adx_sched *sched;
};

static void check_exclusion(void *ctx)
{
	struct lock_probe *probe = ctx;

	probe->ll_runs++;
	if (probe->control_inside)
		probe->ticks_inside++;
}

static void *drive_ticks(void *arg)
{
	struct lock_probe *probe = arg;

	adx_sched_run_ticks(probe->sched, 100);
	return NULL;
}

/* An IPC thread takes the LL lock while another thread drives paced ticks:
 * no LL task ever runs inside the IPC thread's critical sections. */
static void ll_lock_keeps_ticks_out_of_the_control_critical_section(void **state)
{
	struct adx_sched *sched = new_sched(true, 0);
	struct lock_probe probe = { .sched = sched };
	struct adx_ll_task ll = { .name = "excl", .run = check_exclusion, .ctx = &probe };
	struct adx_thread_params params = { .name = "ticker" };
	struct adx_thread ticker;
	int i;

	(void)state;
	assert_int_equal(adx_sched_add_ll(sched, &ll), 0);
	assert_int_equal(adx_thread_create(&ticker, &params, drive_ticks, &probe, NULL), 0);
	for (i = 0; i < 10; i++) {
		adx_sched_ll_lock(sched);
		adx_sched_ll_lock(sched); /* nested, by the same thread */
		probe.control_inside = true;
		adx_sleep_until_ns(adx_clock_now_ns() + 2 * MS);
		probe.control_inside = false;
		adx_sched_ll_unlock(sched);
		adx_sched_ll_unlock(sched);
		adx_sleep_until_ns(adx_clock_now_ns() + 1 * MS);
	}
	adx_thread_join(&ticker);
	assert_int_equal(probe.ll_runs, 100);
	assert_int_equal(probe.ticks_inside, 0);
	adx_sched_destroy(sched);
}

/* ---- scheduling policy ---- */

static void record_policy(void *ctx)
{
	struct sched_param param;

	pthread_getschedparam(pthread_self(), (int *)ctx, &param);
}

static void fifo_flag_tells_the_ll_thread_policy(void **state)
{
	static struct adx_sched sched;
	const struct adx_sched_config config = {
		.mode = ADX_EXEC_THREADS, .paced = true, .try_fifo = true,
	};
	int policy = -1;
	struct adx_ll_task ll = { .name = "policy", .run = record_policy, .ctx = &policy };

	(void)state;
	assert_int_equal(adx_sched_init(&sched, &config), 0);
	assert_int_equal(adx_sched_add_ll(&sched, &ll), 0);
	assert_int_equal(adx_sched_run_ticks(&sched, 2), 0);
	assert_int_equal(policy, sched.stats.fifo ? SCHED_FIFO : SCHED_OTHER);
	adx_sched_destroy(&sched);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(earliest_deadline_gets_the_core_when_it_frees),
		cmocka_unit_test(only_one_dp_cycle_runs_at_a_time),
		cmocka_unit_test(paced_ll_keeps_ticking_while_a_dp_cycle_is_blocked),
		cmocka_unit_test(unpaced_back_pressure_gives_up_counts_one_miss_and_ticks_on),
		cmocka_unit_test(unpaced_back_pressure_lets_every_due_cycle_finish),
		cmocka_unit_test(cancel_returns_only_after_the_in_flight_cycle_ends),
		cmocka_unit_test(cancel_timeout_leaves_the_cycle_running_and_it_stops_when_done),
		cmocka_unit_test(posted_op_runs_on_the_dp_thread_after_the_in_flight_cycle),
		cmocka_unit_test(post_timeout_withdraws_the_op_which_never_runs),
		cmocka_unit_test(ll_lock_keeps_ticks_out_of_the_control_critical_section),
		cmocka_unit_test(fifo_flag_tells_the_ll_thread_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
