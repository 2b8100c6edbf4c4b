// SPDX-License-Identifier: BSD-3-Clause
/*
 * Engine lifecycle and the per-period chain (order and memory layout in
 * include/adx/dsp/engine.h and engine_priv.h).
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "downmix.h"
#include "engine_priv.h"
#include "pcm.h"
#include "sanitise.h"

_Static_assert(ADX_DSP_LATENCY_FRAMES == ADX_LIMITER_LOOKAHEAD + ADX_CTC_LATENCY_FRAMES,
	       "the engine's latency is the limiter's plus the canceller's");
_Static_assert(ADX_DSP_PERIOD_FRAMES <= ADX_LIMITER_MAX_FRAMES,
	       "the limiter's scratch is sized for the period");
_Static_assert(ADX_DSP_LATENCY_FRAMES <= ADX_DSP_PERIOD_FRAMES,
	       "the alignment and dry delays work on whole periods");
_Static_assert(ADX_DSP_ALIGN % ADX_VIRT_ALIGN == 0 && ADX_DSP_ALIGN % ADX_CTC_ALIGN == 0,
	       "sub-regions inherit the engine's alignment");

#define FRAMES ADX_DSP_PERIOD_FRAMES

static bool aligned(const void *p)
{
	return ((uintptr_t)p & (ADX_DSP_ALIGN - 1)) == 0;
}

static int init_spatial(struct adx_dsp *e)
{
	uint8_t *base = (uint8_t *)e;
	const struct adx_dsp_layout *l = &e->layout;
	int ret;

	ret = adx_virt_init(&e->virt, base + l->virt_offset, l->virt_bytes,
			    e->config.in_channels, &e->tuning.virt,
			    (float)e->config.sample_rate);
	if (ret)
		return ret;
	e->virt_geometry = e->tuning.virt;
	ret = adx_ctc_init(&e->ctc, base + l->ctc_offset, l->ctc_bytes,
			   &e->tuning.ctc, (float)e->config.sample_rate);
	if (ret)
		return ret;
	e->ctc_geometry = e->tuning.ctc;
	return 0;
}

static void set_default_controls(struct adx_dsp *e)
{
	e->enable_req = true;
	e->volume_req = ADX_DSP_VOLUME_UNITY;
	e->shape_req.profile = ADX_DSP_PROFILE_DYNAMIC;
	e->shape_req.device = ADX_DSP_DEVICE_SPEAKER;
	e->shape_req.content_processing = true;
	e->shape_req.ctc = false;
	e->shape_req.tuning_serial = 0;
}

int adx_dsp_init(struct adx_dsp **out, const struct adx_dsp_config *config,
		 void *persistent, size_t persistent_bytes,
		 void *scratch, size_t scratch_bytes)
{
	struct adx_dsp_layout layout;
	struct adx_dsp *e = persistent;

	if (!out || adx_dsp_layout_compute(config, &layout))
		return -EINVAL;
	if (!persistent || !scratch || !aligned(persistent) || !aligned(scratch))
		return -EINVAL;
	if (persistent_bytes < layout.persistent_bytes || scratch_bytes < layout.scratch_bytes)
		return -EINVAL;
	memset(e, 0, sizeof(*e));
	e->config = *config;
	e->layout = layout;
	e->scratch = scratch;
	e->out_period_bytes = FRAMES * ADX_DSP_OUT_CHANNELS * adx_pcm_sample_bytes(config->format);
	e->tuning = adx_tuning_builtin;
	if (init_spatial(e))
		return -EINVAL;
	set_default_controls(e);
	adx_dsp_reset_wet(e);
	adx_dsp_adopt_all_now(e);
	e->magic = ADX_DSP_MAGIC;
	*out = e;
	return 0;
}

int adx_dsp_reset(struct adx_dsp *e)
{
	if (!adx_dsp_is_valid(e))
		return -EINVAL;
	adx_dsp_reset_wet(e);
	adx_dsp_adopt_all_now(e);
	return 0;
}

int adx_dsp_free(struct adx_dsp *e)
{
	if (!adx_dsp_is_valid(e))
		return -EINVAL;
	e->magic = 0;
	return 0;
}

int adx_dsp_get_stats(const struct adx_dsp *e, struct adx_dsp_stats *stats)
{
	if (!adx_dsp_is_valid(e) || !stats)
		return -EINVAL;
	*stats = e->stats;
	return 0;
}

bool adx_dsp_is_bypassed(const struct adx_dsp *e)
{
	return adx_dsp_is_valid(e) && !e->wet_running;
}

/* x delayed by d <= FRAMES samples through line (d floats); tmp holds d. */
static void delay_in_place(float *line, uint32_t d, float *x, float *tmp)
{
	memcpy(tmp, x + FRAMES - d, d * sizeof(float));
	memmove(x + d, x, (FRAMES - d) * sizeof(float));
	memcpy(x, line, d * sizeof(float));
	memcpy(line, tmp, d * sizeof(float));
}

