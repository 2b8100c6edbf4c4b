// SPDX-License-Identifier: BSD-3-Clause
#include <errno.h>
#include <string.h>

#include "adx/dsp/engine.h"
#include "engine_vectors.h"

#define VECTOR_PERIODS 48u
#define MAX_IN_CHANNELS 8u
#define FNV_OFFSET 2166136261u
#define FNV_PRIME 16777619u

struct vector_config {
	const char *name;
	enum adx_dsp_format format;
	uint32_t in_channels;
	uint32_t device;
	uint32_t profile;
	uint32_t ctc;
	int32_t volume_at_half; /* volume set halfway through: ramps on the way */
};

static const struct vector_config configs[TB_VECTOR_CONFIGS] = {
	{ "s16_2ch_speaker", ADX_DSP_S16_LE, 2, ADX_DSP_DEVICE_SPEAKER,
	  ADX_DSP_PROFILE_DYNAMIC, 0, ADX_DSP_VOLUME_UNITY },
	{ "s32_8ch_speaker_ctc", ADX_DSP_S32_LE, 8, ADX_DSP_DEVICE_SPEAKER,
	  ADX_DSP_PROFILE_MOVIE, 1, ADX_DSP_VOLUME_UNITY },
	{ "f32_6ch_headphone", ADX_DSP_FLOAT32, 6, ADX_DSP_DEVICE_HEADPHONE,
	  ADX_DSP_PROFILE_MUSIC, 0, ADX_DSP_VOLUME_UNITY },
	{ "s16_2ch_voice_volume", ADX_DSP_S16_LE, 2, ADX_DSP_DEVICE_SPEAKER,
	  ADX_DSP_PROFILE_VOICE, 0, ADX_DSP_VOLUME_UNITY / 4 },
};

static uint8_t persistent[256u * 1024u] __attribute__((aligned(ADX_DSP_ALIGN)));
static uint8_t scratch[64u * 1024u] __attribute__((aligned(ADX_DSP_ALIGN)));
static int32_t in_buf[ADX_DSP_PERIOD_FRAMES * MAX_IN_CHANNELS];
static int32_t out_buf[ADX_DSP_PERIOD_FRAMES * ADX_DSP_OUT_CHANNELS];

/* A triangle per channel (its own period) plus xorshift noise: integers only. */
static int16_t input_sample(uint32_t frame, uint32_t channel, uint32_t *noise)
{
	uint32_t period = 96u + 37u * channel;
	uint32_t phase = frame % period;
	int32_t tri = (int32_t)(phase < period / 2 ? phase : period - phase) * 40000 /
			      (int32_t)period - 10000;

	*noise ^= *noise << 13;
	*noise ^= *noise >> 17;
	*noise ^= *noise << 5;
	return (int16_t)(tri + (int32_t)(*noise % 2001u) - 1000);
}

static void fill_period(const struct vector_config *cfg, uint32_t period, uint32_t *noise)
{
	uint32_t samples = ADX_DSP_PERIOD_FRAMES * cfg->in_channels;

	for (uint32_t i = 0; i < samples; i++) {
		uint32_t frame = period * ADX_DSP_PERIOD_FRAMES + i / cfg->in_channels;
		int16_t s = input_sample(frame, i % cfg->in_channels, noise);

		if (cfg->format == ADX_DSP_S16_LE)
			((int16_t *)in_buf)[i] = s;
		else if (cfg->format == ADX_DSP_S32_LE)
			in_buf[i] = (int32_t)((uint32_t)(int32_t)s << 16);
		else
			((float *)in_buf)[i] = (float)s / 32768.0f; /* exact */
	}
}

static uint32_t fnv1a(uint32_t hash, const uint8_t *bytes, size_t n)
{
	for (size_t i = 0; i < n; i++)
		hash = (hash ^ bytes[i]) * FNV_PRIME;
	return hash;
}

static int apply_controls(struct adx_dsp *engine, const struct vector_config *cfg)
{
	int ret = adx_dsp_set_device(engine, cfg->device);

	if (!ret)
		ret = adx_dsp_set_profile(engine, cfg->profile);
	if (!ret)
		ret = adx_dsp_set_ctc_enable(engine, cfg->ctc);
	return ret;
}

static int run_config(const struct vector_config *cfg, struct tb_vector_result *res,
		      tb_vector_sink sink, void *ctx)
{
	struct adx_dsp_config dc = { ADX_DSP_SAMPLE_RATE, cfg->in_channels,
				     ADX_DSP_OUT_CHANNELS, cfg->format };
	size_t sample_bytes = cfg->format == ADX_DSP_S16_LE ? 2u : 4u;
	size_t out_bytes = ADX_DSP_PERIOD_FRAMES * ADX_DSP_OUT_CHANNELS * sample_bytes;
	struct adx_dsp *engine;
	uint32_t noise = 0x9e3779b9u;
	int ret;

	memset(res, 0, sizeof(*res));
	res->config = cfg->name;
	res->fnv1a = FNV_OFFSET;
	if (adx_dsp_persistent_bytes(&dc) > sizeof(persistent) ||
	    adx_dsp_scratch_bytes(&dc) > sizeof(scratch))
		return res->error = -ENOMEM;
	ret = adx_dsp_init(&engine, &dc, persistent, sizeof(persistent), scratch, sizeof(scratch));
	if (!ret)
		ret = apply_controls(engine, cfg);
	for (uint32_t p = 0; !ret && p < VECTOR_PERIODS; p++) {
		if (p == VECTOR_PERIODS / 2)
			ret = adx_dsp_set_volume(engine, cfg->volume_at_half);
		fill_period(cfg, p, &noise);
		if (!ret)
			ret = adx_dsp_process(engine, in_buf, out_buf);
		if (ret)
			break;
		res->fnv1a = fnv1a(res->fnv1a, (const uint8_t *)out_buf, out_bytes);
		res->bytes += (uint32_t)out_bytes;
		if (sink)
			sink(ctx, cfg->name, out_buf, out_bytes);
	}
	if (!ret)
		ret = adx_dsp_free(engine);
	return res->error = ret;
}

int tb_engine_vectors_run(struct tb_vector_result results[TB_VECTOR_CONFIGS],
			  tb_vector_sink sink, void *ctx)
{
	int first = 0;

	for (uint32_t i = 0; i < TB_VECTOR_CONFIGS; i++) {
		int ret = run_config(&configs[i], &results[i], sink, ctx);

		if (ret && !first)
			first = ret;
	}
	return first;
}
