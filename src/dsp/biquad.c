// SPDX-License-Identifier: BSD-3-Clause
/*
 * RBJ cookbook biquads (formulas from R. Bristow-Johnson, "Cookbook formulae
 * for audio EQ biquad filter coefficients"), designed in double precision so
 * the float coefficients carry no design error beyond their own rounding.
 */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>

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

/* The cookbook section normalised by a0 (r->a0 = 1); false for an unknown type. */
static bool design_normalised(struct raw_coefs *r, enum adx_eq_type type,
			      double f0_hz, double gain_db, double q, double rate)
{
	double w0 = 2.0 * pi * f0_hz / rate;
	double cw = cos(w0);
	double alpha = sin(w0) / (2.0 * q);
	double amp = pow(10.0, gain_db / 40.0);

	switch (type) {
	case ADX_EQ_PEAKING:
		design_peaking(r, amp, cw, alpha);
		break;
	case ADX_EQ_LOW_SHELF:
		design_shelf(r, amp, cw, alpha, 1.0);
		break;
	case ADX_EQ_HIGH_SHELF:
		design_shelf(r, amp, cw, alpha, -1.0);
		break;
	case ADX_EQ_LOW_PASS:
		design_pass(r, cw, alpha, true);
		break;
	case ADX_EQ_HIGH_PASS:
		design_pass(r, cw, alpha, false);
		break;
	default:
		return false;
	}
	r->b0 /= r->a0;
	r->b1 /= r->a0;
	r->b2 /= r->a0;
	r->a1 /= r->a0;
	r->a2 /= r->a0;
	r->a0 = 1.0;
	return true;
}

void adx_biquad_design(struct adx_biquad_coefs *c, enum adx_eq_type type,
		       double f0_hz, double gain_db, double q, double rate)
{
	struct raw_coefs r;

	if (!design_normalised(&r, type, f0_hz, gain_db, q, rate)) {
		adx_biquad_identity(c);
		return;
	}
	c->b0 = (float)r.b0;
	c->b1 = (float)r.b1;
	c->b2 = (float)r.b2;
	c->a1 = (float)r.a1;
	c->a2 = (float)r.a2;
}

/* RBJ cookbook all-pass: |H| = 1, the phase of the same-Q low- and high-pass pair. */
void adx_biquad_design_allpass(struct adx_biquad_coefs *c, double f0_hz, double q, double rate)
{
	double w0 = 2.0 * pi * f0_hz / rate;
	double cw = cos(w0), alpha = sin(w0) / (2.0 * q), a0 = 1.0 + alpha;

	c->b0 = (float)((1.0 - alpha) / a0);
	c->b1 = (float)(-2.0 * cw / a0);
	c->b2 = 1.0f;
	c->a1 = c->b1;
	c->a2 = c->b0;
}

/* The small differences are taken in double, before any rounding to float. */
void adx_biquad_design_near_dc(struct adx_biquad_near_dc_coefs *c, enum adx_eq_type type,
			       double f0_hz, double gain_db, double q, double rate)
{
	struct raw_coefs r;

	if (!design_normalised(&r, type, f0_hz, gain_db, q, rate)) {
		r.b0 = 1.0;
		r.b1 = r.b2 = r.a1 = r.a2 = 0.0;
	}
	c->b0 = (float)r.b0;
	c->e1 = (float)(r.b1 + 2.0 * r.b0);
	c->c1 = (float)(r.a1 + 2.0);
	c->sum_b = (float)(r.b0 + r.b1 + r.b2);
	c->sum_a = (float)(1.0 + r.a1 + r.a2);
}

/*
 * What a section keeps between periods, checked once a period outside the
 * sample loop. A recursive state that once holds a NaN or an infinity holds
 * it for ever, so such a state restarts from silence instead. A state
 * decaying towards 0 in float ends in a limit cycle of subnormals that
 * never reaches 0 (and costs dearly on hardware without flush-to-zero), so
 * a state below ADX_BIQUAD_FLUSH_BELOW, far under any audible level, is
 * flushed to 0 in software: no reliance on an FPU mode.
 */
static float kept_state(float s)
{
	float magnitude = fabsf(s);

	/* Both comparisons are false for a NaN. */
	return magnitude >= ADX_BIQUAD_FLUSH_BELOW && magnitude <= FLT_MAX ? s : 0.0f;
}

typedef float f32x2 __attribute__((vector_size(8)));
typedef float f32x4 __attribute__((vector_size(16)));

