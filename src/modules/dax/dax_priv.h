/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DAX module's private state, shared by its files:
 *   dax.c             the ops table (lifecycle, configuration, process);
 *   dax_stream.c      DP side: 48-frame periods <-> 256-frame engine blocks,
 *                     processed/bypassed selection and the fades between;
 *   dax_passthrough.c the path without engine (copy or BS.775 downmix) and
 *                     the gain ramps of the fades;
 *   dax_fifo.c        the output frame ring;
 *   dax_controls.c    staged controls (control -> DP);
 *   dax_engine.c      the engine inside a memory region: layout, start on
 *                     the control side, take/apply/put on the DP side;
 *   dax_memory.c      the four lifespan policies and the committed figures;
 *   dax_manager.c     ownership of the STATIC and SHARED regions;
 *   engine_slot.c     the atomic slot process() reaches engine memory by.
 *
 * Who writes what. Control side (control thread, or the DP thread running
 * a posted reset/free while the control thread waits): everything under
 * "control side". DP side (process()): `stream` and `dp_controls`, and the
 * engine header while it holds the engine. Counters read by both are atomic.
 */
#ifndef ADX_DAX_PRIV_H
#define ADX_DAX_PRIV_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/modules/dax.h"
#include "adx/dsp/engine.h"
#include "adx/module/interface.h"
#include "dax_controls.h"
#include "dax_fifo.h"
#include "engine_slot.h"

#define DAX_RATE 48000u
#define DAX_TICK_FRAMES 48u                 /* one LL period at 48 kHz */
#define DAX_BLOCK_FRAMES ADX_DSP_PERIOD_FRAMES
#define DAX_OUT_CHANNELS 2u
#define DAX_MAX_CHANNELS 8u
#define DAX_OUT_FIFO_FRAMES (2u * DAX_BLOCK_FRAMES)
#define DAX_REGION_ALIGN 64u                /* cache line: a region shares no line */
#define DAX_CYCLE_COST_NS 150000u           /* virtual time: engine cost spread over cycles */

_Static_assert(ADX_DAX_BUFFER_FRAMES + 16u == DAX_BLOCK_FRAMES,
	       "the buffering delay is 256 - gcd(256, 48) frames");
_Static_assert(ADX_DSP_LATENCY_FRAMES <= DAX_BLOCK_FRAMES,
	       "the dry path's alignment delay fits in one block");
_Static_assert(ADX_DAX_FADE_FRAMES <= DAX_BLOCK_FRAMES, "a fade fits in one block");

/*
 * Header at the start of an engine memory region; the engine slot holds a
 * pointer to it. The control side fills it before installing; the DP side
 * writes blocks_run/applied/first_run_pending only while it holds it.
 */
struct dax_engine {
	uint32_t magic;                  /* DAX_ENGINE_MAGIC; released memory is poisoned */
	_Atomic uint32_t users;          /* cycles holding it: 0 or 1, else a violation */
	const struct dax *owner;         /* the instance it is installed for */
	struct adx_dsp *dsp;
	uint64_t install_seq;            /* unique per install: a new audio history */
	uint64_t installed_at_frame;     /* owner's input frames at the install */
	uint64_t blocks_run;             /* blocks processed since the install */
	struct adx_dax_controls applied; /* the controls the engine has */
	uint32_t applied_tuning;         /* tuning generation the engine has */
};

#define DAX_ENGINE_MAGIC UINT32_C(0x44415845) /* "DAXE" */
#define DAX_POISON_BYTE 0xDB

enum dax_source {
	DAX_SRC_SILENT,   /* nothing played yet since prepare */
	DAX_SRC_DRY,      /* pass-through (no memory, or disabled) */
	DAX_SRC_WET,      /* engine output */
};

/* DP side: buffering between the pipeline's periods and the engine's blocks. */
struct dax_stream {
	enum adx_sample_format format;
	uint32_t in_channels;
	uint32_t in_frame_bytes;
	uint32_t out_frame_bytes;
	uint8_t *tick;          /* one period in */
	uint8_t *block;         /* one engine block in */
	uint32_t block_fill;    /* frames in `block` */
	uint8_t *wet;           /* engine output of the block */
	uint8_t *dry_now;       /* dry render of the block, undelayed */
	uint8_t *dry;           /* dry render delayed to the engine's latency */
	uint8_t *dry_hist;      /* the last ADX_DSP_LATENCY_FRAMES of dry_now */
	uint8_t *emit;          /* one period out */
	struct dax_fifo out;
	enum dax_source source; /* what the last block played */
	uint64_t warm_seq;      /* install_seq of the engine that ran the last block, 0: none */
	uint64_t blocks;        /* blocks since prepare */
	uint32_t lead_in;       /* output frames still to drop (the stated latency) */
	void *storage;          /* the one allocation behind the buffers */
};

