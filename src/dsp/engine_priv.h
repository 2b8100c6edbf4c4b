/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The engine's state and memory layout, shared by engine.c (lifecycle and
 * processing), controls.c (setters and their adoption) and layout.c (sizes).
 *
 * Persistent region, each part ADX_DSP_ALIGN-aligned:
 *   struct adx_dsp | virtualiser persistent | canceller persistent
 * Scratch region, each buffer ADX_DSP_PERIOD_FRAMES floats:
 *   in_channels planar inputs | wet L, R | dry L, R | tmp A, B |
 *   max(virtualiser scratch, canceller scratch, limiter scratch)
 * Both parts of the persistent region exist in every configuration, since
 * the device and CTC are runtime controls and must not change the size.
 */
#ifndef ADX_DSP_ENGINE_PRIV_H
#define ADX_DSP_ENGINE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "adx/dsp/engine.h"
#include "ctc.h"
#include "dialogue.h"
#include "eq.h"
#include "leveler.h"
#include "limiter.h"
#include "ramp.h"
#include "tuning_table.h"
#include "virtualizer.h"

#define ADX_DSP_MAGIC UINT32_C(0x61647864) /* "adxd" */
#define ADX_DSP_MAX_IN_CHANNELS 8u

/* Controls that reshape the chain: adopted behind a dip. */
struct adx_dsp_shape {
	uint32_t profile;
	uint32_t device;
	bool content_processing;
	bool ctc;
	uint32_t tuning_serial;  /* bumped by every accepted blob */
};

struct adx_dsp_layout {
	size_t engine_bytes;
	size_t virt_offset, virt_bytes;
	size_t ctc_offset, ctc_bytes;
	size_t persistent_bytes;
	size_t module_scratch_offset, module_scratch_bytes;
	size_t scratch_bytes;
};

enum adx_dip_phase {
	ADX_DIP_NONE,      /* no reshaping pending, or fading back in */
	ADX_DIP_FADING,    /* output fading out; the shape changes next period */
};

/*
 * The enabled chain has ADX_DSP_LATENCY_FRAMES of latency, the bypass none,
 * so crossing between them moves the timeline. That move happens inside one
 * period, behind a dip: the old path fades out over its first half, the new
 * one fades in over its second half. Crossfades between wet and dry (a
 * disable, or an enable before the bypass was reached) use the dry signal
 * delayed to the chain's latency, so they mix aligned signals.
 */
#define ADX_DSP_EDGE_FRAMES (ADX_DSP_PERIOD_FRAMES / 2u)

enum adx_bypass_edge {
	ADX_EDGE_NONE,
	ADX_EDGE_ENTER,    /* this period: bypass out, restarted chain in */
	ADX_EDGE_LEAVE,    /* this period: delayed dry out, bypass in */
};

struct adx_dsp {
	uint32_t magic;
	struct adx_dsp_config config;
	struct adx_dsp_layout layout;
	float *scratch;
	size_t out_period_bytes;
	struct adx_virt *virt;
	struct adx_ctc *ctc;

	/* Requests from the setters; process() adopts them. */
	bool enable_req;
	int32_t volume_req;
	struct adx_dsp_shape shape_req;

	/* What process() runs with. */
	bool enable;
	int32_t volume;
	struct adx_dsp_shape shape;
	bool wet_running;            /* false once a disable has faded out */
	enum adx_bypass_edge edge;
	enum adx_dip_phase dip_phase;
	struct adx_virt_geometry virt_geometry;   /* as designed into virt */
	struct adx_ctc_geometry ctc_geometry;     /* as designed into ctc */

	struct adx_dsp_stats stats;
	struct adx_tuning_table tuning;
	struct adx_dialogue dialogue;
	struct adx_leveler leveler;
	struct adx_eq eq;
	struct adx_limiter limiter;
	struct adx_ramp volume_ramp;
	struct adx_ramp xfade;       /* wet share, 0 (dry) .. 1 (wet) */
	struct adx_ramp dip_out;      /* fades the output before a reshape */
	struct adx_ramp dip_in;       /* fades the chain's input in after it */
	/* Stands in for the canceller's delay when it is not in the chain. */
	float align_delay[2][ADX_CTC_LATENCY_FRAMES];
	/* The dry signal's last ADX_DSP_LATENCY_FRAMES frames, for crossfades. */
	float dry_delay[2][ADX_DSP_LATENCY_FRAMES];
};

/* Scratch buffers of one period. */
struct adx_dsp_buffers {
	float *in[ADX_DSP_MAX_IN_CHANNELS];
	float *wet[2];
	float *dry[2];
	float *tmp[2];
	void *module;
};

/* Sizes and offsets for a valid configuration; -EINVAL otherwise. */
int adx_dsp_layout_compute(const struct adx_dsp_config *config,
			   struct adx_dsp_layout *layout);
void adx_dsp_buffers_map(const struct adx_dsp *e, struct adx_dsp_buffers *b);

/* controls.c: adoption at the start of a period, and full re-adoption. */
void adx_dsp_adopt_controls(struct adx_dsp *e);
void adx_dsp_adopt_all_now(struct adx_dsp *e);
/* wet_reset.c: clears every state of the enabled chain. */
void adx_dsp_reset_wet(struct adx_dsp *e);

static inline bool adx_dsp_is_valid(const struct adx_dsp *e)
{
	return e && e->magic == ADX_DSP_MAGIC;
}

#endif
