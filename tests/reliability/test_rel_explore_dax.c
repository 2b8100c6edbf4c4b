// SPDX-License-Identifier: BSD-3-Clause
/*
 * Interleaving explorer, DAX level: the real module (src/modules/dax) in
 * host -> dax -> DAI pipelines on the virtual-time executor. The explored
 * DP cycle is one that completes an engine block, so every yield point of
 * the module is on its path (dax.controls.adopt, engine_slot.take,
 * dax.engine.apply, dax.engine.process, engine_slot.put); the control op
 * runs through the adapter, as the IPC layer would call it, in a coroutine
 * whose own yield points (dax.controls.stage, engine_slot.claim/install)
 * pause it. Ops: reset and free (both control models), set_configuration,
 * tuning blob load, and ownership handoffs between two instances of the
 * shared region (by reset of the owner, and by a run-time device change).
 *
 * Invariants after every step: the module's own tripwires stay 0
 * (poisoned_engine_seen: released memory reached a cycle;
 * ownership_violations: an engine used by two cycles or not its owner's),
 * at most one instance owns the region. At the end, after more ticks run
 * without pauses: the LL tick ran; the engine has the latest controls and
 * tuning (latest setting wins); every complete block was either processed
 * or bypassed, exactly once; the heap validates.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "adx/dsp/tuning.h"
#include "dax_fixture.h"
#include "dax_priv.h"
#include "explorer.h"

#define FRAMES (DAX_T_PERIOD * 400u)
#define OP_TIMEOUT_NS 2000000u

enum op {
	OP_RESET, OP_FREE, OP_SET_CONFIG, OP_TUNING, OP_HANDOFF_RESET, OP_HANDOFF_DEVICE,
	OP_COUNT
};
static const char *const op_names[] = { "reset", "free", "set_configuration", "tuning",
					"handoff-by-reset", "handoff-by-device" };

struct config {
	enum op op;
	enum adx_dax_policy policy;
	enum adx_control_model model;
};

struct world {
	struct config cfg;
	struct dax_t_env env;
	struct dax_t_ppl ppl[2];
	int num_ppl;
	int op_ret[3];
	uint8_t blobs[2][20];
	char why[160];
};

static struct dax *dax_of(struct world *w, int i)
{
	return w->ppl[i].dax->priv;
}

static void make_blob(uint8_t *blob, float ceiling)
{
	uint32_t words[5] = { ADX_TUNING_LIMITER, 20, ADX_TUNING_ANY, ADX_TUNING_ANY, 0 };

	memcpy(&words[4], &ceiling, sizeof(float));
	memcpy(blob, words, sizeof(words));
}

static void control(void *world)
{
	struct world *w = world;
	struct adx_module *dax0 = w->ppl[0].dax;

	switch (w->cfg.op) {
	case OP_RESET:
	case OP_HANDOFF_RESET:
		w->op_ret[0] = adx_module_reset(dax0);
		break;
	case OP_FREE:
		w->op_ret[0] = adx_module_free(dax0);
		break;
	case OP_SET_CONFIG:
		w->op_ret[0] = dax_t_set_u32(dax0, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_MUSIC);
		w->op_ret[1] = dax_t_set_u32(dax0, ADX_DAX_CFG_VOLUME, 0x40000000u);
		w->op_ret[2] = dax_t_set_u32(dax0, ADX_DAX_CFG_PROFILE, ADX_DAX_PROFILE_VOICE);
		break;
	case OP_TUNING:
		for (int i = 0; i < 2; i++)
			w->op_ret[i] = adx_module_set_configuration(dax0, ADX_DAX_CFG_TUNING,
								    ADX_CFG_SINGLE, 20,
								    w->blobs[i], 20);
		break;
	case OP_HANDOFF_DEVICE:
		/* The owner moves to headphone, the other to speaker: the region follows. */
		w->op_ret[0] = dax_t_set_u32(dax0, ADX_DAX_CFG_DEVICE, ADX_DAX_DEVICE_HEADPHONE);
		w->op_ret[1] = dax_t_set_u32(w->ppl[1].dax, ADX_DAX_CFG_DEVICE,
					     ADX_DAX_DEVICE_SPEAKER);
		break;
	case OP_COUNT:
		break;
	}
}

