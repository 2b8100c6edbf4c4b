/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Headphone virtualiser: uniformly partitioned overlap-save convolution.
 *
 * Streams and filters. Each symmetric speaker pair (l, r) at +-az becomes two
 * streams, S = l + r and D = l - r; the centre (plus LFE) is one mono stream
 * M. Every period each stream's last two blocks are transformed into a slot
 * of its frequency-domain delay line (FDL). Filters are spectra of HRIR
 * partitions; filter f reads stream min(f, 2 * pairs) and adds into
 * accumulator A (even f) or B (odd f):
 *   pair:  S * (Hipsi + Hcontra) / 2 -> A,   D * (Hipsi - Hcontra) / 2 -> B
 *   mono:  M * (Hleft + Hright) / 2  -> A,   M * (Hleft - Hright) / 2  -> B
 * so that left = A + B and right = A - B. Filters carry the 1/FFT_N of the
 * unnormalised inverse transform.
 *
 * Persistent layout (each part a multiple of 16 bytes):
 *   struct adx_virt | twiddles | history[streams][256]
 *   | fdl[streams][P][512] | filters[filters][P][512]
 * At init the FDL area first holds the two HRIRs being transformed.
 */
#include "virtualizer.h"

#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "fft.h"
#include "hrir.h"

enum {
	BLOCK = ADX_DSP_PERIOD_FRAMES,
	FFT_N = 2 * BLOCK,
	PARTITIONS = ADX_HRIR_TAPS / BLOCK,
	MAX_PAIRS = 3,
	CENTRE = 2,  /* channel index of C in 6 and 8 channel layouts */
	LFE = 3,
};

_Static_assert(ADX_HRIR_TAPS % BLOCK == 0, "HRIR must be whole partitions");
_Static_assert(ADX_VIRT_ALIGN % sizeof(float) == 0, "alignment");

struct layout {
	uint32_t pairs;
	bool mono;                    /* centre + LFE stream present */
	uint8_t pair_left[MAX_PAIRS]; /* channel index of each pair's left */
	float pair_azimuth[MAX_PAIRS];
};

