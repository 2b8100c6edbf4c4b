/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Headphone virtualiser on the sum/difference convolver (spatial_conv.h).
 *
 * Each symmetric speaker pair (l, r) at +-az becomes two streams, S = l + r
 * and D = l - r; the centre plus LFE is one mono stream M. Filters, in
 * order, with the convolver's A (even) / B (odd) accumulators:
 *   pair g:  S * (Hipsi + Hcontra) / 2 -> A,   D * (Hipsi - Hcontra) / 2 -> B
 *   centre:  M * (Hleft + Hright) / 2  -> A,   M * (Hleft - Hright) / 2  -> B
 * so that left = A + B and right = A - B. Mirror symmetry of the head and
 * the room makes the right speaker's ipsilateral response the left
 * speaker's, which is what lets a pair share its filters.
 *
 * Persistent layout: struct adx_virt (rounded to 16) | convolver region.
 * At init the convolver's init area holds the two HRIRs being designed.
 */
#include "virtualizer.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "hrir.h"
#include "spatial_conv.h"

enum {
	BLOCK = ADX_SCONV_BLOCK,
	PARTITIONS = ADX_HRIR_TAPS / BLOCK,
	MAX_PAIRS = 3,
	CENTRE = 2,  /* channel index of C in 6 and 8 channel layouts */
	LFE = 3,
	DESIGN_BYTES = 2 * ADX_HRIR_TAPS * sizeof(float),
};

_Static_assert(ADX_HRIR_TAPS % BLOCK == 0, "HRIR must be whole partitions");
_Static_assert(ADX_VIRT_ALIGN == ADX_SCONV_ALIGN, "one alignment");
_Static_assert(BLOCK == ADX_DSP_PERIOD_FRAMES, "one period per partition");

struct layout {
	uint32_t pairs;
	bool mono;                    /* centre + LFE stream present */
	uint8_t pair_left[MAX_PAIRS]; /* channel index of each pair's left */
	float pair_azimuth[MAX_PAIRS];
};

struct adx_virt {
	struct layout layout;
	float lfe_gain;
	struct adx_sconv conv;
};

static bool layout_for(uint32_t channels, struct layout *l)
{
	static const struct layout layouts[] = {
		{ 1, false, { 0 }, { 30.0f } },
		{ 2, true, { 0, 4 }, { 30.0f, 110.0f } },
		{ 3, true, { 0, 4, 6 }, { 30.0f, 90.0f, 135.0f } },
	};
	switch (channels) {
	case 2: *l = layouts[0]; return true;
	case 6: *l = layouts[1]; return true;
	case 8: *l = layouts[2]; return true;
	default: return false;
	}
}

static size_t header_bytes(void)
{
	return (sizeof(struct adx_virt) + ADX_VIRT_ALIGN - 1) &
	       ~(size_t)(ADX_VIRT_ALIGN - 1);
}

static uint32_t streams_of(const struct layout *l)
{
	return 2 * l->pairs + (l->mono ? 1 : 0);
}

static uint32_t filters_of(const struct layout *l)
{
	return 2 * l->pairs + (l->mono ? 2 : 0);
}

size_t adx_virt_persistent_bytes(uint32_t channels)
{
	struct layout l;
	if (!layout_for(channels, &l))
		return 0;
	return header_bytes() + adx_sconv_bytes(streams_of(&l), filters_of(&l),
						PARTITIONS, DESIGN_BYTES);
}

size_t adx_virt_scratch_bytes(uint32_t channels)
{
	struct layout l;
	if (!layout_for(channels, &l))
		return 0;
	return adx_sconv_scratch_bytes();
}

void adx_virt_geometry_default(struct adx_virt_geometry *g)
{
	g->head_radius_m = 0.0875f;
	g->room_gain = 0.5f;
	g->speaker_distance_m = 1.5f;
	g->lfe_gain = 0.5f;
}

static bool in_range(float x, float lo, float hi)
{
	return x >= lo && x <= hi; /* false for NaN */
}

static bool geometry_valid(const struct adx_virt_geometry *g, float fs)
{
	return g && in_range(g->head_radius_m, 0.05f, 0.12f) &&
	       in_range(g->room_gain, 0.0f, 1.0f) &&
	       in_range(g->speaker_distance_m, 0.5f, 1.9f) &&
	       in_range(g->lfe_gain, 0.0f, 4.0f) &&
	       in_range(fs, 8000.0f, 192000.0f);
}

static struct adx_hrir_model model_of(const struct adx_virt_geometry *g,
				      float fs)
{
	struct adx_hrir_model m = {
		.head_radius_m = g->head_radius_m,
		.sample_rate = fs,
		.room_gain = g->room_gain,
		.source_distance_m = g->speaker_distance_m,
	};
	return m;
}

/* Tail noise seeds: one per (pair or centre, ipsi/left or contra/right). */
static uint32_t tail_seed(uint32_t group, uint32_t ear)
{
	return 2 * group + ear + 1;
}

/* Ear responses of one group: a pair's left speaker (ipsi, contra) or the
 * centre (left, right) when azimuth is 0. */
