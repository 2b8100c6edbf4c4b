// SPDX-License-Identifier: BSD-3-Clause
/*
 * DC blocker: a one-pole high-pass y[n] = x[n] - x[n-1] + r * y[n-1], per
 * channel, in S16_LE, S32_LE or FLOAT32, as an LL module built out of tree
 * against the installed adx (docs/modules.md).
 *
 * Configuration DC_BLOCK_CFG_POLE (a u32, r in Q0.31) is staged with one
 * atomic store and adopted by process() at the start of a period, so the
 * control thread never writes what process() reads.
 *
 * Non-finite input is taken as silence and clears the filter state: one bad
 * sample must not ring for ever in the recursion. Tiny state values are
 * flushed to zero so a decaying tail never reaches subnormal numbers.
 */
#include <errno.h>
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "adx/module/entry.h"
#include "adx/module/interface.h"

#define DC_BLOCK_CFG_POLE 1u
/* r = 0.995: a corner near 38 Hz at 48 kHz. */
#define DC_BLOCK_POLE_DEFAULT_Q31 2136746230u
#define Q31_ONE 2147483648.0f
/* Below this the state is flushed: far under 16- and 32-bit resolution. */
#define DC_BLOCK_FLUSH 1e-20f

struct dc_block {
	_Atomic uint32_t staged_pole_q31;
	float pole;
	float prev_in[ADX_MAX_CHANNELS];
	float prev_out[ADX_MAX_CHANNELS];
	float scratch[ADX_MAX_CHANNELS];
	uint16_t channels;
	enum adx_sample_format format;
};

static int dc_block_init(struct adx_module *mod)
{
	struct dc_block *dc = adx_mod_zalloc(&mod->mem, sizeof(*dc), 0);

	if (!dc)
		return -ENOMEM;
	atomic_init(&dc->staged_pole_q31, DC_BLOCK_POLE_DEFAULT_Q31);
	mod->priv = dc;
	mod->ll_cost_ns = 1000;
	return 0;
}

static int dc_block_prepare(struct adx_module *mod, struct adx_source **sources,
			    int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dc_block *dc = mod->priv;
	const struct adx_stream_params *in =
		adx_module_one_stream(mod, sources, num_sources, sinks, num_sinks);

	if (!in || in->channels == 0 || in->channels > ADX_MAX_CHANNELS)
		return -EINVAL;
	dc->channels = in->channels;
	dc->format = in->format;
	memset(dc->prev_in, 0, sizeof(dc->prev_in));
	memset(dc->prev_out, 0, sizeof(dc->prev_out));
	mod->in_block_frames = adx_module_period_frames(mod, in->rate);
	mod->out_block_frames = mod->in_block_frames;
	return 0;
}

static float flush_tiny(float v)
{
	return fabsf(v) < DC_BLOCK_FLUSH ? 0.0f : v;
}

/* One frame in place in dc->scratch. */
static void filter_frame(struct dc_block *dc)
{
	for (uint16_t c = 0; c < dc->channels; c++) {
		float x = dc->scratch[c];
		float y;

		if (!isfinite(x)) {
			dc->prev_in[c] = 0.0f;
			dc->prev_out[c] = 0.0f;
			x = 0.0f;
		}
		y = flush_tiny(x - dc->prev_in[c] + dc->pole * dc->prev_out[c]);
		dc->prev_in[c] = x;
		dc->prev_out[c] = y;
		dc->scratch[c] = y;
	}
}

static int dc_block_process(struct adx_module *mod, struct adx_source **sources,
			    int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct dc_block *dc = mod->priv;
	size_t sample = adx_sample_bytes(dc->format);
	size_t frame_bytes = sample * dc->channels;
	uint8_t frame[ADX_MAX_CHANNELS * sizeof(int32_t)];
	int ret;

	(void)num_sources; (void)num_sinks;
	if (adx_source_get_data_available(sources[0]) < mod->in_block_frames * frame_bytes ||
	    adx_sink_get_free_size(sinks[0]) < mod->out_block_frames * frame_bytes)
		return -ENODATA;
	dc->pole = (float)atomic_load_explicit(&dc->staged_pole_q31, memory_order_acquire) /
		   Q31_ONE;
	for (uint32_t f = 0; f < mod->in_block_frames; f++) {
		ret = adx_source_read(sources[0], frame, frame_bytes);
		if (ret)
			return ret;
		adx_to_float(dc->format, frame, dc->scratch, dc->channels);
		filter_frame(dc);
		adx_from_float(dc->format, dc->scratch, frame, dc->channels);
		ret = adx_sink_write(sinks[0], frame, frame_bytes);
		if (ret)
			return ret;
	}
	return 0;
}

static int dc_block_set_configuration(struct adx_module *mod, uint32_t config_id,
				      enum adx_cfg_pos pos, uint32_t data_offset_size,
				      const uint8_t *fragment, size_t fragment_size)
{
	struct dc_block *dc = mod->priv;
	uint32_t pole;

	(void)data_offset_size;
	if (config_id != DC_BLOCK_CFG_POLE || pos != ADX_CFG_SINGLE ||
	    fragment_size != sizeof(pole))
		return -EINVAL;
	memcpy(&pole, fragment, sizeof(pole));
	if (pole >= (1u << 31))
		return -EINVAL;
	atomic_store_explicit(&dc->staged_pole_q31, pole, memory_order_release);
	return 0;
}

static int dc_block_get_configuration(struct adx_module *mod, uint32_t config_id,
				      uint8_t *data, size_t *size)
{
	struct dc_block *dc = mod->priv;
	uint32_t pole = atomic_load_explicit(&dc->staged_pole_q31, memory_order_acquire);

	if (config_id != DC_BLOCK_CFG_POLE || *size < sizeof(pole))
		return -EINVAL;
	memcpy(data, &pole, sizeof(pole));
	*size = sizeof(pole);
	return 0;
}

static const struct adx_module_ops dc_block_ops = {
	.init = dc_block_init,
	.prepare = dc_block_prepare,
	.process = dc_block_process,
	.free = adx_module_free_priv,
	.set_configuration = dc_block_set_configuration,
	.get_configuration = dc_block_get_configuration,
};

static const struct adx_module_driver dc_block_driver = {
	.name = "dc_block",
	.domain = ADX_DOMAIN_LL,
	.ops = &dc_block_ops,
};

/* r = 0.99 and r = 0.9: two corners the validator switches between. */
static const uint8_t pole_099[4] = { 0xec, 0x51, 0xb8, 0x7e };
static const uint8_t pole_090[4] = { 0x33, 0x33, 0x33, 0x73 };

static const struct adx_module_manifest dc_block_manifest = {
	ADX_MODULE_MANIFEST_HEADER,
	.driver = &dc_block_driver,
	.caps = {
		.formats = ADX_FORMAT_BIT(ADX_FMT_S16_LE) | ADX_FORMAT_BIT(ADX_FMT_S32_LE) |
			   ADX_FORMAT_BIT(ADX_FMT_FLOAT32),
		.channel_mask = (1u << 1) | (1u << 2) | (1u << 6) | (1u << 8),
		.rates = { 48000, 44100, 16000 },
		.configs = {
			{ DC_BLOCK_CFG_POLE, pole_099, sizeof(pole_099) },
			{ DC_BLOCK_CFG_POLE, pole_090, sizeof(pole_090) },
		},
	},
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &dc_block_manifest;
}
