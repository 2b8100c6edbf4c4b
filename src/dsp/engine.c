// SPDX-License-Identifier: BSD-3-Clause
/*
 * Engine lifecycle and the per-period chain (order and memory layout in
 * include/adx/dsp/engine.h and engine_priv.h).
 */
#include <errno.h>
#include <string.h>

#include "downmix.h"
#include "engine_priv.h"
#include "pcm.h"
#include "sanitise.h"

_Static_assert(ADX_DSP_LATENCY_FRAMES == ADX_LIMITER_LOOKAHEAD + ADX_CTC_LATENCY_FRAMES,
	       "the engine's latency is the limiter's plus the canceller's");
_Static_assert(ADX_DSP_PERIOD_FRAMES <= ADX_LIMITER_MAX_FRAMES,
	       "the limiter's scratch is sized for the period");
_Static_assert(ADX_CTC_LATENCY_FRAMES <= ADX_DSP_PERIOD_FRAMES,
	       "the alignment delay works on whole periods");
_Static_assert(ADX_DSP_ALIGN % ADX_VIRT_ALIGN == 0 && ADX_DSP_ALIGN % ADX_CTC_ALIGN == 0,
	       "sub-regions inherit the engine's alignment");

#define FRAMES ADX_DSP_PERIOD_FRAMES

bool adx_dsp_is_valid(const struct adx_dsp *e)
{
	return e && e->magic == ADX_DSP_MAGIC;
}

static bool aligned(const void *p)
{
	return ((uintptr_t)p & (ADX_DSP_ALIGN - 1)) == 0;
}

void adx_dsp_reset_wet(struct adx_dsp *e)
{
	adx_dialogue_reset(&e->dialogue);
	adx_leveler_reset(&e->leveler);
	adx_eq_reset(&e->eq);
	adx_limiter_reset(&e->limiter);
	adx_virt_reset(e->virt);
	adx_ctc_reset(e->ctc);
	memset(e->align_delay, 0, sizeof(e->align_delay));
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

/*
 * Delays both channels by ADX_CTC_LATENCY_FRAMES, so every device path has
 * the latency of the one with the canceller. tmp holds one period.
 */
static void align_delay(struct adx_dsp *e, float *const ch[2], float *tmp)
{
	const uint32_t d = ADX_CTC_LATENCY_FRAMES;
	uint32_t c;

	for (c = 0; c < 2; c++) {
		memcpy(tmp, ch[c] + FRAMES - d, d * sizeof(float));
		memmove(ch[c] + d, ch[c], (FRAMES - d) * sizeof(float));
		memcpy(ch[c], e->align_delay[c], d * sizeof(float));
		memcpy(e->align_delay[c], tmp, d * sizeof(float));
	}
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
		e->wet_running = false;
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
	if (fading)
		adx_downmix((const float *const *)b.in, e->config.in_channels,
			    b.dry[0], b.dry[1], FRAMES);
	run_wet(e, &b);
	if (fading)
		crossfade(e, &b);
	adx_flush_tiny(b.wet[0], b.wet[1], FRAMES);
	adx_pcm_from_stereo(e->config.format, b.wet[0], b.wet[1], out, FRAMES);
	return 0;
}
