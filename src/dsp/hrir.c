/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Spherical-head HRIRs with first-order room reflections and a diffuse tail.
 * See hrir.h for the model and its constants.
 */
#include "hrir.h"

#include <math.h>
#include <string.h>

#define PI_F 3.14159265358979f

enum {
	INTERP_HALF = 16,     /* windowed-sinc half length, frames */
	FADE_TAPS = 128,      /* half-Hann fade at the end of the response */
	IMAGE_COUNT = 6,      /* first-order image sources of a shoebox room */
};

/* Room (metres, listener at the origin: x front, y left, z up). */
static const float room_front = 2.5f, room_back = -2.5f;
static const float room_left = 2.0f, room_right = -2.0f;
static const float room_ceiling = 1.4f, room_floor = -1.2f;

static const float tail_start_s = 0.004f;   /* after the direct sound */
static const float tail_ramp_s = 0.004f;
static const float tail_rt60_s = 0.25f;
static const float tail_level = 0.02f;      /* per-sample std at room_gain 1 */

struct vec3 {
	float x, y, z;
};

float adx_head_path_m(float head_radius_m, float distance_m,
		      float incidence_rad)
{
	const float a = head_radius_m, d = distance_m;
	const float grazing = acosf(a / d); /* last angle that sees the source */
	if (incidence_rad <= grazing)
		return sqrtf(d * d + a * a - 2.0f * a * d * cosf(incidence_rad));
	return sqrtf(d * d - a * a) + a * (incidence_rad - grazing);
}

float adx_head_delay_s(float head_radius_m, float distance_m,
		       float incidence_rad)
{
	float path = adx_head_path_m(head_radius_m, distance_m, incidence_rad);
	return (path - distance_m) / ADX_SPEED_OF_SOUND;
}

float adx_head_shadow_alpha(float incidence_rad)
{
	/* Brown-Duda: alpha_min 0.1 at theta_min 150 degrees. */
	return 1.05f + 0.95f * cosf(incidence_rad * (180.0f / 150.0f));
}

static float incidence_of(struct vec3 unit, enum adx_ear ear)
{
	float c = ear == ADX_EAR_LEFT ? unit.y : -unit.y;
	if (c > 1.0f)
		c = 1.0f;
	if (c < -1.0f)
		c = -1.0f;
	return acosf(c);
}

uint32_t adx_hrir_predelay(const struct adx_hrir_model *m)
{
	float lead = m->head_radius_m / ADX_SPEED_OF_SOUND * m->sample_rate;
	return (uint32_t)ceilf(lead) + INTERP_HALF;
}

static float blackman_sinc(float t)
{
	const float half = (float)INTERP_HALF;
	if (fabsf(t) >= half)
		return 0.0f;
	float w = 0.42f + 0.5f * cosf(PI_F * t / half) +
		  0.08f * cosf(2.0f * PI_F * t / half);
	if (fabsf(t) < 1e-6f)
		return w;
	return w * sinf(PI_F * t) / (PI_F * t);
}

/*
 * Adds gain * shadow(alpha) applied to an impulse at a fractional delay.
 * The shadow filter is the bilinear transform of
 * (1 + alpha s/(2 w0)) / (1 + s/(2 w0)); it runs until its one pole has
 * decayed below float resolution or the response ends.
 */
static void add_arrival(float *taps, const struct adx_hrir_model *m,
			float delay, float gain, float alpha)
{
	const float fs = m->sample_rate;
	const float w0 = ADX_SPEED_OF_SOUND / m->head_radius_m;
	const float a0 = w0 + fs;
	const float b0 = (w0 + alpha * fs) / a0, b1 = (w0 - alpha * fs) / a0;
	const float a1 = (w0 - fs) / a0;
	const int32_t centre = (int32_t)floorf(delay);
	const float frac = delay - (float)centre;
	const int32_t first = centre - INTERP_HALF + 1;
	const int32_t last = centre + INTERP_HALF;
	if (first < 0 || last >= ADX_HRIR_TAPS)
		return; /* an echo that does not fit is left out */
	float x_prev = 0.0f, y = 0.0f;
	for (int32_t i = first; i < ADX_HRIR_TAPS; i++) {
		float x = i <= last ? blackman_sinc((float)(i - centre) - frac) : 0.0f;
		y = b0 * x + b1 * x_prev - a1 * y;
		x_prev = x;
		taps[i] += gain * y;
		if (i > last && fabsf(y) < 1e-9f)
			break;
	}
}

