// SPDX-License-Identifier: BSD-3-Clause
/*
 * UNBIND against the LL thread's DP readiness check (issue 11, item 7).
 * The check runs inside the LL tick and reads every DP module's pins and
 * buffers; disconnect rewrote the pins and freed the buffer with no lock,
 * so a check that had read "RUNNING" just before could then read freed
 * memory (seen only with threads held in a debugger). Here the LL thread is
 * held inside a tick by an LL task of the test's, placed before the
 * readiness check, while another thread disconnects: the disconnect must
 * not complete until the tick, check included, has ended.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "adx/audio/pipeline.h"
#include "timeout_fixture.h"

/* How long the test gives a disconnect that is NOT held off to complete. */
#define UNHELD_GRACE_NS (200ull * 1000 * 1000)

struct tick_hold {
	struct adx_mutex lock;
	struct adx_cond changed;
	bool armed, inside, go;
};

struct world {
	struct to_fixture f;
	struct adx_pipeline ppl;
	struct stall_control ctl[2];
	struct stall_control *ctl_ptr[2];
	struct adx_module *a, *b;
	struct adx_ll_task hold_task;
	struct tick_hold hold;
	struct adx_thread ticker, unbinder;
	atomic_bool unbound;
	int unbind_ret;
};

static void hold_tick(void *ctx)
{
	struct tick_hold *h = ctx;

	adx_mutex_lock(&h->lock);
	if (h->armed) {
		h->inside = true;
		adx_cond_broadcast(&h->changed);
		while (!h->go)
			adx_cond_wait(&h->changed, &h->lock);
		h->armed = false;
	}
	adx_mutex_unlock(&h->lock);
}

static void *run_one_tick(void *arg)
{
	struct world *w = arg;

	adx_sched_run_ticks(&w->f.sched, 1);
	return NULL;
}

static void *unbind(void *arg)
{
	struct world *w = arg;

	w->unbind_ret = adx_pipeline_disconnect(&w->ppl, w->a, w->b);
	atomic_store(&w->unbound, true);
	return NULL;
}

static void wait_inside(struct tick_hold *h)
{
	adx_mutex_lock(&h->lock);
	while (!h->inside)
		adx_cond_wait(&h->changed, &h->lock);
	adx_mutex_unlock(&h->lock);
}

/* Gives the unbinder a fair chance to finish; true if it did. */
static bool unbound_within_grace(struct world *w)
{
	uint64_t limit = adx_deadline_after_ns(UNHELD_GRACE_NS);

	adx_mutex_lock(&w->hold.lock);
	while (!atomic_load(&w->unbound))
		if (adx_cond_wait_until(&w->hold.changed, &w->hold.lock, limit))
			break;
	adx_mutex_unlock(&w->hold.lock);
	return atomic_load(&w->unbound);
}

static void world_begin(struct world *w)
{
	struct adx_stream_params p = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE };

	memset(w, 0, sizeof(*w));
	to_init(&w->f, 256 * 1024);
	for (int i = 0; i < 2; i++) {
		stall_init(&w->ctl[i]);
		w->ctl_ptr[i] = &w->ctl[i];
	}
	assert_int_equal(adx_pipeline_create(&w->ppl, 1, "victim", w->f.heap, &w->f.sched, 48), 0);
	assert_int_equal(adx_pipeline_add_module(&w->ppl, &stall_dp_driver, "a", &w->ctl_ptr[0],
						 sizeof(w->ctl_ptr[0]), &w->a), 0);
	assert_int_equal(adx_pipeline_add_module(&w->ppl, &stall_dp_driver, "b", &w->ctl_ptr[1],
						 sizeof(w->ctl_ptr[1]), &w->b), 0);
	assert_int_equal(adx_pipeline_connect(&w->ppl, w->a, w->b, &p, 192), 0);
	adx_mutex_init(&w->hold.lock);
	adx_cond_init(&w->hold.changed);
	w->hold_task = (struct adx_ll_task){ .name = "hold", .run = hold_tick, .ctx = &w->hold };
	assert_int_equal(adx_sched_add_ll(&w->f.sched, &w->hold_task), 0);
}

static void world_end(struct world *w)
{
	assert_int_equal(adx_sched_remove_ll(&w->f.sched, &w->hold_task), 0);
	assert_int_equal(adx_pipeline_destroy(&w->ppl), 0);
	to_destroy(&w->f);
	adx_cond_destroy(&w->hold.changed);
	adx_mutex_destroy(&w->hold.lock);
	stall_destroy(&w->ctl[0]);
	stall_destroy(&w->ctl[1]);
}

static void unbind_waits_for_the_tick_that_checks_readiness(void **state)
{
	struct adx_thread_params params = { .name = "test" };
	struct world w;
	bool unbound_in_tick;

	(void)state;
	world_begin(&w);
	w.hold.armed = true;
	assert_int_equal(adx_thread_create(&w.ticker, &params, run_one_tick, &w, NULL), 0);
	wait_inside(&w.hold);
	assert_int_equal(adx_thread_create(&w.unbinder, &params, unbind, &w, NULL), 0);
	unbound_in_tick = unbound_within_grace(&w);
	adx_mutex_lock(&w.hold.lock);
	w.hold.go = true;
	adx_cond_broadcast(&w.hold.changed);
	adx_mutex_unlock(&w.hold.lock);
	adx_thread_join(&w.ticker);
	adx_thread_join(&w.unbinder);
	assert_false(unbound_in_tick);
	assert_int_equal(w.unbind_ret, 0);
	assert_int_equal(w.a->num_sinks, 0);
	assert_int_equal(w.b->num_sources, 0);
	world_end(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(unbind_waits_for_the_tick_that_checks_readiness),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
