// SPDX-License-Identifier: BSD-3-Clause
/*
 * Volume: a gain with a linear ramp, in the stream's own sample format.
 *
 * The control thread publishes a new target with one atomic store of a
 * packed word (gain and ramp length together), so the LL thread never sees
 * half of an update; process() reads it once per period, and the latest
 * value wins.
 */
#include <errno.h>
#include <string.h>

#include "adx/modules/volume.h"

#define GAIN_MAX_Q8_23 (16 << 23)
#define Q23_ROUND (1ll << 22)

struct volume {
	_Atomic uint64_t staged;   /* (ramp_frames << 32) | (uint32_t)gain_q8_23 */
	uint64_t applied;          /* last staged word adopted by process() */
	int64_t gain_q8_23;        /* current gain, scaled by 2^16 for the ramp */
	int64_t step;              /* per-frame increment, same scale */
	uint32_t ramp_left;
	int64_t target;            /* same scale */
	uint32_t channels;
	enum adx_sample_format format;
};

#define RAMP_SHIFT 16

static uint64_t pack(const struct adx_volume_config *cfg)
{
	return ((uint64_t)cfg->ramp_frames << 32) | (uint32_t)cfg->gain_q8_23;
}

static int volume_init(struct adx_module *mod)
{
	struct volume *vol = adx_mod_zalloc(&mod->mem, sizeof(*vol), 0);
	struct adx_volume_config unity = { .gain_q8_23 = ADX_VOLUME_UNITY_Q8_23 };

	if (!vol)
		return -ENOMEM;
	if (mod->init_data) {
		if (mod->init_data_size != sizeof(unity)) {
			adx_mod_free(&mod->mem, vol);
			return -EINVAL;
		}
		memcpy(&unity, mod->init_data, sizeof(unity));
		if (unity.gain_q8_23 < 0 || unity.gain_q8_23 > GAIN_MAX_Q8_23) {
			adx_mod_free(&mod->mem, vol);
			return -EINVAL;
		}
	}
	unity.ramp_frames = 0;
	atomic_init(&vol->staged, pack(&unity));
	vol->gain_q8_23 = (int64_t)unity.gain_q8_23 << RAMP_SHIFT;
	vol->target = vol->gain_q8_23;
	vol->applied = pack(&unity);
	mod->priv = vol;
	mod->ll_cost_ns = 2000;
	return 0;
}

static int volume_prepare(struct adx_module *mod, struct adx_source **sources,
			  int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct volume *vol = mod->priv;
	const struct adx_stream_params *in =
		adx_module_one_stream(mod, sources, num_sources, sinks, num_sinks);

	if (!in)
		return -EINVAL;
	vol->channels = in->channels;
	vol->format = in->format;
	mod->in_block_frames = adx_module_period_frames(mod, in->rate);
	mod->out_block_frames = mod->in_block_frames;
	return 0;
}

/* Adopts the latest staged target at a period boundary. */
static void adopt_staged(struct volume *vol)
{
	uint64_t word = atomic_load_explicit(&vol->staged, memory_order_acquire);
	uint32_t ramp = (uint32_t)(word >> 32);

	if (word == vol->applied)
		return;
	vol->applied = word;
	vol->target = (int64_t)(int32_t)(uint32_t)word << RAMP_SHIFT;
	if (!ramp) {
		vol->gain_q8_23 = vol->target;
		vol->ramp_left = 0;
		return;
	}
	vol->ramp_left = ramp;
	vol->step = (vol->target - vol->gain_q8_23) / (int64_t)ramp;
}

/* Gain for the next frame, advancing the ramp; the last ramp frame lands on target. */
static int64_t next_gain(struct volume *vol)
{
	if (vol->ramp_left) {
		vol->ramp_left--;
		vol->gain_q8_23 = vol->ramp_left ? vol->gain_q8_23 + vol->step : vol->target;
	}
	return vol->gain_q8_23 >> RAMP_SHIFT;
}

static int32_t saturate32(int64_t v)
{
	return v > INT32_MAX ? INT32_MAX : v < INT32_MIN ? INT32_MIN : (int32_t)v;
}

static int16_t saturate16(int64_t v)
{
	return v > INT16_MAX ? INT16_MAX : v < INT16_MIN ? INT16_MIN : (int16_t)v;
}

/* Round-half-up of x * g / 2^23 in 64 bits: exact at unity gain. */
static int64_t scale(int64_t x, int64_t g)
{
	return (x * g + Q23_ROUND) >> 23;
}

/*
 * One contiguous run of frames per format: the format switch is taken once
 * per run, and while no ramp is in progress the gain is constant, so the
 * sample loop is a plain multiply-round-saturate the compiler vectorises.
 */
static void gain_s16(struct volume *vol, int16_t *dst, const int16_t *src, uint32_t frames)
{
	uint32_t ch = vol->channels;

	if (!vol->ramp_left) {
		int64_t g = vol->gain_q8_23 >> RAMP_SHIFT;

		for (uint32_t i = 0; i < frames * ch; i++)
			dst[i] = saturate16(scale(src[i], g));
		return;
	}
	for (uint32_t f = 0; f < frames; f++, src += ch, dst += ch) {
		int64_t g = next_gain(vol);

		for (uint32_t c = 0; c < ch; c++)
			dst[c] = saturate16(scale(src[c], g));
	}
}

