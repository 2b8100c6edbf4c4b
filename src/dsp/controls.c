// SPDX-License-Identifier: BSD-3-Clause
/*
 * Controls: the setters validate and record a request; process() adopts
 * requests at the start of a period (adx_dsp_adopt_controls()).
 *
 * Enable crossfades wet and dry, volume ramps; everything that reshapes the
 * chain (profile, device, content processing, CTC, tuning) is adopted
 * behind a dip. The wet output fades out over one period; at the next
 * period boundary the output is silent, the new shape is adopted and every
 * stage but the leveler restarts from silence (filters, delays, the
 * limiter); then the chain's *input* fades in over that period. Fading in
 * at the input rather than the output matters: a stage restarted from
 * silence and fed a signal that starts abruptly would put a step into the
 * output one chain latency later, after an output fade had already begun.
 * The leveler keeps its gain and history: the programme did not change. A
 * request that arrives during the dip is simply adopted with it.
 */
#include <errno.h>
#include <math.h>
#include <string.h>

#include "engine_priv.h"

static bool shape_equal(const struct adx_dsp_shape *a, const struct adx_dsp_shape *b)
{
	return a->profile == b->profile && a->device == b->device &&
	       a->content_processing == b->content_processing && a->ctc == b->ctc &&
	       a->tuning_serial == b->tuning_serial;
}

static bool geometry_virt_equal(const struct adx_virt_geometry *a,
				const struct adx_virt_geometry *b)
{
	return a->head_radius_m == b->head_radius_m && a->room_gain == b->room_gain &&
	       a->speaker_distance_m == b->speaker_distance_m && a->lfe_gain == b->lfe_gain;
}

static bool geometry_ctc_equal(const struct adx_ctc_geometry *a,
			       const struct adx_ctc_geometry *b)
{
	return a->span_deg == b->span_deg && a->distance_m == b->distance_m &&
	       a->head_radius_m == b->head_radius_m && a->regularisation == b->regularisation;
}

/*
 * Redesigns the virtualiser and canceller in their own memory when the
 * tuning moved their geometry. The geometry was range-checked with the
 * blob, and the memory is the worst case, so neither can fail; if one ever
 * did, the part keeps its previous filters.
 */
static void adopt_geometry(struct adx_dsp *e)
{
	const struct adx_tuning_table *t = &e->tuning;
	const struct adx_dsp_layout *l = &e->layout;
	uint8_t *base = (uint8_t *)e;

	if (!geometry_virt_equal(&t->virt, &e->virt_geometry) &&
	    adx_virt_init(&e->virt, base + l->virt_offset, l->virt_bytes,
			  e->config.in_channels, &t->virt, (float)e->config.sample_rate) == 0)
		e->virt_geometry = t->virt;
	if (!geometry_ctc_equal(&t->ctc, &e->ctc_geometry) &&
	    adx_ctc_init(&e->ctc, base + l->ctc_offset, l->ctc_bytes, &t->ctc,
			 (float)e->config.sample_rate) == 0)
		e->ctc_geometry = t->ctc;
}

/* Takes the requested shape: parameters from its set, filters cleared. */
static void adopt_shape(struct adx_dsp *e)
{
	const struct adx_param_set *set;
	float rate = (float)e->config.sample_rate;

	e->shape = e->shape_req;
	set = &e->tuning.sets[e->shape.device][e->shape.profile];
	adopt_geometry(e);
	adx_eq_configure(&e->eq, set->eq, set->eq_bands, rate);
	adx_leveler_configure(&e->leveler, &set->leveler, ADX_DSP_PERIOD_FRAMES, rate);
	adx_dialogue_configure(&e->dialogue, set->dialogue_db, ADX_DSP_PERIOD_FRAMES, rate);
	adx_limiter_configure(&e->limiter, set->limiter_ceiling_db, rate);
	adx_dialogue_reset(&e->dialogue);
	adx_eq_reset(&e->eq);
	adx_limiter_reset(&e->limiter);
	adx_virt_reset(e->virt);
	adx_ctc_reset(e->ctc);
	memset(e->align_delay, 0, sizeof(e->align_delay));
}

static float volume_gain(int32_t q8_23)
{
	return (float)q8_23 * (1.0f / (float)ADX_DSP_VOLUME_UNITY);
}

