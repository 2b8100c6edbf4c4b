// SPDX-License-Identifier: BSD-3-Clause
/*
 * Module adapter: enforces the lifecycle table of adx/audio/module_adapter.h
 * and keeps a DP module's process() apart from its control ops. Modules
 * never check their own state and never see the scheduler; what they may
 * ask of the framework is in module_services.c.
 */
#include <errno.h>
#include <string.h>

#include "adx/platform/log.h"
#include "adx/audio/module_adapter.h"

static void set_state(struct adx_module *mod, enum adx_module_state state)
{
	atomic_store_explicit(&mod->state, (int)state, memory_order_release);
}

static bool is_dp(const struct adx_module *mod)
{
	return mod->drv->domain == ADX_DOMAIN_DP;
}

static int reject(const struct adx_module *mod, const char *op)
{
	adx_warn("adapter", "%s: %s rejected in state %s", mod->name, op,
		 adx_module_state_name(adx_module_state(mod)));
	return -EINVAL;
}

/* Readiness of one period: every source holds a block and every sink has room. */
static bool pins_ready(const struct adx_module *mod)
{
	for (int i = 0; i < mod->num_sources; i++) {
		const struct adx_source *src = mod->sources[i];
		size_t need = mod->in_block_frames * adx_frame_bytes(adx_source_get_params(src));

		if (adx_source_get_data_available(src) < need)
			return false;
	}
	for (int i = 0; i < mod->num_sinks; i++) {
		const struct adx_sink *sink = mod->sinks[i];
		size_t need = mod->out_block_frames * adx_frame_bytes(adx_sink_get_params(sink));

		if (adx_sink_get_free_size(sink) < need)
			return false;
	}
	return true;
}

static int run_process_op(struct adx_module *mod)
{
#if ADX_TEST_HOOKS
	if (mod->rt->process_probe)
		return mod->rt->process_probe(mod, mod->sources, mod->num_sources,
					      mod->sinks, mod->num_sinks);
#endif
	return mod->drv->ops->process(mod, mod->sources, mod->num_sources, mod->sinks,
				      mod->num_sinks);
}

static int call_process(struct adx_module *mod)
{
	int ret = run_process_op(mod);

	mod->stats.process_calls++;
	if (ret < 0) {
		mod->stats.process_errors++;
		mod->stats.last_process_error = ret;
	}
	return ret;
}

static bool dp_is_ready(void *ctx)
{
	struct adx_module *mod = ctx;

	return adx_module_state(mod) == ADX_MOD_RUNNING && pins_ready(mod);
}

static int dp_run_cycle(void *ctx)
{
	return call_process(ctx);
}

int adx_module_process(struct adx_module *mod)
{
	if (adx_module_state(mod) != ADX_MOD_RUNNING)
		return 0;
	if (!mod->takes_partial && !pins_ready(mod))
		return 0;
	return call_process(mod);
}

static void apply_declared_defaults(struct adx_module *mod)
{
	if (!mod->in_block_frames)
		mod->in_block_frames = adx_module_period_frames(mod, ADX_MODULE_NOMINAL_RATE);
	if (!mod->out_block_frames)
		mod->out_block_frames = mod->in_block_frames;
	if (!mod->dp_period_us)
		mod->dp_period_us = adx_module_ll_period_us(mod);
}

static int add_dp_task(struct adx_module *mod)
{
	struct adx_dp_task *task = &mod->rt->dp_task;
	int ret;

	memset(task, 0, sizeof(*task));
	task->name = mod->name;
	task->is_ready = dp_is_ready;
	task->run_cycle = dp_run_cycle;
	task->ctx = mod;
	task->period_us = mod->dp_period_us;
	task->cost_ns = mod->dp_cycle_cost_ns;
	ret = adx_sched_add_dp(mod->rt->sched, task);
	if (!ret)
		atomic_store(&mod->rt->dp_task_status, ADX_DP_TASK_ADDED);
	return ret;
}

