/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Parametric EQ: a cascade of up to ADX_TUNING_MAX_EQ_BANDS cookbook
 * sections, the same on both output channels. The sections of a cascade
 * commute, so the plain ones run first and the near-DC ones after them.
 */
#ifndef ADX_DSP_EQ_H
#define ADX_DSP_EQ_H

#include <stdint.h>

#include "biquad.h"
#include "adx/dsp/tuning.h"

struct adx_eq_band {
	uint32_t type;  /* enum adx_eq_type */
	float freq_hz;
	float gain_db;
	float q;
};

/*
 * Bands below this corner run in the near-DC form (biquad.h), the rest in
 * the plain form; below it, float coefficients in the plain form miss the
 * double-precision design by more than 0.1 dB somewhere in the accepted
 * range of Q and gain.
 */
#define ADX_EQ_NEAR_DC_BELOW_HZ 100.0f

struct adx_eq {
	uint32_t sections;          /* plain sections: coefs[0 .. sections) */
	uint32_t near_dc_sections;  /* near_dc[0 .. near_dc_sections) */
	struct adx_biquad_coefs coefs[ADX_TUNING_MAX_EQ_BANDS];
	struct adx_biquad_near_dc_coefs near_dc[ADX_TUNING_MAX_EQ_BANDS];
	/* plain sections' states first, then the near-DC sections' */
	struct adx_biquad_state state[ADX_TUNING_MAX_EQ_BANDS];
};

/* Designs the cascade for bands (already validated) and clears its state. */
void adx_eq_configure(struct adx_eq *eq, const struct adx_eq_band *bands,
		      uint32_t count, float rate);
void adx_eq_reset(struct adx_eq *eq);
void adx_eq_process(struct adx_eq *eq, float *left, float *right, uint32_t frames);

#endif