static void adopt_enable(struct adx_dsp *e)
{
	if (e->enable_req == e->enable)
		return;
	e->enable = e->enable_req;
	if (e->enable && !e->wet_running) {
		/* The chain stopped when the last disable faded out: start it
		 * clean, with the controls as they are now, its input fading in
		 * while the bypass fades out (see enum adx_bypass_edge). */
		adx_dsp_reset_wet(e);
		adopt_shape(e);
		e->volume = e->volume_req;
		adx_ramp_set(&e->volume_ramp, volume_gain(e->volume));
		adx_ramp_set(&e->dip_out, 1.0f);
		adx_ramp_set(&e->dip_in, 1.0f);
		adx_ramp_set(&e->xfade, 1.0f);
		e->dip_phase = ADX_DIP_NONE;
		e->wet_running = true;
		e->edge = ADX_EDGE_ENTER;
		return;
	}
	e->edge = ADX_EDGE_NONE;
	adx_ramp_to(&e->xfade, e->enable ? 1.0f : 0.0f, ADX_DSP_XFADE_FRAMES);
}

static void adopt_volume(struct adx_dsp *e)
{
	if (e->volume_req == e->volume)
		return;
	e->volume = e->volume_req;
	adx_ramp_to(&e->volume_ramp, volume_gain(e->volume), ADX_DSP_VOLUME_RAMP_FRAMES);
}

static void adopt_shape_behind_dip(struct adx_dsp *e)
{
	if (e->dip_phase == ADX_DIP_FADING) {
		/* Last period faded out: the output is silent here. */
		adopt_shape(e);
		adx_ramp_set(&e->dip_out, 1.0f);
		adx_ramp_set(&e->dip_in, 0.0f);
		adx_ramp_to(&e->dip_in, 1.0f, ADX_DSP_PERIOD_FRAMES);
		e->dip_phase = ADX_DIP_NONE;
		return;
	}
	if (shape_equal(&e->shape_req, &e->shape))
		return;
	if (!e->wet_running) {
		/* Nobody hears the chain: no dip needed. */
		adopt_shape(e);
		return;
	}
	adx_ramp_to(&e->dip_out, 0.0f, ADX_DSP_PERIOD_FRAMES);
	e->dip_phase = ADX_DIP_FADING;
}

void adx_dsp_adopt_controls(struct adx_dsp *e)
{
	adopt_enable(e);
	adopt_volume(e);
	adopt_shape_behind_dip(e);
}

void adx_dsp_adopt_all_now(struct adx_dsp *e)
{
	e->enable = e->enable_req;
	e->wet_running = e->enable;
	e->edge = ADX_EDGE_NONE;
	e->volume = e->volume_req;
	adx_ramp_set(&e->xfade, e->enable ? 1.0f : 0.0f);
	adx_ramp_set(&e->volume_ramp, volume_gain(e->volume));
	adx_ramp_set(&e->dip_out, 1.0f);
	adx_ramp_set(&e->dip_in, 1.0f);
	e->dip_phase = ADX_DIP_NONE;
	adopt_shape(e);
}

static int check_flag(uint32_t flag)
{
	return flag <= 1 ? 0 : -EINVAL;
}

int adx_dsp_set_enable(struct adx_dsp *e, uint32_t enable)
{
	if (!adx_dsp_is_valid(e) || check_flag(enable))
		return -EINVAL;
	e->enable_req = enable != 0;
	return 0;
}

int adx_dsp_set_profile(struct adx_dsp *e, uint32_t profile)
{
	if (!adx_dsp_is_valid(e) || profile >= ADX_DSP_PROFILE_COUNT)
		return -EINVAL;
	e->shape_req.profile = profile;
	return 0;
}

int adx_dsp_set_device(struct adx_dsp *e, uint32_t device)
{
	if (!adx_dsp_is_valid(e) || device >= ADX_DSP_DEVICE_COUNT)
		return -EINVAL;
	e->shape_req.device = device;
	return 0;
}

int adx_dsp_set_content_processing(struct adx_dsp *e, uint32_t enable)
{
	if (!adx_dsp_is_valid(e) || check_flag(enable))
		return -EINVAL;
	e->shape_req.content_processing = enable != 0;
	return 0;
}

int adx_dsp_set_ctc_enable(struct adx_dsp *e, uint32_t enable)
{
	if (!adx_dsp_is_valid(e) || check_flag(enable))
		return -EINVAL;
	e->shape_req.ctc = enable != 0;
	return 0;
}

int adx_dsp_set_volume(struct adx_dsp *e, int32_t volume_q8_23)
{
	if (!adx_dsp_is_valid(e))
		return -EINVAL;
	if (volume_q8_23 < 0 || volume_q8_23 > ADX_DSP_VOLUME_MAX)
		return -ERANGE;
	e->volume_req = volume_q8_23;
	return 0;
}

int adx_dsp_set_tuning(struct adx_dsp *e, const void *blob, size_t bytes,
		       struct adx_dsp_tuning_error *error)
{
	int ret;

	if (!adx_dsp_is_valid(e))
		return -EINVAL;
	ret = adx_tuning_load(&e->tuning, blob, bytes, error);
	if (ret)
		return ret;
	e->shape_req.tuning_serial++;
	return 0;
}