static bool after_free(const struct adx_module *mod)
{
	return atomic_load(&mod->rt->dp_task_status) == ADX_DP_TASK_AFTER_FREE;
}

/* The scheduler keeps the task, inside this instance, until removal succeeds. */
static int remove_dp_task(struct adx_module *mod)
{
	struct adx_module_runtime *rt = mod->rt;
	int ret;

	if (atomic_load(&rt->dp_task_status) == ADX_DP_TASK_NONE)
		return 0;
	ret = adx_sched_remove_dp(rt->sched, &rt->dp_task, rt->op_timeout_ns);
	if (ret) {
		adx_err("adapter", "%s: DP task not removed (%d): nothing released", mod->name,
			ret);
		return ret;
	}
	atomic_store(&rt->dp_task_status, ADX_DP_TASK_NONE);
	return 0;
}

static void release_memory(struct adx_module *mod, const char *after)
{
	uint32_t leaks = adx_mem_owner_release(&mod->mem);

	if (leaks) {
		adx_err("adapter", "%s: %u block(s) leaked after %s", mod->name,
			(unsigned int)leaks, after);
		mod->stats.leaks_reported += leaks;
	}
}

static void runtime_init(struct adx_module_runtime *rt, struct adx_sched *sched)
{
	memset(rt, 0, sizeof(*rt));
	rt->sched = sched;
	rt->op_timeout_ns = ADX_MODULE_OP_TIMEOUT_DEFAULT_NS;
}

int adx_module_init(struct adx_module_instance *inst, const struct adx_module_driver *drv,
		    const char *name, struct adx_heap *heap, struct adx_sched *sched,
		    const void *init_data, size_t init_data_size)
{
	struct adx_module *mod = inst ? &inst->mod : NULL;
	int ret;

	if (!mod || !drv || !drv->ops || !drv->ops->init || !drv->ops->process || !name)
		return -EINVAL;
	if (adx_module_state(mod) != ADX_MOD_DISABLED)
		return reject(mod, "init");
	if (drv->domain == ADX_DOMAIN_DP && !sched)
		return -EINVAL;

	memset(mod, 0, sizeof(*mod));
	runtime_init(&inst->rt, sched);
	mod->rt = &inst->rt;
	mod->drv = drv;
	strncpy(mod->name, name, sizeof(mod->name) - 1);
	ret = adx_mem_owner_init(&mod->mem, heap, mod->name);
	if (ret)
		return ret;

	mod->init_data = init_data;
	mod->init_data_size = init_data_size;
	ret = drv->ops->init(mod);
	mod->init_data = NULL;
	mod->init_data_size = 0;
	if (ret) {
		release_memory(mod, "failed init");
		return ret;
	}
	apply_declared_defaults(mod);
	if (is_dp(mod)) {
		ret = add_dp_task(mod);
		if (ret) {
			if (drv->ops->free)
				drv->ops->free(mod);
			release_memory(mod, "failed init");
			return ret;
		}
	}
	set_state(mod, ADX_MOD_INITIALIZED);
	return 0;
}

int adx_module_prepare(struct adx_module *mod)
{
	size_t used_before;
	int ret;

	switch (adx_module_state(mod)) {
	case ADX_MOD_IDLE:
		return 0;
	case ADX_MOD_INITIALIZED:
		if (after_free(mod))
			return reject(mod, "prepare after its free");
		break;
	default:
		return reject(mod, "prepare");
	}
	used_before = mod->mem.used_bytes;
	ret = mod->drv->ops->prepare ?
		mod->drv->ops->prepare(mod, mod->sources, mod->num_sources,
				       mod->sinks, mod->num_sinks) : 0;
	if (ret) {
		if (mod->mem.used_bytes != used_before) {
			adx_err("adapter", "%s: failed prepare kept %zu bytes",
				mod->name, mod->mem.used_bytes - used_before);
			mod->stats.leaks_reported++;
		}
		return ret;
	}
	mod->rt->dp_task.cost_ns = mod->dp_cycle_cost_ns;
	set_state(mod, ADX_MOD_IDLE);
	return 0;
}