static void gain_s32(struct volume *vol, int32_t *dst, const int32_t *src, uint32_t frames)
{
	uint32_t ch = vol->channels;

	if (!vol->ramp_left) {
		int64_t g = vol->gain_q8_23 >> RAMP_SHIFT;

		for (uint32_t i = 0; i < frames * ch; i++)
			dst[i] = saturate32(scale(src[i], g));
		return;
	}
	for (uint32_t f = 0; f < frames; f++, src += ch, dst += ch) {
		int64_t g = next_gain(vol);

		for (uint32_t c = 0; c < ch; c++)
			dst[c] = saturate32(scale(src[c], g));
	}
}

static float gain_float_of(int64_t g)
{
	return (float)g * (1.0f / (float)ADX_VOLUME_UNITY_Q8_23);
}

static void gain_f32(struct volume *vol, float *dst, const float *src, uint32_t frames)
{
	uint32_t ch = vol->channels;

	if (!vol->ramp_left) {
		float g = gain_float_of(vol->gain_q8_23 >> RAMP_SHIFT);

		for (uint32_t i = 0; i < frames * ch; i++)
			dst[i] = src[i] * g;
		return;
	}
	for (uint32_t f = 0; f < frames; f++, src += ch, dst += ch) {
		float g = gain_float_of(next_gain(vol));

		for (uint32_t c = 0; c < ch; c++)
			dst[c] = src[c] * g;
	}
}

static void apply_run(struct volume *vol, void *dst, const void *src, uint32_t frames)
{
	switch (vol->format) {
	case ADX_FMT_S16_LE: gain_s16(vol, dst, src, frames); break;
	case ADX_FMT_S32_LE: gain_s32(vol, dst, src, frames); break;
	case ADX_FMT_FLOAT32: gain_f32(vol, dst, src, frames); break;
	}
}

/* Bytes from p to the end of its ring window. */
static size_t run_to_wrap(const void *p, const void *start, size_t size)
{
	return (size_t)((const uint8_t *)start + size - (const uint8_t *)p);
}

static int volume_process(struct adx_module *mod, struct adx_source **sources,
			  int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct volume *vol = mod->priv;
	size_t frame = adx_frame_bytes(adx_source_get_params(sources[0]));
	size_t bytes = mod->in_block_frames * frame;
	const void *in, *in_start;
	void *out, *out_start;
	size_t in_size, out_size;
	int ret;

	(void)num_sources; (void)num_sinks;
	ret = adx_source_get_data(sources[0], bytes, &in, &in_start, &in_size);
	if (ret)
		return ret;
	ret = adx_sink_get_buffer(sinks[0], bytes, &out, &out_start, &out_size);
	if (ret) {
		adx_source_release_data(sources[0], 0);
		return ret;
	}
	adopt_staged(vol);
	/* At most three runs: each window wraps at most once, at a frame boundary. */
	for (size_t left = bytes; left;) {
		size_t run = left;

		if (run > run_to_wrap(in, in_start, in_size))
			run = run_to_wrap(in, in_start, in_size);
		if (run > run_to_wrap(out, out_start, out_size))
			run = run_to_wrap(out, out_start, out_size);
		apply_run(vol, out, in, (uint32_t)(run / frame));
		left -= run;
		in = (const uint8_t *)in + run;
		out = (uint8_t *)out + run;
		if (in == (const uint8_t *)in_start + in_size)
			in = in_start;
		if (out == (uint8_t *)out_start + out_size)
			out = out_start;
	}
	adx_source_release_data(sources[0], bytes);
	return adx_sink_commit_buffer(sinks[0], bytes);
}

static int volume_set_configuration(struct adx_module *mod, uint32_t config_id,
				    enum adx_cfg_pos pos, uint32_t data_offset_size,
				    const uint8_t *fragment, size_t fragment_size)
{
	struct volume *vol = mod->priv;
	struct adx_volume_config cfg;

	(void)data_offset_size;
	if (config_id != ADX_VOLUME_CFG_GAIN || pos != ADX_CFG_SINGLE ||
	    fragment_size != sizeof(cfg))
		return -EINVAL;
	memcpy(&cfg, fragment, sizeof(cfg));
	if (cfg.gain_q8_23 < 0 || cfg.gain_q8_23 > GAIN_MAX_Q8_23 ||
	    cfg.ramp_frames > 48000 * 10)
		return -EINVAL;
	atomic_store_explicit(&vol->staged, pack(&cfg), memory_order_release);
	return 0;
}

static int volume_get_configuration(struct adx_module *mod, uint32_t config_id,
				    uint8_t *data, size_t *size)
{
	struct volume *vol = mod->priv;
	uint64_t word = atomic_load_explicit(&vol->staged, memory_order_acquire);
	struct adx_volume_config cfg = {
		.gain_q8_23 = (int32_t)(uint32_t)word,
		.ramp_frames = (uint32_t)(word >> 32),
	};

	if (config_id != ADX_VOLUME_CFG_GAIN || *size < sizeof(cfg))
		return -EINVAL;
	memcpy(data, &cfg, sizeof(cfg));
	*size = sizeof(cfg);
	return 0;
}

static const struct adx_module_ops volume_ops = {
	.init = volume_init,
	.prepare = volume_prepare,
	.process = volume_process,
	.free = adx_module_free_priv,
	.set_configuration = volume_set_configuration,
	.get_configuration = volume_get_configuration,
};

const struct adx_module_driver adx_volume_driver = {
	.name = "volume",
	.domain = ADX_DOMAIN_LL,
	.ops = &volume_ops,
};
