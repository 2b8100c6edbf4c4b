/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dialogue enhancement: lifts the speech band of the content common to both
 * channels (where a mix puts dialogue), leaving side-panned and wide
 * content alone.
 *
 * Both channels pass a speech band-pass (RBJ high-pass at
 * ADX_DIALOGUE_LOW_HZ, low-pass at ADX_DIALOGUE_HIGH_HZ, Q 1/sqrt(2) each),
 * giving bl and br. A centre weight is estimated from their smoothed
 * energies (time constant ADX_DIALOGUE_SMOOTH_MS):
 *     w = clamp(2 E[bl br] / (E[bl^2] + E[br^2]), 0, 1)
 * which is 1 for identical channels (a centre-panned voice) and 0 for
 * content in one channel only or uncorrelated between them. Then
 *     L += (A - 1) w (bl + br) / 2,  R += the same,
 * with A = 10^(amount_db / 20): a centre voice inside the band rises by
 * amount_db, hard-panned music does not rise at all. w is updated once a
 * period and the added gain is ramped across the period.
 */
#ifndef ADX_DSP_DIALOGUE_H
#define ADX_DSP_DIALOGUE_H

#include <stdint.h>

#include "biquad.h"
#include "ramp.h"

#define ADX_DIALOGUE_LOW_HZ 200.0f
#define ADX_DIALOGUE_HIGH_HZ 5000.0f
#define ADX_DIALOGUE_SMOOTH_MS 100.0f

struct adx_dialogue {
	float amount_db;
	float smooth_coef;
	struct adx_biquad_coefs band[2];          /* high-pass, low-pass */
	struct adx_biquad_state state[2];         /* per stage, both channels */
	float e_ll, e_rr, e_lr;                   /* smoothed band energies */
	struct adx_ramp boost;                    /* (A - 1) w */
};

void adx_dialogue_configure(struct adx_dialogue *d, float amount_db,
			    uint32_t period_frames, float rate);
void adx_dialogue_reset(struct adx_dialogue *d);

/* In place; band_left and band_right are frames floats of scratch each. */
void adx_dialogue_process(struct adx_dialogue *d, float *left, float *right,
			  uint32_t frames, float *band_left, float *band_right);

#endif