static int start(struct adx_module *mod)
{
	int ret;

	set_state(mod, ADX_MOD_RUNNING);
	if (is_dp(mod)) {
		ret = adx_dp_task_start(&mod->rt->dp_task);
		if (ret) {
			set_state(mod, ADX_MOD_IDLE);
			return ret;
		}
	}
	if (mod->drv->ops->trigger)
		mod->drv->ops->trigger(mod, ADX_TRIGGER_START);
	return 0;
}

/*
 * Holds the DP task's cycles off once an in-flight one has ended. A cancel
 * that timed out would otherwise stay armed and stop the task when that
 * cycle ends, while the module stays RUNNING: withdrawn, so a timed-out
 * op leaves the task as it found it.
 */
static int cancel_cycles(struct adx_module *mod)
{
	struct adx_module_runtime *rt = mod->rt;
	int ret = adx_dp_task_cancel(&rt->dp_task, rt->op_timeout_ns);

	if (ret == -ETIMEDOUT)
		adx_dp_task_start(&rt->dp_task);
	return ret;
}

/* RUNNING -> IDLE. A DP module's in-flight cycle has ended when this returns 0. */
static int stop(struct adx_module *mod)
{
	int ret;

	if (is_dp(mod)) {
		ret = cancel_cycles(mod);
		if (ret) {
			adx_err("adapter", "%s: stop: in-flight cycle did not end (%d)",
				mod->name, ret);
			return ret;
		}
	}
	set_state(mod, ADX_MOD_IDLE);
	if (mod->drv->ops->trigger)
		mod->drv->ops->trigger(mod, ADX_TRIGGER_STOP);
	return 0;
}

int adx_module_dp_quiesce(struct adx_module *mod)
{
	if (!is_dp(mod) || adx_module_state(mod) != ADX_MOD_RUNNING)
		return 0;
	return cancel_cycles(mod);
}

void adx_module_dp_resume(struct adx_module *mod)
{
	if (is_dp(mod) && adx_module_state(mod) == ADX_MOD_RUNNING)
		adx_dp_task_start(&mod->rt->dp_task);
}

int adx_module_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd)
{
	enum adx_module_state state = adx_module_state(mod);

	if (cmd == ADX_TRIGGER_START) {
		if (state == ADX_MOD_RUNNING)
			return 0;
		if (state != ADX_MOD_IDLE)
			return reject(mod, "trigger start");
		return start(mod);
	}
	if (cmd == ADX_TRIGGER_STOP) {
		if (state == ADX_MOD_IDLE)
			return 0;
		if (state != ADX_MOD_RUNNING)
			return reject(mod, "trigger stop");
		return stop(mod);
	}
	return -EINVAL;
}

struct posted_op {
	struct adx_module *mod;
	int (*op)(struct adx_module *mod);
};

static int run_posted_op(void *arg)
{
	struct posted_op *posted = arg;

	return posted->op(posted->mod);
}

/* Runs a reset/free op where the control model says, once no cycle can run. */
static int run_control_op(struct adx_module *mod, int (*op)(struct adx_module *mod))
{
	struct adx_module_runtime *rt = mod->rt;
	struct posted_op posted = { .mod = mod, .op = op };

	if (!op)
		return 0;
	if (is_dp(mod) && rt->control_model == ADX_CTRL_POST_TO_DP &&
	    atomic_load(&rt->dp_task_status) == ADX_DP_TASK_ADDED)
		return adx_dp_task_post(&rt->dp_task, run_posted_op, &posted,
					rt->op_timeout_ns);
	return op(mod);
}

int adx_module_reset(struct adx_module *mod)
{
	int ret;

	switch (adx_module_state(mod)) {
	case ADX_MOD_DISABLED:
	case ADX_MOD_INITIALIZED:
		return 0;
	case ADX_MOD_RUNNING:
		ret = stop(mod);
		if (ret)
			return ret;
		break;
	case ADX_MOD_IDLE:
		break;
	}
	ret = run_control_op(mod, mod->drv->ops->reset);
	if (ret)
		return ret;
	set_state(mod, ADX_MOD_INITIALIZED);
	return 0;
}