static void *setup(void *ctx)
{
	const struct config *cfg = ctx;
	struct world *w = calloc(1, sizeof(*w));
	bool two = cfg->op == OP_HANDOFF_RESET || cfg->op == OP_HANDOFF_DEVICE;

	assert_non_null(w);
	w->cfg = *cfg;
	make_blob(w->blobs[0], -1.0f);
	make_blob(w->blobs[1], -3.0f);
	dax_t_env_init(&w->env, ADX_EXEC_VIRTUAL, 0, false);
	w->num_ppl = two ? 2 : 1;
	for (int i = 0; i < w->num_ppl; i++) {
		struct adx_dax_init init = dax_t_init(cfg->policy, i ? ADX_DAX_DEVICE_HEADPHONE
								     : ADX_DAX_DEVICE_SPEAKER);

		dax_t_ppl_build(&w->env, &w->ppl[i], (uint32_t)i, &init, 2, ADX_FMT_S32_LE,
				FRAMES, FRAMES);
		adx_pipeline_set_control_model(&w->ppl[i].ppl, cfg->model);
		adx_module_set_op_timeout(w->ppl[i].dax, OP_TIMEOUT_NS);
		assert_int_equal(adx_pipeline_set_state(&w->ppl[i].ppl, ADX_PPL_PAUSED), 0);
		assert_int_equal(adx_pipeline_set_state(&w->ppl[i].ppl, ADX_PPL_RUNNING), 0);
	}
	/* Run until the next cycle of instance 0 completes an engine block. */
	for (int guard = 0; guard < 64; guard++) {
		assert_int_equal(adx_sched_run_ticks(&w->env.sched, 1), 0);
		if (guard > 8 && dax_of(w, 0)->stream.block_fill + DAX_TICK_FRAMES >=
					 DAX_BLOCK_FRAMES)
			break;
	}
	assert_true(dax_t_stats(w->ppl[0].dax).processed_frames > 0);
	return w;
}

static struct adx_sched *world_sched(void *world)
{
	return &((struct world *)world)->env.sched;
}

static int world_tasks(void *world, struct adx_dp_task **tasks)
{
	struct world *w = world;

	for (int i = 0; i < w->num_ppl; i++)
		tasks[i] = adx_module_dp_task(w->ppl[i].dax);
	return w->num_ppl;
}

static bool is_dax(const struct adx_module *mod)
{
	return mod->priv != NULL;
}

static const char *check_step(void *world)
{
	struct world *w = world;
	int owners = 0;

	for (int i = 0; i < w->num_ppl; i++) {
		struct adx_dax_stats st;

		if (!is_dax(w->ppl[i].dax))
			continue; /* freed */
		st = dax_t_stats(w->ppl[i].dax);
		if (st.poisoned_engine_seen)
			return "released engine memory reached a cycle";
		if (st.ownership_violations)
			return "an engine was used by two cycles or by a non-owner";
		owners += st.owns_memory;
	}
	if (owners > 1 && w->cfg.policy >= ADX_DAX_POLICY_STATIC)
		return "two instances own the one region";
	return NULL;
}

static bool controls_equal(const struct adx_dax_controls *a, const struct adx_dax_controls *b)
{
	return a->generation == b->generation && a->profile == b->profile &&
	       a->volume_q8_23 == b->volume_q8_23 && a->device == b->device &&
	       a->ctc_enable == b->ctc_enable && a->content_processing == b->content_processing;
}

static const char *check_instance(struct world *w, int i)
{
	struct dax *d;
	struct adx_dax_stats st;
	struct dax_control_set staged;
	uint64_t in, accounted;

	if (!is_dax(w->ppl[i].dax))
		return NULL;
	d = dax_of(w, i);
	st = dax_t_stats(w->ppl[i].dax);
	if (!d->prepared)
		return NULL; /* reset: the stream is gone */
	in = atomic_load(&d->counters.frames_in);
	accounted = st.processed_frames + st.bypassed_frames;
	if (accounted != in / DAX_BLOCK_FRAMES * DAX_BLOCK_FRAMES) {
		snprintf(w->why, sizeof(w->why),
			 "instance %d: %llu frames in, %llu processed + bypassed", i,
			 (unsigned long long)in, (unsigned long long)accounted);
		return w->why;
	}
	dax_staging_snapshot(&d->staging, &staged);
	if (d->engine && (!controls_equal(&d->engine->applied, &staged.values) ||
			  d->engine->applied_tuning != staged.tuning_generation))
		return "the engine does not have the latest setting";
	if (d->engine && d->dp_controls.values.generation != staged.values.generation)
		return "the DP side did not adopt the latest set";
	return NULL;
}

