// SPDX-License-Identifier: BSD-3-Clause
/*
 * Virtual time, per task: each DP task owns a coroutine that runs its
 * cycles and posted ops, so a cycle can stop at a yield point while the
 * control side acts, then continue where it stopped.
 *
 * A pause is honoured only while the model runs the cycle (fill loop,
 * adx_sched_step_dp). When the control side itself waits for the cycle
 * (cancel, post, remove) nothing else could run in the pause, so the cycle
 * runs straight to its end and the yield hook is not asked.
 */
#include <errno.h>

#include "virtual_priv.h"

static void vt_run_job(struct vt_task *vt)
{
	if (vt->job == VT_JOB_CYCLE)
		vt->cycle_result = vt->task->run_cycle(vt->task->ctx);
	else
		vt->op_result = vt->op(vt->op_arg);
	vt->job = VT_JOB_NONE;
}

static void vt_task_main(void *arg)
{
	struct vt_task *vt = arg;

	while (vt->job != VT_JOB_QUIT) {
		vt_run_job(vt);
		adx_coro_yield();
	}
}

static bool has_yield_hook(const struct adx_sched *sched)
{
#if ADX_TEST_HOOKS
	return sched->yield_hook != NULL;
#else
	(void)sched;
	return false;
#endif
}

static void vt_yield_reached(struct adx_yield_ctx *ctx, const char *site)
{
#if ADX_TEST_HOOKS
	struct vt_task *vt = (struct vt_task *)ctx;
	struct adx_sched *sched = vt->task->sched;

	if (!vt->pausable || vt->job != VT_JOB_CYCLE || !has_yield_hook(sched))
		return;
	if (sched->yield_hook(sched->yield_ctx, vt->task, site))
		adx_coro_yield();
#else
	(void)ctx;
	(void)site;
#endif
}

/*
 * A job that cannot pause runs on the caller's stack: a coroutine switch
 * costs two signal-mask system calls (swapcontext), which would dominate a
 * light DP cycle. It may do so only while the coroutine is idle between
 * jobs (not paused inside one) and no yield hook could ask for a pause.
 */
static bool vt_can_run_direct(const struct vt_task *vt, bool pausable)
{
	const struct adx_sched *sched = vt->task->sched;

	return vt->job != VT_JOB_QUIT && !vt->in_paused_job &&
	       !(pausable && has_yield_hook(sched));
}

/* Runs the task's pending job (resuming a paused one); true when it has finished. */
static bool vt_resume(struct vt_task *vt, bool pausable)
{
	struct adx_yield_ctx *outer;

	vt->pausable = pausable;
	outer = adx_yield_ctx_swap(&vt->yield);
	if (vt_can_run_direct(vt, pausable)) {
		struct vt_sched *vs = vt_sched_of(vt->task->sched);

		vt->running_direct = true;
		vs->in_direct_cycle = true;
		vt->pausable = false;
		vt_run_job(vt);
		vs->in_direct_cycle = false;
		vt->running_direct = false;
	} else {
		adx_coro_resume(vt->coro);
	}
	adx_yield_ctx_swap(outer);
	vt->in_paused_job = vt->job != VT_JOB_NONE && vt->job != VT_JOB_QUIT;
	return vt->job == VT_JOB_NONE;
}

void adx_vt_release(struct adx_sched *sched, struct adx_dp_task *task, uint64_t release_ns)
{
	struct vt_task *vt = vt_task_of(task);

	vt->cost_ns = task->cost_ns;
	vt->remaining_ns = task->cost_ns;
	vt->started = false;
	vt->model_done = false;
	adx_dp_release(sched, task, release_ns, vt_current_tick(vt_sched_of(sched)));
}

void adx_vt_begin(struct adx_sched *sched, struct vt_task *vt)
{
	struct vt_sched *vs = vt_sched_of(sched);

	if (vt->started)
		return;
	vt->started = true;
	vt->task->state = ADX_DP_RUNNING;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_START, vs->now_ns, vt_current_tick(vs), vt->task);
}

/* Control wants the cycle done now: the model completes it at this instant. */
static void vt_complete_now(struct adx_sched *sched, struct vt_task *vt)
{
	if (vt->model_done)
		return;
	adx_vt_begin(sched, vt);
	vt->remaining_ns = 0;
	vt->model_done = true;
	vt->complete_ns = vt_sched_of(sched)->now_ns;
}

