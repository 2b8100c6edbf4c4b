// SPDX-License-Identifier: BSD-3-Clause
/*
 * DP concurrency: control ops (set_configuration, stop, reset, prepare,
 * free) against a DP module whose process() runs on its own thread (the
 * threads executor); and, in virtual time, a configuration landing at every
 * yield point of a cycle must act as if it landed before or after the cycle.
 */
#include <errno.h>
#include <string.h>

#include "adx/test_hooks.h"
#include "val_checks.h"

#define DP_OP_TIMEOUT_NS (10ull * 1000 * 1000 * 1000)

/* The LL side of the threads run: feed one period, collect output. */
struct feeder {
	struct val_rig *rig;
	struct adx_ll_task task;
	float *period;
	_Atomic int errors;
};

static void feed_tick(void *ctx)
{
	struct feeder *fd = ctx;

	if (val_rig_tick_feed_only(fd->rig, fd->period))
		atomic_fetch_add(&fd->errors, 1);
}

static int control_round(struct val_rig *rig, int round, int configs)
{
	int ret = 0;

	if (configs) {
		ret = val_send_config(rig, round % configs);
		if (ret)
			return ret;
	}
	if (round % 5 == 4) {
		ret = adx_module_trigger(rig->mod, ADX_TRIGGER_STOP);
		ret = ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
	}
	if (round % 11 == 10) {
		ret = adx_module_reset(rig->mod);
		ret = ret ? ret : adx_module_prepare(rig->mod);
		ret = ret ? ret : adx_module_trigger(rig->mod, ADX_TRIGGER_START);
	}
	return ret;
}

static void threads_run(struct val_ctx *ctx, struct val_result *res,
			enum adx_control_model model)
{
	struct adx_stream_params params;
	struct val_rng rng = { ctx->seed };
	struct val_rig rig;
	struct feeder fd = { .rig = &rig };
	int configs = val_config_count(ctx->target);
	int rounds = 20 * ctx->strictness;
	int ret;

	val_default_params(ctx->target, &params);
	ret = val_rig_open(&rig, ctx->target, &params, ADX_EXEC_THREADS);
	ret = ret ? ret : val_rig_init(&rig);
	if (!ret) {
		adx_module_set_control_model(rig.mod, model);
		/* Correctness, not timing: a loaded machine must not turn a wait into a failure. */
		adx_module_set_op_timeout(rig.mod, DP_OP_TIMEOUT_NS);
	}
	ret = ret ? ret : val_rig_prepare(&rig);
	ret = ret ? ret : adx_module_trigger(rig.mod, ADX_TRIGGER_START);
	fd.period = val_noise(&rng, rig.period_frames, params.channels, 0.5f);
	fd.task = (struct adx_ll_task){ .name = "validate-feed", .run = feed_tick, .ctx = &fd };
	ret = ret ? ret : (fd.period ? adx_sched_add_ll(&rig.sched, &fd.task) : -ENOMEM);
	for (int round = 0; !ret && round < rounds; round++) {
		ret = adx_sched_run_ticks(&rig.sched, 2);
		/* DP cycles released by those ticks are still running now. */
		ret = ret ? ret : control_round(&rig, round, configs);
		if (ret)
			val_fail(res, "round %d: a control op during process returned %d", round, ret);
	}
	if (ret && !res->failed)
		val_fail(res, "could not run on the threads executor: %d", ret);
	if (!res->failed) {
		/* Free while cycles are in flight: must wait for them, then release all. */
		adx_sched_run_ticks(&rig.sched, 2);
		if (val_free_leaves_nothing(&rig, res, "free during process"))
			adx_sched_remove_ll(&rig.sched, &fd.task);
	}
	if (!res->failed && (rig.mod->stats.process_errors || atomic_load(&fd.errors)))
		val_fail(res, "process() failed %llu time(s) (last %d) under control ops",
			 (unsigned long long)rig.mod->stats.process_errors,
			 rig.mod->stats.last_process_error);
	if (!res->failed && val_buf_first_nonfinite(&rig.out, 0) >= 0)
		val_fail(res, "non-finite output under control ops");
	val_rig_close(&rig);
	free(fd.period);
}

static void control_ops_during_process(struct val_ctx *ctx, struct val_result *res)
{
	if (ctx->target->drv->domain != ADX_DOMAIN_DP) {
		val_skip(res, "LL module: process() and control ops never overlap in adx");
		return;
	}
	threads_run(ctx, res, ADX_CTRL_CANCEL_JOIN);
	if (!res->failed)
		threads_run(ctx, res, ADX_CTRL_POST_TO_DP);
}

/* ---- a configuration landing mid-cycle (virtual time) ---- */

enum landing { LAND_BEFORE, LAND_AFTER, LAND_AT_YIELD };

struct yield_plan {
	bool armed;
	uint32_t target;      /* pause at this yield point (0-based) of the cycle */
	uint32_t seen;
	bool paused;
	char site[64];
};

