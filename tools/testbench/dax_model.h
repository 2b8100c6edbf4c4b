/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * dax-model: the lab's stand-in for the DAX module until src/modules/dax
 * lands. It models only what the lifespan question needs: a DP module that
 * needs one contiguous engine region of engine_bytes, obtained under one of
 * the four policies of DESIGN.md §4 (init, prepare, static, shared), with
 * priority handoff of the one static/shared region, and audio passed
 * through (with the volume control applied while it holds memory) and
 * counted as bypassed when it has none. It does no enhancement.
 */
#ifndef ADX_TB_DAX_MODEL_H
#define ADX_TB_DAX_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/module.h"

#define TB_DAX_MODEL_MAX_ENGINE (1024u * 1024u)

struct tb_dax_model_init {
	uint32_t policy;         /* enum tb_policy */
	uint32_t device;         /* 0 speaker, 1 headphone */
	uint32_t priority;       /* higher wins the shared/static region */
	uint32_t engine_bytes;
	uint32_t block_frames;
	uint32_t period_us;
	uint64_t cycle_cost_ns;
	uint32_t busy_us;        /* threads: wall time each cycle really spends */
};

/* Configuration ids (one u32/i32 each, tuning: a blob). */
enum tb_dax_model_cfg {
	TB_DAX_CFG_ENABLE = 1,
	TB_DAX_CFG_PROFILE,
	TB_DAX_CFG_DEVICE,
	TB_DAX_CFG_VOLUME,       /* Q8.23 */
	TB_DAX_CFG_CTC,
	TB_DAX_CFG_CONTENT,
	TB_DAX_CFG_TUNING,
};

struct tb_dax_model_stats {
	bool has_engine;
	uint64_t alloc_failures;
	uint64_t processed_frames;
	uint64_t bypassed_frames;
	int64_t first_processed_frame;   /* frames since the last start, -1: not yet */
	uint64_t controls_applied;
};

extern const struct adx_module_driver tb_dax_model_driver;

/* Statistics of a live dax-model instance; -EINVAL for another module. */
int tb_dax_model_stats(const struct adx_module *mod, struct tb_dax_model_stats *stats);
/* Engine bytes committed by every instance: heap allocations plus the static region. */
size_t tb_dax_model_committed(void);
/* Forgets the static region's use between runs (every instance must be freed). */
void tb_dax_model_reset_globals(void);

#endif