/* One ray: from a (possibly mirrored) source position to the ear. */
static void add_ray(float *taps, const struct adx_hrir_model *m,
		    struct vec3 source, enum adx_ear ear, float gain)
{
	const float d = m->source_distance_m;
	const float r = sqrtf(source.x * source.x + source.y * source.y +
			      source.z * source.z);
	const struct vec3 u = { source.x / r, source.y / r, source.z / r };
	const float theta = incidence_of(u, ear);
	const float delay_s = (r - d) / ADX_SPEED_OF_SOUND +
			      adx_head_delay_s(m->head_radius_m, r, theta);
	add_arrival(taps, m, (float)adx_hrir_predelay(m) + delay_s * m->sample_rate,
		    gain * d / r, adx_head_shadow_alpha(theta));
}

static void add_image_sources(float *taps, const struct adx_hrir_model *m,
			      struct vec3 s, enum adx_ear ear)
{
	const struct vec3 images[IMAGE_COUNT] = {
		{ 2.0f * room_front - s.x, s.y, s.z },
		{ 2.0f * room_back - s.x, s.y, s.z },
		{ s.x, 2.0f * room_left - s.y, s.z },
		{ s.x, 2.0f * room_right - s.y, s.z },
		{ s.x, s.y, 2.0f * room_ceiling - s.z },
		{ s.x, s.y, 2.0f * room_floor - s.z },
	};
	for (uint32_t i = 0; i < IMAGE_COUNT; i++)
		add_ray(taps, m, images[i], ear, m->room_gain);
}

/* Uniform noise with unit variance from a local LCG (no shared state). */
static float tail_noise(uint32_t *state)
{
	*state = *state * 1664525u + 1013904223u;
	float u = (float)(*state >> 8) * (1.0f / 16777216.0f) - 0.5f;
	return u * 3.46410162f; /* sqrt(12) */
}

static void add_diffuse_tail(float *taps, const struct adx_hrir_model *m,
			     uint32_t seed)
{
	const float fs = m->sample_rate;
	const uint32_t start = adx_hrir_predelay(m) + (uint32_t)(tail_start_s * fs);
	const float ramp = tail_ramp_s * fs;
	/* exp(-ln(1000) t / RT60): -60 dB after RT60 */
	const float decay = expf(-6.90775528f / (tail_rt60_s * fs));
	float env = tail_level * m->room_gain;
	uint32_t state = seed * 2654435761u + 1u;
	for (uint32_t i = start; i < ADX_HRIR_TAPS; i++) {
		float t = (float)(i - start);
		float rise = t < ramp ? 0.5f - 0.5f * cosf(PI_F * t / ramp) : 1.0f;
		taps[i] += env * rise * tail_noise(&state);
		env *= decay;
	}
}

static void fade_out(float *taps)
{
	for (uint32_t i = 0; i < FADE_TAPS; i++) {
		float t = (float)(i + 1) / (float)(FADE_TAPS + 1);
		taps[ADX_HRIR_TAPS - FADE_TAPS + i] *= 0.5f + 0.5f * cosf(PI_F * t);
	}
}

void adx_hrir_compute(const struct adx_hrir_model *m, float azimuth_deg,
		      enum adx_ear ear, uint32_t tail_seed,
		      float taps[ADX_HRIR_TAPS])
{
	const float az = azimuth_deg * (PI_F / 180.0f);
	const float d = m->source_distance_m;
	const struct vec3 source = { d * cosf(az), d * sinf(az), 0.0f };
	memset(taps, 0, ADX_HRIR_TAPS * sizeof(float));
	add_ray(taps, m, source, ear, 1.0f);
	if (m->room_gain > 0.0f) {
		add_image_sources(taps, m, source, ear);
		add_diffuse_tail(taps, m, tail_seed);
	}
	fade_out(taps);
}
