/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The DAX module: the enhancement engine (include/adx/dsp/engine.h) wrapped
 * as a DP module, with a choice of four lifespans for its large engine
 * memory and an instance manager that hands one region between instances
 * (docs/design.md §3-§5; docs/dax.md is the full story).
 *
 * Stream: one source, one sink; 48 kHz; S16_LE, S32_LE or FLOAT32, the same
 * format on both pins; 2, 6 or 8 channels in (at most the instance's
 * max_channels), 2 out. The module runs every LL period (48 frames) and
 * calls the engine once 256 frames are in, so it adds ADX_DAX_LATENCY_FRAMES
 * of latency, the same whether it processes or passes audio through.
 *
 * Engine memory ("engine bytes committed": heap plus static region), per
 * policy:
 *   INIT     from the heap at init, released at free;
 *   PREPARE  from the heap at prepare, released at reset;
 *   STATIC   one linker-placed region, claimed at prepare, released at reset;
 *   SHARED   one heap region allocated by the first instance's init, handed
 *            between instances, freed by the last free (or kept, on request).
 * STATIC and SHARED give the region to one instance at a time, by priority:
 * running before prepared, then by output device (speaker above headphone
 * unless adx_dax_set_device_rank() says otherwise), then the init data's
 * priority. An instance without engine memory passes audio through (a copy
 * for 2 channels, the BS.775 downmix for 6 and 8) and counts the frames.
 * A failed engine allocation is never an op failure: the stream keeps
 * playing, in pass-through, and the failure is counted and logged.
 */
#ifndef ADX_DAX_H
#define ADX_DAX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/dsp/engine.h"
#include "adx/module/interface.h"

enum adx_dax_policy {
	ADX_DAX_POLICY_INIT,
	ADX_DAX_POLICY_PREPARE,
	ADX_DAX_POLICY_STATIC,
	ADX_DAX_POLICY_SHARED,
	ADX_DAX_POLICY_COUNT,
	/* in init data: the build default (CMake ADX_DAX_DEFAULT_POLICY) */
	ADX_DAX_POLICY_DEFAULT = 0xFF,
};

enum adx_dax_device {
	ADX_DAX_DEVICE_SPEAKER,
	ADX_DAX_DEVICE_HEADPHONE,
	ADX_DAX_DEVICE_COUNT,
};

enum adx_dax_profile {
	ADX_DAX_PROFILE_DYNAMIC,
	ADX_DAX_PROFILE_MOVIE,
	ADX_DAX_PROFILE_MUSIC,
	ADX_DAX_PROFILE_VOICE,
	ADX_DAX_PROFILE_COUNT,
};

/*
 * Configuration ids. Every payload is one little-endian u32 except TUNING
 * (a tuning blob, include/adx/dsp/tuning.h) and STATE (get only). Only whole
 * payloads are accepted (ADX_CFG_SINGLE, data_offset_size == size): the IPC
 * layer assembles fragments. An invalid value is -EINVAL and changes nothing.
 */
enum adx_dax_config_id {
	ADX_DAX_CFG_ENABLE = 1,             /* 0/1: 0 = bit-exact bypass (delayed) */
	ADX_DAX_CFG_PROFILE = 2,            /* enum adx_dax_profile */
	ADX_DAX_CFG_DEVICE = 3,             /* enum adx_dax_device; re-ranks ownership */
	ADX_DAX_CFG_CONTENT_PROCESSING = 4, /* 0/1 */
	ADX_DAX_CFG_CTC_ENABLE = 5,         /* 0/1 */
	ADX_DAX_CFG_VOLUME = 6,             /* Q1.31 peak volume, 0x7FFFFFFF = 0 dB */
	ADX_DAX_CFG_TUNING = 7,             /* blob, 0..ADX_DAX_TUNING_MAX_BYTES; empty = built-in */
	ADX_DAX_CFG_STATE = 8,              /* get only: struct adx_dax_controls */
};

/* Largest tuning blob accepted (every record of every device and profile fits). */
#define ADX_DAX_TUNING_MAX_BYTES 8192u

/* Frames of the fade at each switch between processed and bypassed audio (5 ms). */
#define ADX_DAX_FADE_FRAMES 240u

/* Added latency: the 256/48 buffering (256 - gcd(256, 48)) plus the engine's own. */
#define ADX_DAX_BUFFER_FRAMES 240u
#define ADX_DAX_LATENCY_FRAMES (ADX_DAX_BUFFER_FRAMES + ADX_DSP_LATENCY_FRAMES)

/* Init data flags. */
#define ADX_DAX_INIT_RETAIN_SHARED (1u << 0) /* SHARED: keep the region after the last free */