static void run_one(const struct adx_biquad_coefs *c, struct adx_biquad_state *s,
		    float *left, float *right, uint32_t frames)
{
	f32x2 b0 = { c->b0, c->b0 }, b1 = { c->b1, c->b1 }, b2 = { c->b2, c->b2 };
	f32x2 a1 = { c->a1, c->a1 }, a2 = { c->a2, c->a2 };
	f32x2 s1 = { s->s1[0], s->s1[1] }, s2 = { s->s2[0], s->s2[1] };
	size_t i;

	for (i = 0; i < frames; i++) {
		f32x2 x = { left[i], right[i] };
		f32x2 y = b0 * x + s1;

		s1 = b1 * x - a1 * y + s2;
		s2 = b2 * x - a2 * y;
		left[i] = y[0];
		right[i] = y[1];
	}
	s->s1[0] = kept_state(s1[0]);
	s->s1[1] = kept_state(s1[1]);
	s->s2[0] = kept_state(s2[0]);
	s->s2[1] = kept_state(s2[1]);
}

/* One step of both sections: x in, y out, states updated. */
#define WAVEFRONT_STEP(x, y)                  \
	do {                                  \
		(y) = b0 * (x) + s1;          \
		s1 = b1 * (x) - a1 * (y) + s2; \
		s2 = b2 * (x) - a2 * (y);     \
	} while (0)

static void run_two(const struct adx_biquad_coefs *c, struct adx_biquad_state *s,
		    float *left, float *right, uint32_t frames)
{
	const struct adx_biquad_coefs *p = &c[0], *q = &c[1];
	f32x4 b0 = { p->b0, p->b0, q->b0, q->b0 }, b1 = { p->b1, p->b1, q->b1, q->b1 };
	f32x4 b2 = { p->b2, p->b2, q->b2, q->b2 }, a1 = { p->a1, p->a1, q->a1, q->a1 };
	f32x4 a2 = { p->a2, p->a2, q->a2, q->a2 };
	f32x4 s1 = { s[0].s1[0], s[0].s1[1], s[1].s1[0], s[1].s1[1] };
	f32x4 s2 = { s[0].s2[0], s[0].s2[1], s[1].s2[0], s[1].s2[1] };
	f32x4 keep_second = { 0.0f, 0.0f, 1.0f, 1.0f }, keep_first = { 1.0f, 1.0f, 0.0f, 0.0f };
	f32x4 x, y, s1_old, s2_old;
	size_t i;

	/* Lead-in: the first section alone takes sample 0; the second's
	 * state is put back as it was. */
	s1_old = s1;
	s2_old = s2;
	x = (f32x4){ left[0], right[0], 0.0f, 0.0f };
	WAVEFRONT_STEP(x, y);
	s1 = s1 * keep_first + s1_old * keep_second;
	s2 = s2 * keep_first + s2_old * keep_second;
	for (i = 1; i < frames; i++) {
		x = (f32x4){ left[i], right[i], y[0], y[1] };
		WAVEFRONT_STEP(x, y);
		left[i - 1] = y[2];
		right[i - 1] = y[3];
	}
	/* Lead-out: the second section alone takes the last sample. */
	s1_old = s1;
	s2_old = s2;
	x = (f32x4){ 0.0f, 0.0f, y[0], y[1] };
	WAVEFRONT_STEP(x, y);
	s1 = s1 * keep_second + s1_old * keep_first;
	s2 = s2 * keep_second + s2_old * keep_first;
	left[frames - 1] = y[2];
	right[frames - 1] = y[3];
	s[0].s1[0] = kept_state(s1[0]);
	s[0].s1[1] = kept_state(s1[1]);
	s[1].s1[0] = kept_state(s1[2]);
	s[1].s1[1] = kept_state(s1[3]);
	s[0].s2[0] = kept_state(s2[0]);
	s[0].s2[1] = kept_state(s2[1]);
	s[1].s2[0] = kept_state(s2[2]);
	s[1].s2[1] = kept_state(s2[3]);
}

void adx_biquad_cascade(const struct adx_biquad_coefs *c,
			struct adx_biquad_state *state, uint32_t sections,
			float *left, float *right, uint32_t frames)
{
	uint32_t k;

	if (frames == 0)
		return;
	for (k = 0; k + 1 < sections; k += 2)
		run_two(&c[k], &state[k], left, right, frames);
	if (k < sections)
		run_one(&c[k], &state[k], left, right, frames);
}

/*
 * The near-DC form of the same recursion. With the plain form's states s1,
 * s2 and v1 = s1, v2 = s1 + s2 (b1 = e1 - 2 b0, a1 = c1 - 2):
 *   y   = b0 x + v1
 *   v1' = b1 x - a1 y + s2 = v1 + v2 + e1 x - c1 y
 *   v2' = v1' + (b2 x - a2 y) = v2 + sum_b x - sum_a y
 * Both states move by small increments, which float adds with little
 * rounding, and every coefficient is a small number held to full relative
 * precision.
 */