int adx_module_free(struct adx_module *mod)
{
	int ret;

	if (adx_module_state(mod) == ADX_MOD_DISABLED)
		return 0;
	ret = adx_module_reset(mod);
	if (ret)
		return ret;
	/* The free op runs first: in the post-to-DP model it needs the DP task. */
	if (!after_free(mod)) {
		ret = run_control_op(mod, mod->drv->ops->free);
		if (ret)
			return ret;
		if (atomic_load(&mod->rt->dp_task_status) == ADX_DP_TASK_ADDED)
			atomic_store(&mod->rt->dp_task_status, ADX_DP_TASK_AFTER_FREE);
	}
	ret = remove_dp_task(mod);
	if (ret)
		return ret;
	release_memory(mod, "free");
	adx_module_unbind_all(mod);
	set_state(mod, ADX_MOD_DISABLED);
	return 0;
}

/* Not after the module's own free ran (a free waiting to remove its DP task). */
static bool config_allowed(const struct adx_module *mod)
{
	return adx_module_state(mod) != ADX_MOD_DISABLED && !after_free(mod);
}

int adx_module_set_configuration(struct adx_module *mod, uint32_t config_id,
				 enum adx_cfg_pos pos, uint32_t data_offset_size,
				 const uint8_t *fragment, size_t fragment_size)
{
	if (!config_allowed(mod))
		return reject(mod, "set_configuration");
	if (!mod->drv->ops->set_configuration)
		return -ENOTSUP;
	if (!fragment && fragment_size)
		return -EINVAL;
	return mod->drv->ops->set_configuration(mod, config_id, pos, data_offset_size,
						fragment, fragment_size);
}

int adx_module_get_configuration(struct adx_module *mod, uint32_t config_id,
				 uint8_t *data, size_t *size)
{
	if (!config_allowed(mod))
		return reject(mod, "get_configuration");
	if (!mod->drv->ops->get_configuration)
		return -ENOTSUP;
	if (!size || (!data && *size))
		return -EINVAL;
	return mod->drv->ops->get_configuration(mod, config_id, data, size);
}

int adx_module_bind_source(struct adx_module *mod, struct adx_source *source)
{
	if (adx_module_state(mod) != ADX_MOD_INITIALIZED || !source)
		return reject(mod, "bind source");
	if (mod->num_sources >= ADX_MODULE_MAX_PINS)
		return -EINVAL;
	mod->sources[mod->num_sources++] = source;
	return 0;
}

int adx_module_bind_sink(struct adx_module *mod, struct adx_sink *sink)
{
	if (adx_module_state(mod) != ADX_MOD_INITIALIZED || !sink)
		return reject(mod, "bind sink");
	if (mod->num_sinks >= ADX_MODULE_MAX_PINS)
		return -EINVAL;
	mod->sinks[mod->num_sinks++] = sink;
	return 0;
}

void adx_module_unbind_all(struct adx_module *mod)
{
	memset(mod->sources, 0, sizeof(mod->sources));
	memset(mod->sinks, 0, sizeof(mod->sinks));
	mod->num_sources = 0;
	mod->num_sinks = 0;
}

void adx_module_set_control_model(struct adx_module *mod, enum adx_control_model model)
{
	mod->rt->control_model = model;
}

void adx_module_set_op_timeout(struct adx_module *mod, uint64_t timeout_ns)
{
	mod->rt->op_timeout_ns = timeout_ns;
}

struct adx_dp_task *adx_module_dp_task(const struct adx_module *mod)
{
	return is_dp(mod) ? &mod->rt->dp_task : NULL;
}

#if ADX_TEST_HOOKS
int adx_module_set_process_probe(struct adx_module *mod, adx_module_process_fn probe)
{
	if (adx_module_state(mod) == ADX_MOD_RUNNING)
		return -EBUSY;
	mod->rt->process_probe = probe;
	return 0;
}
#endif
