/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Volume leveler: measures loudness as ITU-R BS.1770 does (K-weighting,
 * mean square summed over channels, L = -0.691 + 10 log10(sum)) over a
 * sliding window of ADX_LEVELER_WINDOW_PERIODS periods (400 ms, BS.1770's
 * momentary window), and moves its gain towards target - L with separate
 * attack (gain falling) and release (gain rising) time constants.
 *
 * The wanted gain is limited to [-max_cut, +max_boost]. While the window's
 * loudness is below the gate the gain holds still, so silence and
 * low-level noise between programme are not pumped up. The gain moves once
 * a period and is ramped linearly across the period's samples.
 *
 * Feed-forward (the gain depends only on the input), so it cannot oscillate.
 */
#ifndef ADX_DSP_LEVELER_H
#define ADX_DSP_LEVELER_H

#include <stdint.h>

#include "biquad.h"
#include "ramp.h"

#define ADX_LEVELER_WINDOW_PERIODS 75u

struct adx_leveler_params {
	float target_lufs;
	float attack_ms;     /* time constant while the gain falls */
	float release_ms;    /* time constant while the gain rises */
	float max_boost_db;
	float max_cut_db;
	float gate_lufs;
};

struct adx_leveler {
	struct adx_leveler_params params;
	float attack_coef;     /* per-period step fraction, 1 - exp(-T / tau) */
	float release_coef;
	float gain_db;
	struct adx_ramp gain;
	struct adx_biquad_state kstate[2];      /* per stage, both channels */
	float window[ADX_LEVELER_WINDOW_PERIODS]; /* per-period sum of channel mean squares */
	uint32_t window_next;
	uint32_t window_filled;
};

/* BS.1770 K-weighting at 48 kHz: [0] the head shelf, [1] the RLB high-pass. */
extern const struct adx_biquad_coefs adx_kweight_48k[2];

/* Adopts params (validated) and keeps the gain and the loudness history. */
void adx_leveler_configure(struct adx_leveler *lv,
			   const struct adx_leveler_params *params,
			   uint32_t period_frames, float rate);
/* Unity gain, empty window, cleared filters. */
void adx_leveler_reset(struct adx_leveler *lv);

/* In place; kweighted[0] and [1] are frames floats of scratch each. */
void adx_leveler_process(struct adx_leveler *lv, float *left, float *right,
			 uint32_t frames, float *const kweighted[2]);

#endif
