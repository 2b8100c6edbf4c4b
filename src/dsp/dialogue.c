// SPDX-License-Identifier: BSD-3-Clause
#include <math.h>
#include <string.h>

#include "dialogue.h"

/* Butterworth Q: two such sections make a Linkwitz-Riley edge. */
static const float band_q = 0.70710678f;

void adx_dialogue_configure(struct adx_dialogue *d, float amount_db,
			    uint32_t period_frames, float rate)
{
	float period_s = (float)period_frames / rate;

	d->amount_db = amount_db;
	d->smooth_coef = 1.0f - expf(-period_s / (ADX_DIALOGUE_SMOOTH_MS * 0.001f));
	adx_biquad_design(&d->band[0], ADX_EQ_HIGH_PASS, ADX_DIALOGUE_LOW_HZ, 0.0,
			  band_q, rate);
	d->band[1] = d->band[0];
	adx_biquad_design(&d->band[2], ADX_EQ_LOW_PASS, ADX_DIALOGUE_HIGH_HZ, 0.0,
			  band_q, rate);
	d->band[3] = d->band[2];
	adx_biquad_design_allpass(&d->allpass[0], ADX_DIALOGUE_LOW_HZ, band_q, rate);
	adx_biquad_design_allpass(&d->allpass[1], ADX_DIALOGUE_HIGH_HZ, band_q, rate);
}

void adx_dialogue_reset(struct adx_dialogue *d)
{
	memset(d->state, 0, sizeof(d->state));
	memset(d->allpass_state, 0, sizeof(d->allpass_state));
	d->e_ll = 0.0f;
	d->e_rr = 0.0f;
	d->e_lr = 0.0f;
	adx_ramp_set(&d->boost, 0.0f);
}

static void band_pass(struct adx_dialogue *d, const float *left, const float *right,
		      float *band_left, float *band_right, uint32_t frames)
{
	memcpy(band_left, left, frames * sizeof(float));
	memcpy(band_right, right, frames * sizeof(float));
	adx_biquad_cascade(d->band, d->state, 4, band_left, band_right, frames);
}

/* Smooths this period's band energies and returns the centre weight. */
static float centre_weight(struct adx_dialogue *d, const float *bl,
			   const float *br, uint32_t frames)
{
	float ll = 0.0f, rr = 0.0f, lr = 0.0f, total, w;
	uint32_t i;

	for (i = 0; i < frames; i++) {
		ll += bl[i] * bl[i];
		rr += br[i] * br[i];
		lr += bl[i] * br[i];
	}
	d->e_ll += (ll - d->e_ll) * d->smooth_coef;
	d->e_rr += (rr - d->e_rr) * d->smooth_coef;
	d->e_lr += (lr - d->e_lr) * d->smooth_coef;
	total = d->e_ll + d->e_rr;
	if (!(total > 1e-20f))
		return 0.0f;
	w = 2.0f * d->e_lr / total;
	return w < 0.0f ? 0.0f : (w > 1.0f ? 1.0f : w);
}

void adx_dialogue_process(struct adx_dialogue *d, float *left, float *right,
			  uint32_t frames, float *band_left, float *band_right)
{
	float extra = powf(10.0f, d->amount_db / 20.0f) - 1.0f;
	float w;
	uint32_t i;

	/* No lift: the audio stays as it is, all-pass phase included. */
	if (!(d->amount_db > 0.0f))
		return;
	band_pass(d, left, right, band_left, band_right, frames);
	adx_biquad_cascade(d->allpass, d->allpass_state, 2, left, right, frames);
	w = centre_weight(d, band_left, band_right, frames);
	adx_ramp_to(&d->boost, extra * w, frames);
	for (i = 0; i < frames; i++)
		band_left[i] = 0.5f * (band_left[i] + band_right[i]);
	/* band_right is free now: it takes the per-sample boost. */
	adx_ramp_gains(&d->boost, band_right, frames);
	for (i = 0; i < frames; i++) {
		float add = band_right[i] * band_left[i];

		left[i] += add;
		right[i] += add;
	}
}