struct dax_counters {
	_Atomic uint64_t processed_frames;
	_Atomic uint64_t bypassed_frames;
	_Atomic uint64_t alloc_failures;
	_Atomic uint64_t handoffs_in;
	_Atomic uint64_t handoffs_out;
	_Atomic uint64_t claim_timeouts;
	_Atomic uint64_t switch_to_first_frames;
	_Atomic uint64_t switches_measured;
	_Atomic uint64_t ownership_violations;
	_Atomic uint64_t poisoned_engine_seen;
	_Atomic uint64_t controls_applied;
	_Atomic uint32_t last_tuning_error_record;
	_Atomic uint64_t frames_in;      /* input frames since prepare (DP writes) */
	_Atomic size_t committed_bytes;  /* engine bytes held now (control writes) */
};

struct dax_manager;

struct dax {
	struct adx_module *mod;
	enum adx_dax_policy policy;
	uint32_t max_channels;
	uint32_t priority;
	uint32_t flags;
	struct dax_staging staging;
	struct adx_engine_slot slot;
	struct dax_counters counters;

	/* Control side. */
	struct adx_dsp_config config;    /* valid while prepared */
	bool prepared;
	struct dax_engine *engine;       /* installed engine, NULL if none */
	void *own_mem;                   /* INIT/PREPARE: this instance's region */
	size_t own_bytes;
	struct dax_manager *manager;     /* STATIC/SHARED */
	struct dax *manager_next;        /* manager's member list (its lock) */
	bool candidate;                  /* prepared: wants the region (manager's lock) */

	/* DP side. */
	struct dax_stream stream;
	struct dax_control_set dp_controls;
};

static inline void dax_count(_Atomic uint64_t *counter, uint64_t n)
{
	atomic_fetch_add_explicit(counter, n, memory_order_relaxed);
}

/* dax_engine.c */
size_t dax_region_bytes(uint32_t max_channels);
/* Control side: builds the engine for d->config in mem, applies d's controls, installs. */
int dax_engine_start(struct dax *d, void *mem, size_t bytes);
/* Control side: takes the installed engine back (0, or -ETIMEDOUT: still installed). */
int dax_engine_stop(struct dax *d);
void dax_engine_poison(void *mem, size_t bytes);
/* DP side, at cycle start and end. */
struct dax_engine *dax_engine_take(struct dax *d);
void dax_engine_put(struct dax *d, struct dax_engine *engine);
/* DP side: brings the engine to the adopted controls (only forward). */
void dax_engine_apply(struct dax *d, struct dax_engine *engine);

/* dax_stream.c */
size_t dax_stream_bytes(uint32_t in_channels, enum adx_sample_format format);
void dax_stream_setup(struct dax_stream *s, void *storage, uint32_t in_channels,
		      enum adx_sample_format format);
int dax_stream_cycle(struct dax *d, struct adx_source *source, struct adx_sink *sink,
		     struct dax_engine *engine);

/* dax_passthrough.c */
void dax_dry_render(enum adx_sample_format format, uint32_t in_channels,
		    const void *in, void *out, uint32_t frames);
void dax_gain_frame(enum adx_sample_format format, void *frame, float gain);
/* to[i] = from[i] + (to[i] - from[i]) * (i + 1) / fade, over the first `fade` frames. */
void dax_crossfade(enum adx_sample_format format, const void *from, void *to,
		   uint32_t fade);
/* block[i] *= (i + 1) / fade over the first `fade` frames. */
void dax_fade_in(enum adx_sample_format format, void *block, uint32_t fade);

/* dax_memory.c */
void dax_memory_init(struct dax *d);
void dax_memory_prepare(struct dax *d);
int dax_memory_reset(struct dax *d);
int dax_memory_free(struct dax *d);
void dax_memory_rerank(struct dax *d);

/* dax_figures.c: engine memory came or went (heap or static region). */
void dax_commit_heap(size_t bytes, bool add);
void dax_commit_static(size_t bytes, bool add);
void dax_set_held(struct dax *d, size_t bytes);
/* An instance came (init) or went (free). */
void dax_count_instance(bool add);

#endif
