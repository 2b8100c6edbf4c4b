/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Parametric EQ: a cascade of up to ADX_TUNING_MAX_EQ_BANDS cookbook
 * sections, the same on both output channels.
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

struct adx_eq {
	uint32_t sections;
	struct adx_biquad_coefs coefs[ADX_TUNING_MAX_EQ_BANDS];
	struct adx_biquad_state state[ADX_TUNING_MAX_EQ_BANDS];
};

/* Designs the cascade for bands (already validated) and clears its state. */
void adx_eq_configure(struct adx_eq *eq, const struct adx_eq_band *bands,
		      uint32_t count, float rate);
void adx_eq_reset(struct adx_eq *eq);
void adx_eq_process(struct adx_eq *eq, float *left, float *right, uint32_t frames);

#endif
