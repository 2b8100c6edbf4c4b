/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The module interface and its adapter (DESIGN.md §3, §5).
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
#ifndef ADX_MODULE_H
#define ADX_MODULE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/buffer.h"
#include "adx/mem/module_mem.h"
#include "adx/sched/sched.h"

#define ADX_MODULE_MAX_PINS 4
#define ADX_MODULE_NAME_MAX 32

enum adx_module_state {
	ADX_MOD_DISABLED,
	ADX_MOD_INITIALIZED,
	ADX_MOD_IDLE,
	ADX_MOD_RUNNING,
};

enum adx_module_domain {
	ADX_DOMAIN_LL,
	ADX_DOMAIN_DP,
};

enum adx_trigger_cmd {
	ADX_TRIGGER_START,
	ADX_TRIGGER_STOP,
};

/* Where a configuration fragment sits in a blob sent in several messages. */
enum adx_cfg_pos {
	ADX_CFG_SINGLE,
	ADX_CFG_FIRST,
	ADX_CFG_MIDDLE,
	ADX_CFG_LAST,
};

enum adx_control_model {
	ADX_CTRL_CANCEL_JOIN,
	ADX_CTRL_POST_TO_DP,
};

struct adx_module;

struct adx_module_ops {
	/* Allocate private state (adx_mod_alloc on mod->mem), read mod->init_data,
	 * declare block sizes/costs in mod. */
	int (*init)(struct adx_module *mod);
	/* Sources/sinks are bound and their params known; allocate processing state. */
	int (*prepare)(struct adx_module *mod, struct adx_source **sources,
		       int num_sources, struct adx_sink **sinks, int num_sinks);
	/* One period: consume from sources, produce into sinks. */
	int (*process)(struct adx_module *mod, struct adx_source **sources,
		       int num_sources, struct adx_sink **sinks, int num_sinks);
	/* Undo prepare: drop processing state, keep init state. */
	int (*reset)(struct adx_module *mod);
	/* Undo init. */
	int (*free)(struct adx_module *mod);
	/*
	 * A configuration fragment. data_offset_size is the blob's total size
	 * for FIRST/SINGLE and this fragment's offset otherwise (SOF's
	 * convention). Optional (NULL: -ENOTSUP).
	 */
	int (*set_configuration)(struct adx_module *mod, uint32_t config_id,
				 enum adx_cfg_pos pos, uint32_t data_offset_size,
				 const uint8_t *fragment, size_t fragment_size);
	/* *size: capacity in, bytes written out. Optional (NULL: -ENOTSUP). */
	int (*get_configuration)(struct adx_module *mod, uint32_t config_id,
				 uint8_t *data, size_t *size);
	/* Optional: told about start/stop after the adapter changed the state. */
	int (*trigger)(struct adx_module *mod, enum adx_trigger_cmd cmd);
};

/* A module type: what a topology names and instantiates. */
struct adx_module_driver {
	const char *name;
	enum adx_module_domain domain;
	const struct adx_module_ops *ops;
};

/* What the adapter counts for reports. */
struct adx_module_stats {
	uint64_t process_calls;
	uint64_t process_errors;
	int last_process_error;
	uint64_t bypassed_frames;   /* modules that pass audio through count here */
	uint64_t leaks_reported;
};

/* process()'s signature, for a probe that calls it (adx_module_set_process_probe()). */
typedef int (*adx_module_process_fn)(struct adx_module *mod, struct adx_source **sources,
				     int num_sources, struct adx_sink **sinks, int num_sinks);

struct adx_module {
	const struct adx_module_driver *drv;
	char name[ADX_MODULE_NAME_MAX];
	_Atomic int state;                  /* enum adx_module_state; written by the adapter only */
	struct adx_mem_owner mem;           /* every allocation of this instance */
	void *priv;                         /* module-private state */
	const void *init_data;              /* initial configuration, valid during init() */
	size_t init_data_size;

	/* Declared by the module in init() (defaults: one LL period of frames). */
	uint32_t in_block_frames;
	uint32_t out_block_frames;
	uint32_t dp_period_us;              /* DP: deadline period, a multiple of the LL tick */
	uint64_t dp_cycle_cost_ns;          /* DP: virtual-time cost per cycle */
	uint64_t ll_cost_ns;                /* LL: virtual-time cost per period */
	uint32_t latency_frames;            /* extra latency the module adds (internal buffering) */
	bool takes_partial;                 /* LL: process() every tick even when a pin is short
					     * (copiers that count underruns themselves) */

	/* Set by the pipeline before prepare: how far the audio reaching this
	 * module lags the pipeline's input, in frames. */
	uint32_t upstream_latency_frames;

	/* Bound by the pipeline before prepare. */
	struct adx_source *sources[ADX_MODULE_MAX_PINS];
	struct adx_sink *sinks[ADX_MODULE_MAX_PINS];
	int num_sources;
	int num_sinks;

	/* Adapter-owned. */
	struct adx_sched *sched;
	enum adx_control_model control_model;
	uint64_t op_timeout_ns;
	struct adx_dp_task dp_task;
	_Atomic int dp_task_added;
	struct adx_module_stats stats;
	adx_module_process_fn process_probe;  /* NULL: drv->ops->process is called */
};

/*
 * DISABLED -> INITIALIZED. `heap` backs mod->mem; `sched` runs a DP
 * module's task. init_data is only read during the call.
 */
int adx_module_init(struct adx_module *mod, const struct adx_module_driver *drv,
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
/*
 * Instrumentation (a testbench probe, a profiler): the adapter calls probe
 * instead of drv->ops->process, and the probe calls drv->ops->process
 * itself. The instance keeps its driver, so code that tells module types
 * apart by driver sees the real one. Only while the instance is not
 * running (-EBUSY otherwise); NULL removes the probe.
 */
int adx_module_set_process_probe(struct adx_module *mod, adx_module_process_fn probe);

/*
 * Holds a running DP module's cycles off: waits (bounded, blocking) until an
 * in-flight cycle has ended and releases no new one until
 * adx_module_dp_resume(). For control-side work on state a running module's
 * process() reads, such as taking its engine memory away in a handoff.
 * No-op (0) for LL modules and modules that are not RUNNING; -ETIMEDOUT
 * when the cycle did not end (nothing is held then).
 */
int adx_module_dp_quiesce(struct adx_module *mod);
void adx_module_dp_resume(struct adx_module *mod);

/* LL path: runs process() once if RUNNING (called by the pipeline's LL task). */
int adx_module_process(struct adx_module *mod);

static inline enum adx_module_state adx_module_state(const struct adx_module *mod)
{
	return (enum adx_module_state)atomic_load_explicit(&mod->state, memory_order_acquire);
}

static inline void *adx_module_get_private_data(const struct adx_module *mod)
{
	return mod->priv;
}

const char *adx_module_state_name(enum adx_module_state state);

/*
 * For prepare ops of modules that carry one stream through unchanged: the
 * stream's params when there is exactly one source and one sink with equal
 * params; NULL (and a log line naming the module) otherwise.
 */
const struct adx_stream_params *adx_module_one_stream(const struct adx_module *mod,
						      struct adx_source **sources,
						      int num_sources,
						      struct adx_sink **sinks, int num_sinks);

/* A free op for modules whose only init allocation is mod->priv. */
int adx_module_free_priv(struct adx_module *mod);

#endif