/*
 * Delays both channels by ADX_CTC_LATENCY_FRAMES, so every device path has
 * the latency of the one with the canceller. tmp holds one period.
 */
static void align_delay(struct adx_dsp *e, float *const ch[2], float *tmp)
{
	delay_in_place(e->align_delay[0], ADX_CTC_LATENCY_FRAMES, ch[0], tmp);
	delay_in_place(e->align_delay[1], ADX_CTC_LATENCY_FRAMES, ch[1], tmp);
}

static void render(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	if (e->shape.device == ADX_DSP_DEVICE_HEADPHONE)
		adx_virt_process(e->virt, (const float *const *)b->in, b->wet[0], b->wet[1],
				 b->module);
	else
		adx_downmix((const float *const *)b->in, e->config.in_channels,
			    b->wet[0], b->wet[1], FRAMES);
}

/* After a reshape the chain's input fades in (see controls.c). */
static void fade_in_input(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	float *gains = b->tmp[1];
	uint32_t c, i;

	if (!adx_ramp_is_active(&e->dip_in))
		return;
	adx_ramp_gains(&e->dip_in, gains, FRAMES);
	for (c = 0; c < e->config.in_channels; c++)
		for (i = 0; i < FRAMES; i++)
			b->in[c][i] *= gains[i];
}

static void run_wet(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	float *l = b->wet[0], *r = b->wet[1];

	fade_in_input(e, b);
	render(e, b);
	if (e->shape.content_processing) {
		if (e->dialogue.amount_db > 0.0f)
			adx_dialogue_process(&e->dialogue, l, r, FRAMES, b->tmp[0], b->tmp[1]);
		adx_leveler_process(&e->leveler, l, r, FRAMES, b->tmp);
	}
	adx_eq_process(&e->eq, l, r, FRAMES);
	if (e->shape.device == ADX_DSP_DEVICE_SPEAKER && e->shape.ctc)
		adx_ctc_process(e->ctc, l, r, b->module);
	else
		align_delay(e, b->wet, b->tmp[0]);
	adx_ramp_apply(&e->volume_ramp, l, r, FRAMES);
	adx_limiter_process(&e->limiter, l, r, FRAMES, b->module);
	adx_ramp_apply(&e->dip_out, l, r, FRAMES);
}

/*
 * The dry path: the bypass's output (the input, or its downmix) for the
 * whole period when it is needed, else only the last ADX_DSP_LATENCY_FRAMES
 * frames, which is all the dry delay keeps.
 */
static void render_dry(struct adx_dsp *e, const struct adx_dsp_buffers *b, bool whole)
{
	const uint32_t d = ADX_DSP_LATENCY_FRAMES;
	const float *tail[ADX_DSP_MAX_IN_CHANNELS];
	uint32_t c;

	if (whole) {
		adx_downmix((const float *const *)b->in, e->config.in_channels,
			    b->dry[0], b->dry[1], FRAMES);
		return;
	}
	for (c = 0; c < e->config.in_channels; c++)
		tail[c] = b->in[c] + FRAMES - d;
	adx_downmix(tail, e->config.in_channels, e->dry_delay[0], e->dry_delay[1], d);
}

/* Keeps the end of a whole period's dry signal that was not delayed. */
static void remember_dry(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	const uint32_t d = ADX_DSP_LATENCY_FRAMES;

	memcpy(e->dry_delay[0], b->dry[0] + FRAMES - d, d * sizeof(float));
	memcpy(e->dry_delay[1], b->dry[1] + FRAMES - d, d * sizeof(float));
}

/* The dry signal aligned with the chain's output (in place in dry). */
static void delay_dry(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	delay_in_place(e->dry_delay[0], ADX_DSP_LATENCY_FRAMES, b->dry[0], b->tmp[1]);
	delay_in_place(e->dry_delay[1], ADX_DSP_LATENCY_FRAMES, b->dry[1], b->tmp[1]);
}

/* wet = dry + share * (wet - dry), share ramping per sample. */
static void crossfade(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	float *share = b->tmp[0];
	uint32_t c, i;

	adx_ramp_gains(&e->xfade, share, FRAMES);
	for (c = 0; c < 2; c++)
		for (i = 0; i < FRAMES; i++)
			b->wet[c][i] = b->dry[c][i] + share[i] * (b->wet[c][i] - b->dry[c][i]);
	if (!e->enable && !adx_ramp_is_active(&e->xfade))
		e->edge = ADX_EDGE_LEAVE;
}

/*
 * Raised-cosine fade gains over ADX_DSP_EDGE_FRAMES: their slope is 0 at
 * both ends, so the fade's corners put far less energy at high frequencies
 * than a linear fade's. i counts from 0; the gain reaches 1 (in) or 0 (out)
 * on the last sample.
 */
