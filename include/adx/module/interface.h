/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The module's view of the world (docs/design.md §2, §3): what a module
 * implements (one ops table), the fields of its instance it may read or
 * write, its allocation API (adx/mem/module_mem.h) and the source/sink API
 * (adx/audio/buffer.h). Nothing here names a scheduler: the runtime state
 * the framework keeps per instance (scheduler, DP task, control model,
 * probe) lives in struct adx_module_runtime, which only the adapter
 * (adx/audio/module_adapter.h) defines, and tests/layers refuses a module
 * that includes the adapter or scheduler headers.
 *
 * The lifecycle is enforced by the adapter, so an op never checks the
 * instance's state; see adx/audio/module_adapter.h for the table.
 */
#ifndef ADX_MODULE_INTERFACE_H
#define ADX_MODULE_INTERFACE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/audio/buffer.h"
#include "adx/mem/module_mem.h"

/* Struct layouts depend on it, so every user must see the same value. */
#ifndef ADX_TEST_HOOKS
#error "ADX_TEST_HOOKS (0 or 1) comes from the build (CMake option ADX_TEST_HOOKS)"
#endif

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

/* Adapter-private; defined in adx/audio/module_adapter.h. */
struct adx_module_runtime;

struct adx_module {
	const struct adx_module_driver *drv;
	char name[ADX_MODULE_NAME_MAX];
	_Atomic int state;                  /* enum adx_module_state; written by the adapter only */
	struct adx_mem_owner mem;           /* every allocation of this instance */
	void *priv;                         /* module-private state */
	const void *init_data;              /* initial configuration, valid during init() */
	size_t init_data_size;

	/* Declared by the module in init() (defaults: one LL period of frames
	 * at the nominal rate, and a DP deadline of one LL period). */
	uint32_t in_block_frames;
	uint32_t out_block_frames;
	uint32_t dp_period_us;              /* DP: deadline period, a multiple of the LL period */
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

	/* Counted by the adapter; a module adds only bypassed_frames. */
	struct adx_module_stats stats;

	/* Framework-owned: modules never touch it. */
	struct adx_module_runtime *rt;
};

static inline enum adx_module_state adx_module_state(const struct adx_module *mod)
{
	return (enum adx_module_state)atomic_load_explicit(&mod->state, memory_order_acquire);
}

static inline void *adx_module_get_private_data(const struct adx_module *mod)
{
	return mod->priv;
}

const char *adx_module_state_name(enum adx_module_state state);

/* The nominal stream rate the LL period is stated in (docs/design.md §3). */
#define ADX_MODULE_NOMINAL_RATE 48000u

/* The LL period this instance's scheduler ticks at, in microseconds. */
uint32_t adx_module_ll_period_us(const struct adx_module *mod);
/* Whole frames of one LL period at `rate` Hz (rounded down). */
uint32_t adx_module_period_frames(const struct adx_module *mod, uint32_t rate);
/* How long a control op may wait for a DP cycle, in ns (the adapter's bound). */
uint64_t adx_module_op_timeout_ns(const struct adx_module *mod);

/*
 * A point where a module touches state shared between its DP cycle and the
 * control thread (an ownership slot, staged settings). Test builds
 * (ADX_TEST_HOOKS) let the virtual-time executor pause a cycle exactly
 * there; a firmware build compiles it to nothing.
 */
#if ADX_TEST_HOOKS
void adx_module_sync_point(const char *site);
#else
static inline void adx_module_sync_point(const char *site)
{
	(void)site;
}
#endif

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
