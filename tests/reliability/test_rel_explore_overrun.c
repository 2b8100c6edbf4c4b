// SPDX-License-Identifier: BSD-3-Clause
/*
 * Interleaving explorer with an overrunning DP module (issue 11). A "hog"
 * stall module whose cycle costs five periods of virtual time is mid-cycle
 * when the explored tick begins, and the victim pipeline's modules (stall
 * A -> B, both control models) have cycles released behind it; the control
 * op is a host message on the victim pipeline: PAUSED, RESET, RESET +
 * UNBIND, or DELETE_PIPELINE's waiting part (RESET + every module's
 * free). Every schedule of the hog's cycle, the victim's cycles and the
 * control op (paused at every sync point of the stall module and every
 * yield point of the control side) is run.
 *
 * Virtual time never times a wait out (a control op runs the cycle it
 * waits for to its end), so this explores the orderings of an overrun
 * with the ops, not the timeout itself; the threads tests
 * (tests/audio/test_timeout_*.c, tests/ipc/test_timeout_ipc.c) and the
 * TSan stress (test_rel_stress_overrun) cover the timeout outcomes. An op
 * is nevertheless allowed to answer -ETIMEDOUT here, on condition that its
 * retry succeeds.
 *
 * Invariants after every step: no victim process() ever runs after its
 * module's reset (the stall module's tripwire). At the end: the op (or its
 * retry) succeeded; the hog's stream goes on (it processes in the next
 * ticks); the victim is in the state the op asked for; the heap validates.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/audio/pipeline.h"
#include "explorer.h"
#include "stall_module.h"

#define HEAP_BYTES (256u * 1024u)
#define HOG_COST_NS (5u * 1000u * 1000u)

enum op { OP_PAUSE, OP_RESET, OP_UNBIND, OP_FREE, OP_COUNT };
static const char *const op_names[] = { "paused", "reset", "reset+unbind", "reset+free" };

struct config {
	enum op op;
	enum adx_control_model model;
};

struct world {
	struct config cfg;
	uint8_t *arena;
	struct adx_heap *heap;
	struct adx_sched sched;
	struct stall_control hog_ctl, ctl[2];
	struct stall_control *hog_ptr, *ctl_ptr[2];
	struct adx_module_instance hog;
	struct adx_pipeline ppl;
	struct adx_module *mod[2];
	int op_ret;
	unsigned int hog_calls_at_end;
	char why[160];
};

static int run_op(struct world *w)
{
	struct adx_stream_params p = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE };
	int ret;

	switch (w->cfg.op) {
	case OP_PAUSE:
		return adx_pipeline_set_state(&w->ppl, ADX_PPL_PAUSED);
	case OP_RESET:
		return adx_pipeline_set_state(&w->ppl, ADX_PPL_RESET);
	case OP_UNBIND:
		ret = adx_pipeline_set_state(&w->ppl, ADX_PPL_RESET);
		if (!ret)
			ret = adx_pipeline_disconnect(&w->ppl, w->mod[0], w->mod[1]);
		if (!ret)   /* bound again, so the end state can be checked like RESET's */
			ret = adx_pipeline_connect(&w->ppl, w->mod[0], w->mod[1], &p, 192);
		return ret;
	case OP_FREE:
		/* DELETE_PIPELINE's waiting part; the structs go at teardown, as the
		 * explorer still reads the tasks inside them. */
		ret = adx_pipeline_set_state(&w->ppl, ADX_PPL_RESET);
		for (int m = 0; m < 2 && !ret; m++)
			ret = adx_module_free(w->mod[m]);
		return ret;
	case OP_COUNT:
		break;
	}
	return -EINVAL;
}

static void control(void *world)
{
	struct world *w = world;

	w->op_ret = run_op(w);
}

static bool in_flight(const struct adx_dp_task *task)
{
	int state = atomic_load(&task->state);

	return state == ADX_DP_RELEASED || state == ADX_DP_RUNNING;
}

static void *setup(void *ctx)
{
	struct adx_sched_config cfg = { .mode = ADX_EXEC_VIRTUAL, .tick_us = 1000 };
	struct adx_stream_params p = { .rate = 48000, .channels = 2, .format = ADX_FMT_S32_LE };
	struct world *w = calloc(1, sizeof(*w));

	assert_non_null(w);
	w->cfg = *(const struct config *)ctx;
	w->arena = aligned_alloc(64, HEAP_BYTES);
	assert_non_null(w->arena);
	w->heap = adx_heap_init_tlsf(w->arena, HEAP_BYTES);
	assert_non_null(w->heap);
	assert_int_equal(adx_sched_init(&w->sched, &cfg), 0);
	stall_init(&w->hog_ctl);
	w->hog_ctl.cycle_cost_ns = HOG_COST_NS;
	w->hog_ptr = &w->hog_ctl;
	assert_int_equal(adx_module_init(&w->hog, &stall_dp_driver, "hog", w->heap, &w->sched,
					 &w->hog_ptr, sizeof(w->hog_ptr)), 0);
	assert_int_equal(adx_pipeline_create(&w->ppl, 1, "victim", w->heap, &w->sched, 48), 0);
	adx_pipeline_set_control_model(&w->ppl, w->cfg.model);
	for (int m = 0; m < 2; m++) {
		stall_init(&w->ctl[m]);
		w->ctl_ptr[m] = &w->ctl[m];
		assert_int_equal(adx_pipeline_add_module(&w->ppl, &stall_dp_driver, m ? "b" : "a",
							 &w->ctl_ptr[m], sizeof(w->ctl_ptr[m]),
							 &w->mod[m]), 0);
	}
	assert_int_equal(adx_pipeline_connect(&w->ppl, w->mod[0], w->mod[1], &p, 192), 0);
	assert_int_equal(adx_pipeline_set_state(&w->ppl, ADX_PPL_RUNNING), 0);
	/* The victim streams a while; then the hog starts overrunning. */
	assert_int_equal(adx_sched_run_ticks(&w->sched, 6), 0);
	assert_int_equal(adx_module_prepare(&w->hog.mod), 0);
	assert_int_equal(adx_module_trigger(&w->hog.mod, ADX_TRIGGER_START), 0);
	for (int guard = 0; guard < 64; guard++) {
		assert_int_equal(adx_sched_run_ticks(&w->sched, 1), 0);
		if (in_flight(adx_module_dp_task(&w->hog.mod)) &&
		    in_flight(adx_module_dp_task(w->mod[0])))
			return w;
	}
	fail_msg("the hog and the victim never had cycles in flight together");
	return NULL;
}

