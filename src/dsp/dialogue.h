/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Dialogue enhancement: lifts the speech band of the content common to both
 * channels (where a mix puts dialogue), leaving side-panned and wide
 * content alone.
 *
 * Both channels pass a speech band-pass, Linkwitz-Riley of fourth order at
 * each edge (two Butterworth high-passes at ADX_DIALOGUE_LOW_HZ, two
 * Butterworth low-passes at ADX_DIALOGUE_HIGH_HZ), giving bl and br. A
 * centre weight is estimated from their smoothed energies (time constant
 * ADX_DIALOGUE_SMOOTH_MS):
 *     w = clamp(2 E[bl br] / (E[bl^2] + E[br^2]), 0, 1)
 * which is 1 for identical channels (a centre-panned voice) and 0 for
 * content in one channel only or uncorrelated between them. Then
 *     L = AP(L) + (A - 1) w (bl + br) / 2,  R likewise,
 * where AP is the all-pass that a Linkwitz-Riley pair sums to, at both
 * edges: the band is then exactly in phase with the signal it is added to,
 * so nothing outside the band is ever cut (a plain band-pass's phase
 * outside the band partly cancels the signal: -2.4 dB at 100 Hz and 10 kHz
 * with the voice profile's 9 dB); outside it the rise falls off with the
 * band's own 24 dB per octave skirt.
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
	struct adx_biquad_coefs band[4];          /* high-pass x 2, low-pass x 2 */
	struct adx_biquad_coefs allpass[2];       /* at the low and the high edge */
	struct adx_biquad_state state[4];         /* per band stage, both channels */
	struct adx_biquad_state allpass_state[2];
	float e_ll, e_rr, e_lr;                   /* smoothed band energies */
	struct adx_ramp boost;                    /* (A - 1) w */
};

void adx_dialogue_configure(struct adx_dialogue *d, float amount_db,
			    uint32_t period_frames, float rate);
void adx_dialogue_reset(struct adx_dialogue *d);

/* In place; band_left and band_right are frames floats of scratch each.
 * With amount_db 0 the audio is left untouched. */
void adx_dialogue_process(struct adx_dialogue *d, float *left, float *right,
			  uint32_t frames, float *band_left, float *band_right);

#endif