struct adx_virt {
	struct layout layout;
	uint32_t streams;
	uint32_t filters;
	uint32_t newest;              /* FDL slot of the latest block */
	float lfe_gain;
	struct adx_fft fft;
	float *history;
	float *fdl;
	float *spectra;
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

static size_t round16(size_t bytes)
{
	return (bytes + ADX_VIRT_ALIGN - 1) & ~(size_t)(ADX_VIRT_ALIGN - 1);
}

struct sizes {
	size_t header, twiddle, history, fdl, spectra;
	uint32_t streams, filters;
};

static bool sizes_for(uint32_t channels, struct sizes *s)
{
	struct layout l;
	if (!layout_for(channels, &l))
		return false;
	s->streams = 2 * l.pairs + (l.mono ? 1 : 0);
	s->filters = 2 * l.pairs + (l.mono ? 2 : 0);
	const size_t slot = FFT_N * sizeof(float);
	const size_t hrir_pair = 2 * ADX_HRIR_TAPS * sizeof(float);
	s->header = round16(sizeof(struct adx_virt));
	s->twiddle = round16(adx_fft_table_bytes(FFT_N));
	s->history = (size_t)s->streams * BLOCK * sizeof(float);
	s->fdl = (size_t)s->streams * PARTITIONS * slot;
	if (s->fdl < hrir_pair)
		s->fdl = hrir_pair;
	s->spectra = (size_t)s->filters * PARTITIONS * slot;
	return true;
}

size_t adx_virt_persistent_bytes(uint32_t channels)
{
	struct sizes s;
	if (!sizes_for(channels, &s))
		return 0;
	return s.header + s.twiddle + s.history + s.fdl + s.spectra;
}

size_t adx_virt_scratch_bytes(uint32_t channels)
{
	struct sizes s;
	if (!sizes_for(channels, &s))
		return 0;
	return 2 * FFT_N * sizeof(float); /* accumulators A and B */
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

/* Partitions taps into zero-padded FFT_N blocks and transforms them. */
static void taps_to_spectra(const struct adx_fft *fft, const float *taps,
			    float *spectra)
{
	for (uint32_t p = 0; p < PARTITIONS; p++) {
		float *slot = spectra + (size_t)p * FFT_N;
		memcpy(slot, taps + (size_t)p * BLOCK, BLOCK * sizeof(float));
		memset(slot + BLOCK, 0, BLOCK * sizeof(float));
		adx_fft_real_forward(fft, slot);
	}
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

static void design_filters(struct adx_virt *v, const struct adx_hrir_model *m)
{
	float *first = v->fdl, *second = v->fdl + ADX_HRIR_TAPS;
	const float k = 0.5f / (float)FFT_N;
	const size_t filter_floats = (size_t)PARTITIONS * FFT_N;
	const uint32_t groups = v->layout.pairs + (v->layout.mono ? 1 : 0);
	for (uint32_t g = 0; g < groups; g++) {
		float az = g < v->layout.pairs ? v->layout.pair_azimuth[g] : 0.0f;
		group_hrirs(m, g, az, first, second);
		sum_and_difference(first, second, k);
		taps_to_spectra(&v->fft, first, v->spectra + 2 * g * filter_floats);
		taps_to_spectra(&v->fft, second,
				v->spectra + (2 * g + 1) * filter_floats);
	}
}

int adx_virt_init(struct adx_virt **out, void *persistent, size_t bytes,
		  uint32_t channels, const struct adx_virt_geometry *geometry,
		  float sample_rate)
{
	struct sizes s;
	if (!out || !persistent || !sizes_for(channels, &s) ||
	    !geometry_valid(geometry, sample_rate) ||
	    (uintptr_t)persistent % ADX_VIRT_ALIGN != 0 ||
	    bytes < adx_virt_persistent_bytes(channels))
		return -EINVAL;
	uint8_t *base = persistent;
	struct adx_virt *v = persistent;
	memset(v, 0, sizeof(*v));
	layout_for(channels, &v->layout);
	v->streams = s.streams;
	v->filters = s.filters;
	v->lfe_gain = geometry->lfe_gain;
	float *twiddle = (float *)(base + s.header);
	v->history = (float *)(base + s.header + s.twiddle);
	v->fdl = (float *)((uint8_t *)v->history + s.history);
	v->spectra = (float *)((uint8_t *)v->fdl + s.fdl);
	if (adx_fft_init(&v->fft, FFT_N, twiddle, s.twiddle) != 0)
		return -EINVAL;
	const struct adx_hrir_model m = model_of(geometry, sample_rate);
	design_filters(v, &m);
	adx_virt_reset(v);
	*out = v;
	return 0;
}

void adx_virt_reset(struct adx_virt *v)
{
	memset(v->history, 0, (size_t)v->streams * BLOCK * sizeof(float));
	memset(v->fdl, 0, (size_t)v->streams * PARTITIONS * FFT_N * sizeof(float));
	v->newest = 0;
}

static float *fdl_slot(const struct adx_virt *v, uint32_t stream, uint32_t age)
{
	uint32_t slot = (v->newest + PARTITIONS - age) % PARTITIONS;
	return v->fdl + ((size_t)stream * PARTITIONS + slot) * FFT_N;
}

/*
 * Overlap-save input: the slot holds [previous block | this block], where
 * the stream's block is a + weight * b, and is transformed in place.
 */
static void load_stream(struct adx_virt *v, uint32_t stream, const float *a,
			const float *b, float weight)
{
	float *slot = fdl_slot(v, stream, 0);
	float *prev = v->history + (size_t)stream * BLOCK;
	memcpy(slot, prev, BLOCK * sizeof(float));
	for (uint32_t i = 0; i < BLOCK; i++)
		slot[BLOCK + i] = a[i] + weight * b[i];
	memcpy(prev, slot + BLOCK, BLOCK * sizeof(float));
	adx_fft_real_forward(&v->fft, slot);
}

static void load_inputs(struct adx_virt *v, const float *const *in)
{
	const struct layout *l = &v->layout;
	v->newest = (v->newest + 1) % PARTITIONS;
	for (uint32_t p = 0; p < l->pairs; p++) {
		const float *left = in[l->pair_left[p]];
		const float *right = in[l->pair_left[p] + 1];
		load_stream(v, 2 * p, left, right, 1.0f);
		load_stream(v, 2 * p + 1, left, right, -1.0f);
	}
	if (l->mono)
		load_stream(v, 2 * l->pairs, in[CENTRE], in[LFE], v->lfe_gain);
}

/* acc += x * h on packed spectra (bin 0 holds the real DC and Nyquist). */
static void spectrum_mac(float *restrict acc, const float *restrict x,
			 const float *restrict h)
{
	acc[0] += x[0] * h[0];
	acc[1] += x[1] * h[1];
	for (uint32_t k = 2; k < FFT_N; k += 2) {
		acc[k] += x[k] * h[k] - x[k + 1] * h[k + 1];
		acc[k + 1] += x[k] * h[k + 1] + x[k + 1] * h[k];
	}
}

static void accumulate(const struct adx_virt *v, float *a, float *b)
{
	const uint32_t mono_stream = 2 * v->layout.pairs;
	memset(a, 0, FFT_N * sizeof(float));
	memset(b, 0, FFT_N * sizeof(float));
	for (uint32_t f = 0; f < v->filters; f++) {
		uint32_t stream = f < mono_stream ? f : mono_stream;
		float *acc = (f & 1) ? b : a;
		const float *h = v->spectra + (size_t)f * PARTITIONS * FFT_N;
		for (uint32_t age = 0; age < PARTITIONS; age++)
			spectrum_mac(acc, fdl_slot(v, stream, age),
				     h + (size_t)age * FFT_N);
	}
}

void adx_virt_process(struct adx_virt *v, const float *const *in,
		      float *out_left, float *out_right, void *scratch)
{
	float *a = scratch, *b = a + FFT_N;
	load_inputs(v, in);
	accumulate(v, a, b);
	for (uint32_t k = 0; k < FFT_N; k++) {
		float sum = a[k] + b[k], dif = a[k] - b[k];
		a[k] = sum;
		b[k] = dif;
	}
	adx_fft_real_inverse(&v->fft, a);
	adx_fft_real_inverse(&v->fft, b);
	/* Overlap-save: the first half of each output block is aliased. */
	memcpy(out_left, a + BLOCK, BLOCK * sizeof(float));
	memcpy(out_right, b + BLOCK, BLOCK * sizeof(float));
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