static void vt_finish_cycle(struct adx_sched *sched, struct vt_task *vt)
{
	struct adx_dp_outcome outcome = {
		.complete_ns = vt->complete_ns,
		.exec_ns = vt->cost_ns,
		.result = vt->cycle_result,
	};

	vt->in_code = false;
	adx_dp_complete(sched, vt->task, &outcome, vt_current_tick(vt_sched_of(sched)));
	adx_dp_settle(vt->task, vt->cancelling);
	vt->cancelling = false;
}

bool adx_vt_run_code(struct adx_sched *sched, struct vt_task *vt, bool pausable)
{
	if (!vt->in_code) {
		vt->in_code = true;
		vt->job = VT_JOB_CYCLE;
	}
	if (!vt_resume(vt, pausable))
		return false;
	vt_finish_cycle(sched, vt);
	return true;
}

/* The control side may not wait for the coroutine it is running inside. */
static bool vt_called_from_own_cycle(const struct vt_task *vt)
{
	return vt->running_direct || adx_coro_current() == vt->coro;
}

int adx_vt_add_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct vt_task *vt = adx_plat_zalloc(sizeof(*vt));
	int ret;

	if (!vt)
		return -ENOMEM;
	vt->yield.reached = vt_yield_reached;
	vt->task = task;
	ret = adx_coro_create(&vt->coro, 0, vt_task_main, vt);
	if (ret) {
		adx_plat_free(vt);
		return ret;
	}
	task->impl = vt;
	adx_dp_list_append(sched, task);
	return 0;
}

int adx_vt_remove_dp(struct adx_sched *sched, struct adx_dp_task *task, uint64_t timeout_ns)
{
	struct vt_task *vt = vt_task_of(task);
	int ret;

	ret = adx_vt_cancel(task, timeout_ns);
	if (ret)
		return ret;
	vt->job = VT_JOB_QUIT;
	vt_resume(vt, false);
	adx_coro_destroy(vt->coro);
	adx_dp_list_unlink(sched, task);
	adx_plat_free(vt);
	return 0;
}

int adx_vt_start(struct adx_dp_task *task)
{
	vt_task_of(task)->cancelling = false;
	if (task->state == ADX_DP_STOPPED)
		task->state = ADX_DP_WAITING;
	return 0;
}

/* Never times out: the cycle's virtual cost is not wall time anyone waits for. */
int adx_vt_cancel(struct adx_dp_task *task, uint64_t timeout_ns)
{
	struct vt_task *vt = vt_task_of(task);

	(void)timeout_ns;
	if (vt_called_from_own_cycle(vt))
		return -EDEADLK;
	if (adx_dp_in_flight(task)) {
		vt->cancelling = true;
		vt_complete_now(task->sched, vt);
		adx_vt_run_code(task->sched, vt, false);
	}
	task->state = ADX_DP_STOPPED;
	return 0;
}

int adx_vt_post(struct adx_dp_task *task, int (*op)(void *arg), void *arg, uint64_t timeout_ns)
{
	struct vt_task *vt = vt_task_of(task);
	struct adx_sched *sched = task->sched;

	(void)timeout_ns;
	if (vt_called_from_own_cycle(vt))
		return -EDEADLK;
	/* Between cycles: a cycle whose code began finishes first. */
	if (vt->in_code)
		adx_vt_run_code(sched, vt, false);
	vt->job = VT_JOB_OP;
	vt->op = op;
	vt->op_arg = arg;
	vt_resume(vt, false);
	task->stats.posted_ops++;
	adx_sched_emit(sched, ADX_SCHED_EV_DP_OP, vt_sched_of(sched)->now_ns,
		       vt_current_tick(vt_sched_of(sched)), task);
	return vt->op_result;
}

#if ADX_TEST_HOOKS
int adx_vt_step_dp(struct adx_sched *sched, struct adx_dp_task *task)
{
	struct vt_task *vt = vt_task_of(task);

	if (!adx_dp_in_flight(task) || vt_called_from_own_cycle(vt))
		return -EINVAL;
	vt_complete_now(sched, vt);
	return adx_vt_run_code(sched, vt, true) ? 0 : 1;
}
#endif