static float edge_gain_in(uint32_t i)
{
	float g = sinf((float)(i + 1) * (1.5707963f / (float)ADX_DSP_EDGE_FRAMES));

	return g * g;
}

/*
 * out = from faded out over the first half of the period, then to faded
 * in over the second (see enum adx_bypass_edge); out may be either input.
 */
static void edge_mix(float *const from[2], float *const to[2], float *const out[2])
{
	uint32_t c, i;

	for (c = 0; c < 2; c++) {
		for (i = 0; i < ADX_DSP_EDGE_FRAMES; i++)
			out[c][i] = from[c][i] * (1.0f - edge_gain_in(i));
		for (i = ADX_DSP_EDGE_FRAMES; i < FRAMES; i++)
			out[c][i] = to[c][i] * edge_gain_in(i - ADX_DSP_EDGE_FRAMES);
	}
}

/* A chain restarted from silence takes its input faded in, so that its
 * filters see no step. */
static void fade_in_restarted_input(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	uint32_t c, i;

	for (c = 0; c < e->config.in_channels; c++)
		for (i = 0; i < ADX_DSP_EDGE_FRAMES; i++)
			b->in[c][i] *= edge_gain_in(i);
}

/* The period that hands a finished disable over to the bypass. */
static void leave_to_bypass(struct adx_dsp *e, const struct adx_dsp_buffers *b)
{
	memcpy(b->wet[0], b->dry[0], FRAMES * sizeof(float));
	memcpy(b->wet[1], b->dry[1], FRAMES * sizeof(float));
	delay_in_place(e->dry_delay[0], ADX_DSP_LATENCY_FRAMES, b->wet[0], b->tmp[1]);
	delay_in_place(e->dry_delay[1], ADX_DSP_LATENCY_FRAMES, b->wet[1], b->tmp[1]);
	edge_mix(b->wet, b->dry, b->wet);
	e->edge = ADX_EDGE_NONE;
	e->wet_running = false;
}

/* The running chain, crossfaded with the aligned dry path while fading. */
static void run_enabled(struct adx_dsp *e, const struct adx_dsp_buffers *b, bool fading)
{
	if (fading)
		delay_dry(e, b);
	if (e->edge == ADX_EDGE_ENTER)
		fade_in_restarted_input(e, b);
	run_wet(e, b);
	if (fading)
		crossfade(e, b);
	if (e->edge == ADX_EDGE_ENTER) {
		remember_dry(e, b);
		edge_mix(b->dry, b->wet, b->wet);
		e->edge = ADX_EDGE_NONE;
	}
}

/* The input as planar float, with non-finite and out-of-range samples replaced. */
static void read_input(struct adx_dsp *e, const void *in, const struct adx_dsp_buffers *b)
{
	adx_pcm_to_planar(e->config.format, in, e->config.in_channels, b->in, FRAMES);
	if (e->config.format == ADX_DSP_FLOAT32)
		adx_sanitise(b->in, e->config.in_channels, FRAMES, &e->stats);
}

/* Disabled and faded out: the input, or its plain downmix. */
static void pass_through(struct adx_dsp *e, const void *in, void *out)
{
	struct adx_dsp_buffers b;

	if (e->config.in_channels == 2) {
		/* Copied, never converted: bit-exact in every format. */
		if (in != out)
			memcpy(out, in, e->out_period_bytes);
		return;
	}
	adx_dsp_buffers_map(e, &b);
	read_input(e, in, &b);
	adx_downmix((const float *const *)b.in, e->config.in_channels,
		    b.dry[0], b.dry[1], FRAMES);
	adx_pcm_from_stereo(e->config.format, b.dry[0], b.dry[1], out, FRAMES);
}

int adx_dsp_process(struct adx_dsp *e, const void *in, void *out)
{
	struct adx_dsp_buffers b;
	bool fading;

	if (!adx_dsp_is_valid(e) || !in || !out)
		return -EINVAL;
	/* Bypassed and staying so: nothing else to adopt until an enable,
	 * which restarts the chain with the controls as they are then. */
	if (!e->wet_running && !e->enable_req) {
		pass_through(e, in, out);
		return 0;
	}
	adx_dsp_adopt_controls(e);
	if (!e->wet_running) {
		pass_through(e, in, out);
		return 0;
	}
	adx_dsp_buffers_map(e, &b);
	read_input(e, in, &b);
	fading = adx_ramp_is_active(&e->xfade) || !e->enable;
	render_dry(e, &b, fading || e->edge != ADX_EDGE_NONE);
	if (e->edge == ADX_EDGE_LEAVE)
		leave_to_bypass(e, &b);
	else
		run_enabled(e, &b, fading);
	/* Integer formats round anything this small to 0 anyway. */
	if (e->config.format == ADX_DSP_FLOAT32)
		adx_flush_tiny(b.wet[0], b.wet[1], FRAMES);
	adx_pcm_from_stereo(e->config.format, b.wet[0], b.wet[1], out, FRAMES);
	return 0;
}
