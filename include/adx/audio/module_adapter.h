/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The module adapter (docs/design.md §3, §5): what the pipeline and IPC layers
 * use to drive modules. Modules themselves see only adx/module/interface.h.
 *
 * A module is one ops table (struct adx_module_ops). The adapter functions
 * below (adx_module_init(), adx_module_prepare(), ...) are the only way ops
 * are called: they enforce the lifecycle table, so a module never checks its
 * own state. The table, as enforced:
 *
 *   op \ state     DISABLED  INITIALIZED  IDLE (prepared)  RUNNING
 *   init           ok->INIT  -EINVAL      -EINVAL          -EINVAL
 *   prepare        -EINVAL   ok->IDLE     no-op            -EINVAL
 *   trigger start  -EINVAL   -EINVAL      ok->RUNNING      no-op
 *   trigger stop   -EINVAL   -EINVAL      no-op            ok->IDLE
 *   set/get config -EINVAL   ok           ok               ok
 *   reset          no-op     no-op        ok->INIT         stop, then reset
 *   free           no-op     ok->DISABLED reset, then free stop, reset, free
 *
 * A failed init leaves the module DISABLED with everything it allocated
 * released (the adapter releases the module's memory owner and reports any
 * block the module left behind as a leak). A failed prepare leaves it
 * INITIALIZED; the adapter checks that the module's memory is back where it
 * was and reports the difference as a leak otherwise. A failed op never
 * changes the state. "no-op" returns 0 and calls nothing.
 *
 * Timeouts (docs/design.md §5): stop, reset, free and adx_module_dp_quiesce()
 * wait for a DP cycle or a posted op at most the op timeout. On -ETIMEDOUT
 * nothing happened: the module's op did not run and never runs later, a
 * RUNNING module keeps its cycles coming, nothing is released; the same op
 * retried once the cycle has ended succeeds. A free whose module op ran
 * but whose DP task could not be removed (-ETIMEDOUT, -EDEADLK) releases
 * nothing either; retried, it only removes the task and releases.
 *
 * Threads: every adapter call here comes from the control thread. process()
 * is called by the pipeline's LL task (LL modules) or by the module's DP task
 * (DP modules), and only while RUNNING. For a DP module the adapter, not the
 * module, keeps process() and the control ops apart, by one of two models:
 *  - ADX_CTRL_CANCEL_JOIN: stop/reset/free first cancel the DP task and wait
 *    for an in-flight cycle (bounded: -ETIMEDOUT and nothing released), then
 *    run the op on the control thread;
 *  - ADX_CTRL_POST_TO_DP: reset/free are posted to the module's DP thread and
 *    run there between cycles (SOF's userspace-DP model).
 * set_configuration/get_configuration run on the control thread in both
 * models; a DP module stages what it receives (it must never write state
 * that process() reads).
 */
#ifndef ADX_MODULE_ADAPTER_H
#define ADX_MODULE_ADAPTER_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/module/interface.h"
#include "adx/sched/sched.h"
#if ADX_TEST_HOOKS
#include "adx/test_hooks.h"
#endif

enum adx_control_model {
	ADX_CTRL_CANCEL_JOIN,
	ADX_CTRL_POST_TO_DP,
};

/* Where an instance's DP task stands with the scheduler. */
enum adx_dp_task_status {
	ADX_DP_TASK_NONE,       /* LL module, or removed */
	ADX_DP_TASK_ADDED,
	/* The module's free ran but the task could not be removed yet: a retried
	 * free only removes it; prepare and configuration are refused. */
	ADX_DP_TASK_AFTER_FREE,
};

/* The adapter's per-instance state: what a module must not reach. */
struct adx_module_runtime {
	struct adx_sched *sched;            /* NULL: LL only, default LL period */
	uint64_t op_timeout_ns;
	struct adx_dp_task dp_task;
	_Atomic int dp_task_status;         /* enum adx_dp_task_status */
	enum adx_control_model control_model;
#if ADX_TEST_HOOKS
	adx_module_process_fn process_probe;  /* NULL: drv->ops->process is called */
#endif
};

/*
 * Storage for one module instance: the module's view and the adapter's
 * runtime side by side. adx_module_init() links them (mod.rt = &rt), so
 * every other adapter call takes the struct adx_module pointer.
 */
struct adx_module_instance {
	struct adx_module mod;
	struct adx_module_runtime rt;
};

_Static_assert(offsetof(struct adx_module_instance, mod) == 0,
	       "an instance starts with its module, so one converts to the other");

/* The instance holding `mod` (which adx_module_init() received). */
static inline struct adx_module_instance *adx_module_instance_of(struct adx_module *mod)
{
	return (struct adx_module_instance *)(void *)mod;
}

/*
 * DISABLED -> INITIALIZED. `heap` backs mod->mem; `sched` runs a DP
 * module's task and sets the LL period modules are told (NULL: LL modules
 * only, period ADX_SCHED_TICK_US_DEFAULT). init_data is only read during
 * the call.
 */
int adx_module_init(struct adx_module_instance *inst, const struct adx_module_driver *drv,
		    const char *name, struct adx_heap *heap, struct adx_sched *sched,
		    const void *init_data, size_t init_data_size);
int adx_module_prepare(struct adx_module *mod);
int adx_module_trigger(struct adx_module *mod, enum adx_trigger_cmd cmd);
int adx_module_reset(struct adx_module *mod);
int adx_module_free(struct adx_module *mod);
int adx_module_set_configuration(struct adx_module *mod, uint32_t config_id,
				 enum adx_cfg_pos pos, uint32_t data_offset_size,
				 const uint8_t *fragment, size_t fragment_size);
int adx_module_get_configuration(struct adx_module *mod, uint32_t config_id,
				 uint8_t *data, size_t *size);

/* Pins, before prepare (INITIALIZED only; -EINVAL otherwise or when full). */
int adx_module_bind_source(struct adx_module *mod, struct adx_source *source);
int adx_module_bind_sink(struct adx_module *mod, struct adx_sink *sink);
void adx_module_unbind_all(struct adx_module *mod);

/* Selects how control ops reach a DP module (default ADX_CTRL_CANCEL_JOIN). */
void adx_module_set_control_model(struct adx_module *mod, enum adx_control_model model);
/* How long a control op waits for a DP cycle unless set otherwise. */
#define ADX_MODULE_OP_TIMEOUT_DEFAULT_NS (500ull * 1000 * 1000)
/* Bounds how long a control op waits for a DP cycle. */
void adx_module_set_op_timeout(struct adx_module *mod, uint64_t timeout_ns);

/* LL path: runs process() once if RUNNING (called by the pipeline's LL task). */
int adx_module_process(struct adx_module *mod);

/* The instance's DP task (NULL for LL modules), for the scheduler's callers. */
struct adx_dp_task *adx_module_dp_task(const struct adx_module *mod);

#endif
