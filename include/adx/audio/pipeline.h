/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Pipelines: modules connected by ring buffers, driven together.
 *
 * Mirrors the host driver's view (docs/design.md §3): a pipeline is created,
 * modules are added (module init) and connected (bind: a ring buffer is
 * allocated between them), then SET_PIPELINE_STATE moves it:
 *   RESET -> PAUSED   prepare every module, source to sink
 *   PAUSED -> RUNNING trigger start (sink to source, so consumers are ready)
 *   RUNNING -> PAUSED trigger stop
 *   any -> RESET      reset every module
 * and destroy frees every module and buffer, reporting leaks by name.
 *
 * Each pipeline owns one LL task that runs its LL modules in order once per
 * tick; DP modules run on their own DP tasks. Pipelines are independent:
 * several exist at once and change state separately.
 *
 * Latency: a DP module with input block B frames, LL period P frames and a
 * deadline of D ticks is released after ceil(B/P) ticks of input and must
 * finish within D more, so it delays the stream by (ceil(B/P) - 1 + D) * P
 * frames; modules add their declared internal latency on top. The DAI copier
 * waits out exactly this many frames (playing silence) before it reads, so
 * output equals input delayed by adx_pipeline_latency_frames() whenever no
 * cycle overruns, in every executor.
 */
#ifndef ADX_PIPELINE_H
#define ADX_PIPELINE_H

#include <stdbool.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"

#define ADX_PIPELINE_MAX_MODULES 8
#define ADX_PIPELINE_NAME_MAX 32

enum adx_pipeline_state {
	ADX_PPL_RESET,
	ADX_PPL_PAUSED,
	ADX_PPL_RUNNING,
};

struct adx_pipeline_link {
	struct adx_module *from;
	struct adx_module *to;
	struct adx_ring_buffer *buffer;
};

struct adx_pipeline {
	uint32_t id;
	char name[ADX_PIPELINE_NAME_MAX];
	struct adx_heap *heap;
	struct adx_sched *sched;
	struct adx_mem_owner mem;           /* module structs and buffers */
	uint32_t period_frames;             /* frames per LL tick at the pipeline's rate */
	struct adx_module *modules[ADX_PIPELINE_MAX_MODULES];
	int num_modules;
	struct adx_pipeline_link links[ADX_PIPELINE_MAX_MODULES];
	int num_links;
	enum adx_pipeline_state state;
	enum adx_control_model control_model;
	struct adx_ll_task ll_task;
	uint32_t latency_frames;            /* computed at prepare */
};

/* period_frames: frames per LL tick (48 at 48 kHz with a 1 ms tick). */
int adx_pipeline_create(struct adx_pipeline *ppl, uint32_t id, const char *name,
			struct adx_heap *heap, struct adx_sched *sched,
			uint32_t period_frames);
/* Module init inside the pipeline; the module struct comes from the pipeline's heap. */
int adx_pipeline_add_module(struct adx_pipeline *ppl,
			    const struct adx_module_driver *drv, const char *name,
			    const void *init_data, size_t init_data_size,
			    struct adx_module **out);
/*
 * Bind: a ring buffer of buffer_frames frames in `params` between from's
 * next sink pin and to's next source pin. -EEXIST if they are already
 * connected, -ENOENT if either module is not in this pipeline.
 */
int adx_pipeline_connect(struct adx_pipeline *ppl, struct adx_module *from,
			 struct adx_module *to, const struct adx_stream_params *params,
			 uint32_t buffer_frames);
/*
 * Unbind (RESET only): frees the buffer between from and to and rebinds both
 * modules' remaining pins in link order. -ENOENT if they are not connected.
 */
int adx_pipeline_disconnect(struct adx_pipeline *ppl, struct adx_module *from,
			    struct adx_module *to);
/* Module delete (RESET only): -EBUSY while a link names it, -ENOENT if absent. */
bool adx_pipeline_module_is_linked(const struct adx_pipeline *ppl,
				   const struct adx_module *mod);
int adx_pipeline_remove_module(struct adx_pipeline *ppl, struct adx_module *mod);
/*
 * SET_PIPELINE_STATE. On a failed step, modules already moved are moved back.
 * A DP module whose stop or reset timed out (-ETIMEDOUT) is still running
 * or prepared, so the pipeline does not claim the new state: a failed
 * RUNNING -> PAUSED leaves it RUNNING (the modules that stopped start
 * again), a failed -> RESET leaves it RUNNING or PAUSED, its buffers
 * untouched (unbind and module delete, which need RESET, are refused).
 * The same request retried once the cycle has ended succeeds.
 */
int adx_pipeline_set_state(struct adx_pipeline *ppl, enum adx_pipeline_state state);
/*
 * Resets, frees every module and buffer; returns the number of leaked blocks,
 * or a negative errno (-ETIMEDOUT: a DP cycle did not end). When the reset
 * fails nothing is freed; when a module's free fails, that module and every
 * buffer stay allocated, since its DP cycle may still touch them, and the
 * pipeline keeps exactly those modules, so destroy can be called again.
 */
int adx_pipeline_destroy(struct adx_pipeline *ppl);
struct adx_module *adx_pipeline_find_module(struct adx_pipeline *ppl, const char *name);
void adx_pipeline_set_control_model(struct adx_pipeline *ppl, enum adx_control_model model);

#endif