static void run_near_dc(const struct adx_biquad_near_dc_coefs *c, struct adx_biquad_state *s,
			float *left, float *right, uint32_t frames)
{
	f32x2 b0 = { c->b0, c->b0 }, e1 = { c->e1, c->e1 }, c1 = { c->c1, c->c1 };
	f32x2 sum_b = { c->sum_b, c->sum_b }, sum_a = { c->sum_a, c->sum_a };
	f32x2 v1 = { s->s1[0], s->s1[1] }, v2 = { s->s2[0], s->s2[1] };
	size_t i;

	for (i = 0; i < frames; i++) {
		f32x2 x = { left[i], right[i] };
		f32x2 y = b0 * x + v1;

		v1 = (v1 + v2) + (e1 * x - c1 * y);
		v2 = v2 + (sum_b * x - sum_a * y);
		left[i] = y[0];
		right[i] = y[1];
	}
	s->s1[0] = kept_state(v1[0]);
	s->s1[1] = kept_state(v1[1]);
	s->s2[0] = kept_state(v2[0]);
	s->s2[1] = kept_state(v2[1]);
}

/* One near-DC step of both sections (the wavefront of run_two()). */
#define NEAR_DC_STEP(x, y)                                     \
	do {                                                   \
		(y) = b0 * (x) + v1;                           \
		v1 = (v1 + v2) + (e1 * (x) - c1 * (y));        \
		v2 = v2 + (sum_b * (x) - sum_a * (y));         \
	} while (0)

static void run_two_near_dc(const struct adx_biquad_near_dc_coefs *c,
			    struct adx_biquad_state *s, float *left, float *right,
			    uint32_t frames)
{
	const struct adx_biquad_near_dc_coefs *p = &c[0], *q = &c[1];
	f32x4 b0 = { p->b0, p->b0, q->b0, q->b0 }, e1 = { p->e1, p->e1, q->e1, q->e1 };
	f32x4 c1 = { p->c1, p->c1, q->c1, q->c1 };
	f32x4 sum_b = { p->sum_b, p->sum_b, q->sum_b, q->sum_b };
	f32x4 sum_a = { p->sum_a, p->sum_a, q->sum_a, q->sum_a };
	f32x4 v1 = { s[0].s1[0], s[0].s1[1], s[1].s1[0], s[1].s1[1] };
	f32x4 v2 = { s[0].s2[0], s[0].s2[1], s[1].s2[0], s[1].s2[1] };
	f32x4 keep_second = { 0.0f, 0.0f, 1.0f, 1.0f }, keep_first = { 1.0f, 1.0f, 0.0f, 0.0f };
	f32x4 x, y, v1_old, v2_old;
	size_t i;

	v1_old = v1;
	v2_old = v2;
	x = (f32x4){ left[0], right[0], 0.0f, 0.0f };
	NEAR_DC_STEP(x, y);
	v1 = v1 * keep_first + v1_old * keep_second;
	v2 = v2 * keep_first + v2_old * keep_second;
	for (i = 1; i < frames; i++) {
		x = (f32x4){ left[i], right[i], y[0], y[1] };
		NEAR_DC_STEP(x, y);
		left[i - 1] = y[2];
		right[i - 1] = y[3];
	}
	v1_old = v1;
	v2_old = v2;
	x = (f32x4){ 0.0f, 0.0f, y[0], y[1] };
	NEAR_DC_STEP(x, y);
	v1 = v1 * keep_second + v1_old * keep_first;
	v2 = v2 * keep_second + v2_old * keep_first;
	left[frames - 1] = y[2];
	right[frames - 1] = y[3];
	for (i = 0; i < 2; i++) {
		s[i].s1[0] = kept_state(v1[2 * i]);
		s[i].s1[1] = kept_state(v1[2 * i + 1]);
		s[i].s2[0] = kept_state(v2[2 * i]);
		s[i].s2[1] = kept_state(v2[2 * i + 1]);
	}
}

void adx_biquad_cascade_near_dc(const struct adx_biquad_near_dc_coefs *c,
				struct adx_biquad_state *state, uint32_t sections,
				float *left, float *right, uint32_t frames)
{
	uint32_t k;

	if (frames == 0)
		return;
	for (k = 0; k + 1 < sections; k += 2)
		run_two_near_dc(&c[k], &state[k], left, right, frames);
	if (k < sections)
		run_near_dc(&c[k], &state[k], left, right, frames);
}