static const char *check_end(void *world)
{
	struct world *w = world;
	uint64_t ticks = adx_sched_tick_count(&w->env.sched);
	const char *why;

	for (int i = 0; i < 3; i++)
		if (w->op_ret[i])
			return "a control op failed";
	/* Two blocks more, no pauses: the latest values reach the engine. */
	if (adx_sched_run_ticks(&w->env.sched, 12) != 0 ||
	    adx_sched_tick_count(&w->env.sched) != ticks + 12)
		return "the LL tick did not keep running";
	why = check_step(world);
	for (int i = 0; !why && i < w->num_ppl; i++)
		why = check_instance(w, i);
	if (!why && (w->cfg.op == OP_HANDOFF_RESET || w->cfg.op == OP_HANDOFF_DEVICE) &&
	    w->cfg.policy >= ADX_DAX_POLICY_STATIC && !dax_t_stats(w->ppl[1].dax).owns_memory)
		why = "the waiting instance did not get the region";
	if (!why && w->cfg.op == OP_HANDOFF_DEVICE && dax_t_stats(w->ppl[0].dax).owns_memory)
		why = "the old owner kept the region";
	if (!why && adx_heap_validate(w->env.heap))
		why = "heap invalid";
	return why;
}

static void teardown(void *world)
{
	struct world *w = world;

	for (int i = w->num_ppl - 1; i >= 0; i--)
		dax_t_ppl_destroy(&w->ppl[i]);
	dax_t_env_destroy(&w->env, true);
	free(w);
}

static uint64_t total_explored;

static void explore(enum op op, enum adx_dax_policy policy, enum adx_control_model model)
{
	struct config cfg = { .op = op, .policy = policy, .model = model };
	char name[80];
	struct rx_scenario sc = {
		.name = name, .max_preemptions = 2, .ctx = &cfg, .setup = setup,
		.sched = world_sched, .dp_tasks = world_tasks, .control = control,
		.check_step = check_step, .check_end = check_end, .teardown = teardown,
	};
	struct rx_result res;

	snprintf(name, sizeof(name), "dax/%s/%s/%s", adx_dax_policy_name(policy), op_names[op],
		 model == ADX_CTRL_CANCEL_JOIN ? "cancel-join" : "post-to-dp");
	assert_int_equal(rx_explore(&sc, &res), 0);
	rx_print(&sc, &res);
	assert_true(res.explored >= 1);
	assert_int_equal(res.violated, 0);
	total_explored += res.explored;
}

static void reset_and_free_against_a_cycle_in_every_interleaving(void **state)
{
	(void)state;
	for (int model = ADX_CTRL_CANCEL_JOIN; model <= ADX_CTRL_POST_TO_DP; model++)
		for (int policy = 0; policy < ADX_DAX_POLICY_COUNT; policy++) {
			explore(OP_RESET, (enum adx_dax_policy)policy, (enum adx_control_model)model);
			explore(OP_FREE, (enum adx_dax_policy)policy, (enum adx_control_model)model);
		}
}

static void configuration_and_tuning_against_a_cycle_in_every_interleaving(void **state)
{
	(void)state;
	explore(OP_SET_CONFIG, ADX_DAX_POLICY_SHARED, ADX_CTRL_CANCEL_JOIN);
	explore(OP_SET_CONFIG, ADX_DAX_POLICY_PREPARE, ADX_CTRL_CANCEL_JOIN);
	explore(OP_TUNING, ADX_DAX_POLICY_SHARED, ADX_CTRL_CANCEL_JOIN);
	explore(OP_TUNING, ADX_DAX_POLICY_INIT, ADX_CTRL_CANCEL_JOIN);
}

static void handoffs_between_two_instances_in_every_interleaving(void **state)
{
	(void)state;
	for (int policy = ADX_DAX_POLICY_STATIC; policy <= ADX_DAX_POLICY_SHARED; policy++)
		for (int model = ADX_CTRL_CANCEL_JOIN; model <= ADX_CTRL_POST_TO_DP; model++) {
			explore(OP_HANDOFF_RESET, (enum adx_dax_policy)policy,
				(enum adx_control_model)model);
			explore(OP_HANDOFF_DEVICE, (enum adx_dax_policy)policy,
				(enum adx_control_model)model);
		}
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(reset_and_free_against_a_cycle_in_every_interleaving),
		cmocka_unit_test(configuration_and_tuning_against_a_cycle_in_every_interleaving),
		cmocka_unit_test(handoffs_between_two_instances_in_every_interleaving),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	printf("RELIABILITY explorer-dax total: explored=%llu violated=0 expected\n",
	       (unsigned long long)total_explored);
	return failed;
}
