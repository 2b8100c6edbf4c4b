/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * One module instance in a test rig: its own heap, a scheduler, ring
 * buffers (or a gateway, for copiers) on its pins, and the means to push
 * float audio through it period by period and collect what comes out.
 */
#ifndef VAL_RIG_H
#define VAL_RIG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "adx/audio/module_adapter.h"
#include "adx/mem/heap.h"
#include "adx/modules/gateway.h"
#include "adx/sched/sched.h"
#include "val.h"

#define VAL_MAX_RECORDED_FREES 16

/* Growable interleaved float audio. */
struct val_buf {
	float *data;
	uint32_t channels;
	uint64_t frames;
	uint64_t cap_frames;
};

int val_buf_init(struct val_buf *buf, uint32_t channels, uint64_t cap_frames);
int val_buf_append(struct val_buf *buf, const float *frames, uint64_t count);
void val_buf_free(struct val_buf *buf);

struct val_rig {
	const struct val_target *target;
	struct adx_stream_params in_params;
	struct adx_stream_params out_params;
	uint32_t period_frames;
	void *arena;
	struct adx_heap *heap;
	size_t heap_used_empty;   /* the heap with nothing allocated */
	struct adx_sched sched;
	bool sched_up;
	struct adx_module_instance inst;
	struct adx_module *mod;   /* &inst.mod once init succeeded */
	struct adx_ring_buffer in_rb;
	struct adx_ring_buffer out_rb;
	uint8_t *in_store;
	uint8_t *out_store;
	uint32_t in_ring_bytes;
	uint32_t out_ring_bytes;
	struct adx_gateway gw;
	bool gw_registered;
	uint8_t *gw_in;           /* host copier: this tick's input */
	uint32_t gw_in_frames;
	struct val_buf out;       /* everything the module produced */
	struct val_buf *out_gw;   /* DAI copier: where the gateway writes */
	/* Heap events seen while process() ran (memory.no_allocation_in_process). */
	_Atomic uint64_t heap_events_in_process;
	struct adx_heap_event first_event_in_process;
	/* Blocks freed while record_frees is set (control thread, virtual time). */
	bool record_frees;
	uint32_t freed_count;
	struct val_freed_block {
		void *ptr;
		size_t size;
	} freed[VAL_MAX_RECORDED_FREES];
};

/* Rig size defaults: large enough for the DAX engine at 8 channels. */
#define VAL_ARENA_BYTES (16u << 20)

/*
 * Heap, scheduler (mode) and gateway; the module is not initialised yet.
 * in_params: the stream the module is fed; the sink gets the target's
 * output channel count.
 */
int val_rig_open(struct val_rig *rig, const struct val_target *target,
		 const struct adx_stream_params *in_params, enum adx_exec_mode mode);
/* adx_module_init with the target's init data. */
int val_rig_init(struct val_rig *rig);
/* Binds ring buffers sized from the module's declared blocks, then prepares. */
int val_rig_prepare(struct val_rig *rig);
/* init + prepare + start: the rig is RUNNING when this returns 0. */
int val_rig_start(struct val_rig *rig);
/*
 * Feeds in (interleaved, in_params.channels) one period per tick, runs the
 * module (LL: process; DP: a virtual-time tick), appends its output to
 * rig->out. Returns 0, the first process() error, or 1 when a DP cycle
 * paused at a yield point (then rig->mod's task is paused mid-cycle).
 */
int val_rig_run(struct val_rig *rig, const float *in, uint64_t frames);
/* One tick of input from in (period_frames frames); same results. */
int val_rig_tick(struct val_rig *rig, const float *in);
/* The LL side of a tick alone (feed, LL process, drain): for an LL task. */
int val_rig_tick_feed_only(struct val_rig *rig, const float *in);
/* Collects whatever output is waiting into rig->out. */
void val_rig_drain(struct val_rig *rig);
/* Heap bytes in use beyond the empty heap. */
size_t val_rig_heap_bytes(const struct val_rig *rig);
/* Frees the module (if any), the scheduler, gateway and heap. */
void val_rig_close(struct val_rig *rig);

/* The module's first declared stream (format, channels, rate). */
void val_default_params(const struct val_target *target, struct adx_stream_params *params);

/* Heap events observed since val_rig_open (allocations and frees). */
uint64_t val_rig_heap_allocs(const struct val_rig *rig);

#endif
