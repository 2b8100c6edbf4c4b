/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Second-order IIR sections: RBJ "Audio EQ Cookbook" design and a transposed
 * direct-form II runner.
 *
 * Coefficients are designed in double and stored as float normalised by a0
 * (H(z) = (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2)). Transposed
 * DF-II keeps two state words per section and channel and, in float, stays
 * well behaved for the low corner frequencies an EQ uses. Every user in the
 * engine filters a stereo pair, so the runner takes one.
 */
#ifndef ADX_DSP_BIQUAD_H
#define ADX_DSP_BIQUAD_H

#include <stdint.h>

#include "adx/dsp/tuning.h"

/* States smaller than this (-600 dBFS) are flushed to 0 between periods. */
#define ADX_BIQUAD_FLUSH_BELOW 1e-30f

struct adx_biquad_coefs {
	float b0, b1, b2, a1, a2;
};

/* State of one section on a stereo pair: [0] left, [1] right. */
struct adx_biquad_state {
	float s1[2], s2[2];
};

/*
 * The same section for poles and zeros near z = 1 (low corner frequencies,
 * where a1 and a2 sit next to -2 and 1): float keeps too few bits of the
 * small differences that place a pole, so a 10 Hz peak lands off frequency
 * and short of its gain. Stored instead are small numbers, each with full
 * relative precision (computed in double from the design):
 *   e1 = b1 + 2 b0,  c1 = a1 + 2,  sum_b = b0 + b1 + b2,  sum_a = 1 + a1 + a2
 * and the runner keeps states that move by small increments (biquad.c).
 * Its state (struct adx_biquad_state) means something else than the plain
 * form's: a section stays in one form. It costs three additions per sample
 * more than the plain form and runs one section at a time.
 */
struct adx_biquad_near_dc_coefs {
	float b0, e1, c1, sum_b, sum_a;
};

/* Identity section (b0 = 1, the rest 0). */
void adx_biquad_identity(struct adx_biquad_coefs *c);

/*
 * Cookbook design for type at f0_hz, gain_db (peaking and shelves only) and
 * Q (alpha = sin(w0) / (2 Q) for every type, shelves included).
 */
void adx_biquad_design(struct adx_biquad_coefs *c, enum adx_eq_type type,
		       double f0_hz, double gain_db, double q, double rate);

/* All-pass section at f0_hz with Q (RBJ cookbook). */
void adx_biquad_design_allpass(struct adx_biquad_coefs *c, double f0_hz, double q, double rate);

/* The near-DC form of adx_biquad_design() (identity for an unknown type). */
void adx_biquad_design_near_dc(struct adx_biquad_near_dc_coefs *c, enum adx_eq_type type,
			       double f0_hz, double gain_db, double q, double rate);

/* As adx_biquad_cascade(), for near-DC sections. */
void adx_biquad_cascade_near_dc(const struct adx_biquad_near_dc_coefs *c,
				struct adx_biquad_state *state, uint32_t sections,
				float *left, float *right, uint32_t frames);

/*
 * A cascade of sections, in place on a stereo pair, over frames samples.
 * state holds one entry per section.
 */
void adx_biquad_cascade(const struct adx_biquad_coefs *c,
			struct adx_biquad_state *state, uint32_t sections,
			float *left, float *right, uint32_t frames);

#endif