static struct adx_sched *world_sched(void *world)
{
	return &((struct world *)world)->sched;
}

static int world_tasks(void *world, struct adx_dp_task **tasks)
{
	struct world *w = world;

	tasks[0] = adx_module_dp_task(&w->hog.mod);
	tasks[1] = adx_module_dp_task(w->mod[0]);
	tasks[2] = adx_module_dp_task(w->mod[1]);
	return 3;
}

static const char *check_step(void *world)
{
	struct world *w = world;

	for (int m = 0; m < 2; m++)
		if (stall_calls(&w->ctl[m], STALL_PROCESS_UNPREPARED))
			return "a victim's process() ran after its reset";
	if (stall_calls(&w->hog_ctl, STALL_PROCESS_UNPREPARED))
		return "the hog's process() ran unprepared";
	return NULL;
}

static const char *victim_state_wrong(struct world *w)
{
	static const enum adx_pipeline_state want[] = {
		[OP_PAUSE] = ADX_PPL_PAUSED, [OP_RESET] = ADX_PPL_RESET,
		[OP_UNBIND] = ADX_PPL_RESET, [OP_FREE] = ADX_PPL_RESET,
	};
	enum adx_module_state mod_want;

	if (w->ppl.state != want[w->cfg.op])
		return "the pipeline is not in the state the op asked for";
	mod_want = w->cfg.op == OP_PAUSE ? ADX_MOD_IDLE :
		   w->cfg.op == OP_FREE ? ADX_MOD_DISABLED : ADX_MOD_INITIALIZED;
	for (int m = 0; m < 2; m++)
		if (adx_module_state(w->mod[m]) != mod_want)
			return "a victim module is not in the state the op asked for";
	return NULL;
}

static const char *check_end(void *world)
{
	struct world *w = world;
	unsigned int hog_before;
	const char *why;

	if (w->op_ret == -ETIMEDOUT) {
		if (adx_sched_run_ticks(&w->sched, 8))
			return "ticks refused";
		w->op_ret = run_op(w);
	}
	if (w->op_ret) {
		snprintf(w->why, sizeof(w->why), "the %s op failed (%d)", op_names[w->cfg.op],
			 w->op_ret);
		return w->why;
	}
	hog_before = stall_calls(&w->hog_ctl, STALL_PROCESS);
	if (adx_sched_run_ticks(&w->sched, 12))
		return "ticks refused";
	if (stall_calls(&w->hog_ctl, STALL_PROCESS) <= hog_before)
		return "the other stream stopped";
	why = check_step(world);
	if (!why)
		why = victim_state_wrong(w);
	if (!why && adx_heap_validate(w->heap))
		why = "heap invalid";
	return why;
}

static void teardown(void *world)
{
	struct world *w = world;

	assert_int_equal(adx_pipeline_destroy(&w->ppl), 0);
	assert_int_equal(adx_module_free(&w->hog.mod), 0);
	adx_sched_destroy(&w->sched);
	assert_int_equal(adx_heap_validate(w->heap), 0);
	adx_heap_retire(w->heap);
	free(w->arena);
	stall_destroy(&w->hog_ctl);
	stall_destroy(&w->ctl[0]);
	stall_destroy(&w->ctl[1]);
	free(w);
}

static void every_op_against_an_overrunning_module_in_every_interleaving(void **state)
{
	static const char *const models[] = { "cancel-join", "post-to-dp" };
	uint64_t explored = 0;

	(void)state;
	for (int op = 0; op < OP_COUNT; op++) {
		for (int model = 0; model < 2; model++) {
			struct config cfg = { (enum op)op, (enum adx_control_model)model };
			char name[64];
			struct rx_scenario sc = {
				.name = name, .max_preemptions = 2, .ctx = &cfg,
				.setup = setup, .sched = world_sched, .dp_tasks = world_tasks,
				.control = control, .check_step = check_step,
				.check_end = check_end, .teardown = teardown,
			};
			struct rx_result res;

			snprintf(name, sizeof(name), "overrun/%s/%s", op_names[op], models[model]);
			assert_int_equal(rx_explore(&sc, &res), 0);
			rx_print(&sc, &res);
			if (res.violated)
				fail_msg("%s: %s after %s", name, res.first_violation,
					 res.first_schedule);
			explored += res.explored;
		}
	}
	printf("RELIABILITY explorer-overrun total: explored=%llu violated=0\n",
	       (unsigned long long)explored);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_op_against_an_overrunning_module_in_every_interleaving),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