static bool pause_at_plan(void *ctx, const struct adx_dp_task *task, const char *site)
{
	struct yield_plan *plan = ctx;

	(void)task;
	if (!plan->armed || plan->paused)
		return false;
	if (plan->seen++ != plan->target)
		return false;
	plan->paused = true;
	snprintf(plan->site, sizeof(plan->site), "%s", site);
	return true;
}

#define LANDING_TICK 12u
#define LANDING_TICKS 40u

/* Runs LANDING_TICKS of noise, configuration 1 landing at tick LANDING_TICK. */
static int landing_run(struct val_ctx *ctx, enum landing how, struct yield_plan *plan,
		       struct val_buf *out)
{
	struct adx_stream_params params;
	struct val_rng rng = { ctx->seed };
	struct val_rig rig;
	float *in;
	int ret;

	val_default_params(ctx->target, &params);
	ret = val_rig_open(&rig, ctx->target, &params, ADX_EXEC_VIRTUAL);
	ret = ret ? ret : val_rig_start(&rig);
	ret = ret ? ret : val_send_config(&rig, 0);
	in = val_noise(&rng, (uint64_t)LANDING_TICKS * rig.period_frames, params.channels, 0.5f);
	if (!in)
		ret = -ENOMEM;
	if (!ret && plan)
		adx_sched_set_yield_hook(&rig.sched, pause_at_plan, plan);
	for (uint32_t t = 0; !ret && t < LANDING_TICKS; t++) {
		const float *period = in + (uint64_t)t * rig.period_frames * params.channels;

		if (t == LANDING_TICK && how == LAND_BEFORE)
			ret = val_send_config(&rig, 1);
		if (t == LANDING_TICK && plan)
			plan->armed = true;
		ret = ret ? ret : val_rig_tick(&rig, period);
		if (ret == 1 && plan && plan->paused) {
			plan->armed = false;
			ret = val_send_config(&rig, 1);
			ret = ret ? ret : adx_sched_step_dp(&rig.sched, adx_module_dp_task(rig.mod));
			ret = ret ? ret : adx_sched_run_ticks(&rig.sched, 0);
			val_rig_drain(&rig);
		}
		if (t == LANDING_TICK && plan)
			plan->armed = false;
		if (!ret && t == LANDING_TICK && how == LAND_AFTER)
			ret = val_send_config(&rig, 1);
	}
	free(in);
	ret = ret ? ret : val_buf_init(out, rig.out_params.channels, rig.out.frames);
	ret = ret ? ret : val_buf_append(out, rig.out.data, rig.out.frames);
	val_rig_close(&rig);
	return ret;
}

static void config_lands_at_cycle_boundary(struct val_ctx *ctx, struct val_result *res)
{
	struct val_buf before = { 0 }, after = { 0 };
	uint32_t points = 0;
	int ret;

	if (ctx->target->drv->domain != ADX_DOMAIN_DP) {
		val_skip(res, "LL module: no DP cycle to land in");
		return;
	}
	if (val_config_count(ctx->target) < 2) {
		val_skip(res, "needs two declared configurations");
		return;
	}
	ret = landing_run(ctx, LAND_BEFORE, NULL, &before);
	ret = ret ? ret : landing_run(ctx, LAND_AFTER, NULL, &after);
	for (uint32_t j = 0; !ret && !res->failed; j++) {
		struct yield_plan plan = { .target = j };
		struct val_buf mid = { 0 };

		ret = landing_run(ctx, LAND_AT_YIELD, &plan, &mid);
		if (!ret && !plan.paused) {
			val_buf_free(&mid);
			break;
		}
		if (!ret && !val_buf_equal(&mid, &before) && !val_buf_equal(&mid, &after))
			val_fail(res, "a configuration landing at yield point %u (%s) of a cycle "
				 "changed that cycle's output from frame %llu: process() read state "
				 "set_configuration wrote mid-cycle", j, plan.site,
				 (unsigned long long)val_buf_first_difference(&mid, &after));
		val_buf_free(&mid);
		points++;
	}
	if (ret && !res->failed)
		val_fail(res, "the run failed: %d", ret);
	if (!res->failed)
		val_note(ctx, "%u yield points explored", points);
	val_buf_free(&before);
	val_buf_free(&after);
}

const struct val_check val_dp_checks[] = {
	{ "dp.control_ops_during_process_are_safe", 5,
	  "set_configuration, stop/start, reset/prepare and free while a DP cycle runs "
	  "(threads executor, both control models) succeed, leak nothing and keep the "
	  "output finite", control_ops_during_process },
	{ "dp.config_landing_mid_cycle_acts_at_a_cycle_boundary", 5,
	  "a configuration sent while a cycle is paused at any of its yield points gives the "
	  "output of sending it just before or just after that cycle",
	  config_lands_at_cycle_boundary },
	{ NULL, 0, NULL, NULL },
};
