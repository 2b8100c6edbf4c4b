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

	eq->sections = 0;
	eq->near_dc_sections = 0;
	for (i = 0; i < count; i++) {
		const struct adx_eq_band *b = &bands[i];

		if (b->freq_hz < ADX_EQ_NEAR_DC_BELOW_HZ)
			adx_biquad_design_near_dc(&eq->near_dc[eq->near_dc_sections++],
						  (enum adx_eq_type)b->type, b->freq_hz,
						  b->gain_db, b->q, rate);
		else
			adx_biquad_design(&eq->coefs[eq->sections++], (enum adx_eq_type)b->type,
					  b->freq_hz, b->gain_db, b->q, rate);
	}
	adx_eq_reset(eq);
}

void adx_eq_process(struct adx_eq *eq, float *left, float *right, uint32_t frames)
{
	adx_biquad_cascade(eq->coefs, eq->state, eq->sections, left, right, frames);
	adx_biquad_cascade_near_dc(eq->near_dc, eq->state + eq->sections, eq->near_dc_sections,
				   left, right, frames);
}
