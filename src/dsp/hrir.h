/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spherical-head HRIR model (Brown and Duda, "A structural model for
 * binaural sound synthesis", 1998), with a small-room model so the
 * responses are long enough to need partitioned convolution.
 *
 * Ears sit at azimuth +-90 degrees on a sphere of radius a. For a source at
 * distance d from the head centre and incidence angle theta from an ear's
 * axis:
 *  - delay: the straight path to the ear while it is visible (theta <=
 *    acos(a/d)), else the tangent plus the arc around the sphere. For a
 *    distant source this is Woodworth's T = -(a/c) cos(theta) (theta <
 *    pi/2), (a/c)(theta - pi/2) (otherwise), and a source at azimuth phi
 *    gives ITD = (a/c)(phi + sin phi);
 *  - head shadow: H(s) = (1 + alpha s / (2 w0)) / (1 + s / (2 w0)),
 *    w0 = c/a, alpha(theta) = 1.05 + 0.95 cos(theta * 180 / 150 deg):
 *    +6 dB at high frequencies facing the ear, -20 dB at theta = 150.
 *    Applied at sample rate through the bilinear transform.
 *
 * Room: the listener at the centre of a 5.0 m (front-back) x 4.0 m x 2.6 m
 * room, ears 1.2 m above the floor, the source at speaker distance d in the
 * ear plane. The six first-order image sources arrive through the same head
 * model with amplitude room_gain * d / r_image; a diffuse tail (decorrelated
 * per ear, RT60 0.25 s, level 0.02 * room_gain per sample, from 4 ms after
 * the direct sound) follows. Anything past ADX_HRIR_TAPS is cut with a
 * 128-tap half-Hann fade. Direct sound: gain 1 at adx_hrir_predelay() + T.
 * Delays are fractional: a 32-tap Blackman-windowed sinc places each
 * arrival, so sub-sample ITDs survive.
 */
#ifndef ADX_DSP_HRIR_H
#define ADX_DSP_HRIR_H

#include <stdint.h>

#define ADX_HRIR_TAPS 1024
#define ADX_SPEED_OF_SOUND 343.0f

enum adx_ear { ADX_EAR_LEFT = 0, ADX_EAR_RIGHT = 1 };

struct adx_hrir_model {
	float head_radius_m;
	float sample_rate;
	float room_gain;
	float source_distance_m;
};

/* Path length from a point source at distance_m (> head_radius_m) to the
 * ear at incidence theta: straight, or tangent plus arc in the shadow. */
float adx_head_path_m(float head_radius_m, float distance_m,
		      float incidence_rad);

/* Arrival time at the ear minus arrival time at the head centre (seconds). */
float adx_head_delay_s(float head_radius_m, float distance_m,
		       float incidence_rad);

/* Brown-Duda head-shadow zero factor alpha at incidence theta. */
float adx_head_shadow_alpha(float incidence_rad);

/* Frames before the direct sound at the head centre: a/c plus the
 * interpolator's half length, so the earliest (T < 0) arrival is causal. */
uint32_t adx_hrir_predelay(const struct adx_hrir_model *m);

/*
 * The response at one ear to a source at azimuth_deg (positive = left).
 * tail_seed selects the diffuse tail's noise; use a different seed per ear
 * so the tails are decorrelated.
 */
void adx_hrir_compute(const struct adx_hrir_model *m, float azimuth_deg,
		      enum adx_ear ear, uint32_t tail_seed,
		      float taps[ADX_HRIR_TAPS]);

#endif