/* Init data (mod->init_data). NULL with size 0 means every default. */
struct adx_dax_init {
	uint32_t policy;        /* enum adx_dax_policy or ADX_DAX_POLICY_DEFAULT */
	uint32_t max_channels;  /* 2, 6 or 8 (0 means 8): sizes INIT/PREPARE memory */
	uint32_t device;        /* initial output device (enum adx_dax_device) */
	uint32_t priority;      /* 0..255: last tie-break for STATIC/SHARED ownership */
	uint32_t flags;         /* ADX_DAX_INIT_* */
};

/* A consistent snapshot of the staged controls (ADX_DAX_CFG_STATE). */
struct adx_dax_controls {
	uint32_t enable;
	uint32_t profile;
	uint32_t device;
	uint32_t content_processing;
	uint32_t ctc_enable;
	uint32_t volume_q1_31;  /* as the host sent it */
	int32_t volume_q8_23;   /* as the engine gets it */
	uint32_t tuning_bytes;  /* 0: built-in tuning */
	uint32_t generation;    /* bumped by every accepted change */
};

/* Per-instance figures (adx_dax_get_stats). */
struct adx_dax_stats {
	uint32_t policy;
	bool owns_memory;               /* engine memory installed now */
	size_t committed_bytes;         /* engine bytes this instance holds now */
	uint64_t processed_frames;      /* frames the engine ran on */
	uint64_t bypassed_frames;       /* frames passed through without memory */
	uint64_t alloc_failures;        /* engine memory the heap refused */
	uint64_t handoffs_in;           /* region received (STATIC/SHARED) */
	uint64_t handoffs_out;          /* region given up while prepared (yield) */
	uint64_t claim_timeouts;        /* a cycle kept the memory past the op timeout */
	uint64_t switch_to_first_frames;/* last handoff: input frames until the engine ran */
	uint64_t switches_measured;
	uint64_t ownership_violations;  /* must stay 0: engine used by two cycles / not ours */
	uint64_t poisoned_engine_seen;  /* must stay 0: released memory reached process() */
	uint64_t controls_applied;      /* staged sets the DP side adopted into an engine */
	uint32_t last_tuning_error_record; /* record index of the last rejected blob */
};

/* Engine bytes committed over every instance (heap + static region). */
struct adx_dax_memory_stats {
	size_t heap_bytes;
	size_t static_bytes;            /* the static region while a STATIC instance exists */
	size_t total_bytes;
	size_t peak_total_bytes;        /* since the last adx_dax_reset_peak() */
	uint32_t instances;
};

extern const struct adx_module_driver adx_dax_driver;

/* 0, or -EINVAL when mod is not a DAX instance. Control thread. */
int adx_dax_get_stats(const struct adx_module *mod, struct adx_dax_stats *stats);
void adx_dax_get_memory_stats(struct adx_dax_memory_stats *stats);
void adx_dax_reset_peak(void);

/* Engine bytes (S) an instance of this many channels commits; 0 for bad channels. */
size_t adx_dax_engine_bytes(uint32_t max_channels);
/* Size of the linker-placed region (CMake ADX_DAX_STATIC_REGION_BYTES). */
size_t adx_dax_static_region_bytes(void);
/* The build default policy (CMake ADX_DAX_DEFAULT_POLICY). */
enum adx_dax_policy adx_dax_default_policy(void);
/* The policy's name ("init", "prepare", "static", "shared"); "?" out of range. */
const char *adx_dax_policy_name(enum adx_dax_policy policy);
/* The policy named `name` (exact, as adx_dax_policy_name() spells it): 0 or -EINVAL. */
int adx_dax_policy_parse(const char *name, enum adx_dax_policy *policy);

/*
 * Ownership rank of an output device (higher wins; default speaker 1,
 * headphone 0). Takes effect at the next ownership decision. Control thread.
 */
int adx_dax_set_device_rank(uint32_t device, uint32_t rank);

/*
 * Frees a SHARED region kept by ADX_DAX_INIT_RETAIN_SHARED once no instance
 * uses it: 0 (also when there is none), -EBUSY while instances exist.
 * A region whose heap was retired (adx_heap_retire()) went with that heap:
 * it is forgotten, never written to or freed, here or by the next SHARED
 * init, which allocates a new one on its own heap.
 */
int adx_dax_shared_release(void);

#if ADX_TEST_HOOKS
/*
 * Test seam (ADX_TEST_HOOKS; the others are in adx/test_hooks.h). Sweeps
 * that need only memory and timing results: every engine block plays the
 * dry path instead of running the engine's signal processing. Allocation,
 * ownership, counters and the DP cycle's declared virtual-time cost are
 * untouched, so memory and timing results are the same with and without
 * audio (the testbench's sweep test proves it). Process-wide.
 */
void adx_dax_skip_engine_audio(bool skip);
#endif

#endif
