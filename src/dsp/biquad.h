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

/* Identity section (b0 = 1, the rest 0). */
void adx_biquad_identity(struct adx_biquad_coefs *c);

/*
 * Cookbook design for type at f0_hz, gain_db (peaking and shelves only) and
 * Q (alpha = sin(w0) / (2 Q) for every type, shelves included).
 */
void adx_biquad_design(struct adx_biquad_coefs *c, enum adx_eq_type type,
		       double f0_hz, double gain_db, double q, double rate);

/*
 * A cascade of sections, in place on a stereo pair, over frames samples.
 * state holds one entry per section.
 */
void adx_biquad_cascade(const struct adx_biquad_coefs *c,
			struct adx_biquad_state *state, uint32_t sections,
			float *left, float *right, uint32_t frames);

#endif
