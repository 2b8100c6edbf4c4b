// SPDX-License-Identifier: BSD-3-Clause
/*
 * RBJ cookbook biquads (formulas from R. Bristow-Johnson, "Cookbook formulae
 * for audio EQ biquad filter coefficients"), designed in double precision so
 * the float coefficients carry no design error beyond their own rounding.
 */
#include <math.h>
#include <stdbool.h>

#include "biquad.h"

static const double pi = 3.14159265358979323846;

void adx_biquad_identity(struct adx_biquad_coefs *c)
{
	c->b0 = 1.0f;
	c->b1 = 0.0f;
	c->b2 = 0.0f;
	c->a1 = 0.0f;
	c->a2 = 0.0f;
}

struct raw_coefs {
	double b0, b1, b2, a0, a1, a2;
};

static void design_peaking(struct raw_coefs *r, double amp, double cw, double alpha)
{
	r->b0 = 1.0 + alpha * amp;
	r->b1 = -2.0 * cw;
	r->b2 = 1.0 - alpha * amp;
	r->a0 = 1.0 + alpha / amp;
	r->a1 = -2.0 * cw;
	r->a2 = 1.0 - alpha / amp;
}

/* sign +1: low shelf, -1: high shelf (the cookbook's two forms differ only
 * in the sign of the cos(w0) terms and which side holds A). */
static void design_shelf(struct raw_coefs *r, double amp, double cw,
			 double alpha, double sign)
{
	double sq = 2.0 * sqrt(amp) * alpha;
	double ap = amp + 1.0, am = amp - 1.0;

	r->b0 = amp * (ap - sign * am * cw + sq);
	r->b1 = sign * 2.0 * amp * (am - sign * ap * cw);
	r->b2 = amp * (ap - sign * am * cw - sq);
	r->a0 = ap + sign * am * cw + sq;
	r->a1 = -sign * 2.0 * (am + sign * ap * cw);
	r->a2 = ap + sign * am * cw - sq;
}

static void design_pass(struct raw_coefs *r, double cw, double alpha, bool low)
{
	double edge = low ? (1.0 - cw) : (1.0 + cw);

	r->b0 = edge / 2.0;
	r->b1 = low ? edge : -edge;
	r->b2 = edge / 2.0;
	r->a0 = 1.0 + alpha;
	r->a1 = -2.0 * cw;
	r->a2 = 1.0 - alpha;
}

void adx_biquad_design(struct adx_biquad_coefs *c, enum adx_eq_type type,
		       double f0_hz, double gain_db, double q, double rate)
{
	double w0 = 2.0 * pi * f0_hz / rate;
	double cw = cos(w0);
	double alpha = sin(w0) / (2.0 * q);
	double amp = pow(10.0, gain_db / 40.0);
	struct raw_coefs r;

	switch (type) {
	case ADX_EQ_PEAKING:
		design_peaking(&r, amp, cw, alpha);
		break;
	case ADX_EQ_LOW_SHELF:
		design_shelf(&r, amp, cw, alpha, 1.0);
		break;
	case ADX_EQ_HIGH_SHELF:
		design_shelf(&r, amp, cw, alpha, -1.0);
		break;
	case ADX_EQ_LOW_PASS:
		design_pass(&r, cw, alpha, true);
		break;
	case ADX_EQ_HIGH_PASS:
		design_pass(&r, cw, alpha, false);
		break;
	default:
		adx_biquad_identity(c);
		return;
	}
	c->b0 = (float)(r.b0 / r.a0);
	c->b1 = (float)(r.b1 / r.a0);
	c->b2 = (float)(r.b2 / r.a0);
	c->a1 = (float)(r.a1 / r.a0);
	c->a2 = (float)(r.a2 / r.a0);
}

void adx_biquad_run(const struct adx_biquad_coefs *c,
		    struct adx_biquad_state *s, float *x, uint32_t frames)
{
	float b0 = c->b0, b1 = c->b1, b2 = c->b2, a1 = c->a1, a2 = c->a2;
	float s1 = s->s1, s2 = s->s2;
	uint32_t i;

	for (i = 0; i < frames; i++) {
		float in = x[i];
		float out = b0 * in + s1;

		s1 = b1 * in - a1 * out + s2;
		s2 = b2 * in - a2 * out;
		x[i] = out;
	}
	s->s1 = s1;
	s->s2 = s2;
}
