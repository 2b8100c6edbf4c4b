/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the deliberately broken modules share: a float gain stage on one
 * stream (prepare, the manifest). Each broken_*.c adds one bug; the tests
 * in tests/tools/validate prove adx-validate names it.
 */
#ifndef BROKEN_COMMON_H
#define BROKEN_COMMON_H

#include <errno.h>
#include <string.h>

#include "adx/module/entry.h"
#include "adx/module/interface.h"

#define BROKEN_CFG_GAIN 1u

/* A float gain in a u32 (IEEE bits, little-endian): 0.5 and 0.25. */
static const uint8_t broken_gain_half[4] = { 0x00, 0x00, 0x00, 0x3f };
static const uint8_t broken_gain_quarter[4] = { 0x00, 0x00, 0x80, 0x3e };

#define BROKEN_CAPS {                                                         \
	.formats = ADX_FORMAT_BIT(ADX_FMT_FLOAT32), .channel_mask = 1u << 2,  \
	.rates = { 48000 },                                                   \
	.configs = { { BROKEN_CFG_GAIN, broken_gain_half, 4 },                \
		     { BROKEN_CFG_GAIN, broken_gain_quarter, 4 } } }

static inline int broken_prepare_stream(struct adx_module *mod, struct adx_source **sources,
					int num_sources, struct adx_sink **sinks,
					int num_sinks)
{
	const struct adx_stream_params *in =
		adx_module_one_stream(mod, sources, num_sources, sinks, num_sinks);

	if (!in || in->format != ADX_FMT_FLOAT32 || in->channels != 2)
		return -EINVAL;
	mod->in_block_frames = adx_module_period_frames(mod, in->rate);
	mod->out_block_frames = mod->in_block_frames;
	return 0;
}

static inline int broken_gain_config(uint32_t config_id, enum adx_cfg_pos pos,
				     const uint8_t *fragment, size_t size, float *gain)
{
	if (config_id != BROKEN_CFG_GAIN || pos != ADX_CFG_SINGLE || size != sizeof(*gain))
		return -EINVAL;
	memcpy(gain, fragment, sizeof(*gain));
	return *gain >= 0.0f && *gain <= 4.0f ? 0 : -EINVAL;
}

#endif