static void group_hrirs(const struct adx_hrir_model *m, uint32_t group,
			float azimuth, float *first, float *second)
{
	adx_hrir_compute(m, azimuth, ADX_EAR_LEFT, tail_seed(group, 0), first);
	adx_hrir_compute(m, azimuth, ADX_EAR_RIGHT, tail_seed(group, 1), second);
}

/* (a, b) -> ((a + b) k, (a - b) k): the sum/difference filters, scaled. */
static void sum_and_difference(float *a, float *b, float k)
{
	for (uint32_t i = 0; i < ADX_HRIR_TAPS; i++) {
		float s = a[i] + b[i], d = a[i] - b[i];
		a[i] = s * k;
		b[i] = d * k;
	}
}

static void design_filters(struct adx_virt *v, const struct adx_hrir_model *m,
			   float *first, float *second)
{
	/* 1/2 of the sum/difference form, 1/FFT of the inverse transform */
	const float k = 0.5f / (float)ADX_SCONV_FFT;
	const uint32_t groups = v->layout.pairs + (v->layout.mono ? 1 : 0);
	for (uint32_t g = 0; g < groups; g++) {
		float az = g < v->layout.pairs ? v->layout.pair_azimuth[g] : 0.0f;
		group_hrirs(m, g, az, first, second);
		sum_and_difference(first, second, k);
		/* Pair g owns streams 2g (sum) and 2g + 1 (difference); the
		 * centre's single stream, 2 * pairs, feeds both its filters. */
		adx_sconv_set_filter(&v->conv, 2 * g, 2 * g, first);
		adx_sconv_set_filter(&v->conv, 2 * g + 1,
				     g < v->layout.pairs ? 2 * g + 1 : 2 * g,
				     second);
	}
}

int adx_virt_init(struct adx_virt **out, void *persistent, size_t bytes,
		  uint32_t channels, const struct adx_virt_geometry *geometry,
		  float sample_rate)
{
	struct layout l;
	if (!out || !persistent || !layout_for(channels, &l) ||
	    !geometry_valid(geometry, sample_rate) ||
	    (uintptr_t)persistent % ADX_VIRT_ALIGN != 0 ||
	    bytes < adx_virt_persistent_bytes(channels))
		return -EINVAL;
	struct adx_virt *v = persistent;
	memset(v, 0, sizeof(*v));
	v->layout = l;
	v->lfe_gain = geometry->lfe_gain;
	float *design = adx_sconv_init(&v->conv, (uint8_t *)persistent +
				       header_bytes(), streams_of(&l),
				       filters_of(&l), PARTITIONS, DESIGN_BYTES);
	const struct adx_hrir_model m = model_of(geometry, sample_rate);
	design_filters(v, &m, design, design + ADX_HRIR_TAPS);
	adx_sconv_reset(&v->conv);
	*out = v;
	return 0;
}

void adx_virt_reset(struct adx_virt *v)
{
	adx_sconv_reset(&v->conv);
}

void adx_virt_process(struct adx_virt *v, const float *const *in,
		      float *out_left, float *out_right, void *scratch)
{
	const struct layout *l = &v->layout;
	adx_sconv_advance(&v->conv);
	for (uint32_t p = 0; p < l->pairs; p++) {
		const float *left = in[l->pair_left[p]];
		const float *right = in[l->pair_left[p] + 1];
		adx_sconv_load(&v->conv, 2 * p, left, right, 1.0f, scratch);
		adx_sconv_load(&v->conv, 2 * p + 1, left, right, -1.0f,
			       scratch);
	}
	if (l->mono)
		adx_sconv_load(&v->conv, 2 * l->pairs, in[CENTRE], in[LFE],
			       v->lfe_gain, scratch);
	/* Inputs are consumed above, so outputs may alias in[0] and in[1]. */
	adx_sconv_process(&v->conv, out_left, out_right, scratch);
}

int adx_virt_channel_hrir(const struct adx_virt_geometry *geometry,
			  float sample_rate, uint32_t channels,
			  uint32_t channel, uint32_t ear, float *taps)
{
	struct layout l;
	if (!taps || !layout_for(channels, &l) || channel >= channels ||
	    ear > 1 || !geometry_valid(geometry, sample_rate))
		return -EINVAL;
	const struct adx_hrir_model m = model_of(geometry, sample_rate);
	for (uint32_t p = 0; p < l.pairs; p++) {
		if (channel != l.pair_left[p] && channel != l.pair_left[p] + 1u)
			continue;
		/* The right speaker mirrors the left one: its ipsilateral
		 * ear is the right ear. */
		uint32_t side = channel == l.pair_left[p] ? ear : 1u - ear;
		adx_hrir_compute(&m, l.pair_azimuth[p], (enum adx_ear)side,
				 tail_seed(p, side), taps);
		return 0;
	}
	adx_hrir_compute(&m, 0.0f, (enum adx_ear)ear, tail_seed(l.pairs, ear),
			 taps);
	if (channel == LFE) {
		for (uint32_t i = 0; i < ADX_HRIR_TAPS; i++)
			taps[i] *= geometry->lfe_gain;
	}
	return 0;
}
