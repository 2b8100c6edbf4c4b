// SPDX-License-Identifier: BSD-3-Clause
/*
 * The cascade runs over the whole period a section pair at a time, so the
 * coefficients and state stay in registers for 256 samples.
 */
#include <string.h>

#include "eq.h"

void adx_eq_reset(struct adx_eq *eq)
{
	memset(eq->state, 0, sizeof(eq->state));
}

void adx_eq_configure(struct adx_eq *eq, const struct adx_eq_band *bands,
		      uint32_t count, float rate)
{
	uint32_t i;

	eq->sections = count;
	for (i = 0; i < count; i++)
		adx_biquad_design(&eq->coefs[i], (enum adx_eq_type)bands[i].type,
				  bands[i].freq_hz, bands[i].gain_db, bands[i].q, rate);
	adx_eq_reset(eq);
}

void adx_eq_process(struct adx_eq *eq, float *left, float *right, uint32_t frames)
{
	adx_biquad_cascade(eq->coefs, eq->state, eq->sections, left, right, frames);
}
