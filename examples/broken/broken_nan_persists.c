// SPDX-License-Identifier: BSD-3-Clause
/*
 * BROKEN: a one-pole smoother that lets a NaN into its recursion, so one
 * bad input sample makes every later output NaN.
 * Caught by audio.nonfinite_input_does_not_persist.
 */
#include "broken_common.h"

struct smoother {
	float state[2];
};

static int nan_init(struct adx_module *mod)
{
	mod->priv = adx_mod_zalloc(&mod->mem, sizeof(struct smoother), 0);
	return mod->priv ? 0 : -ENOMEM;
}

static int nan_process(struct adx_module *mod, struct adx_source **sources,
		       int num_sources, struct adx_sink **sinks, int num_sinks)
{
	struct smoother *sm = mod->priv;
	float frame[2];
	int ret = 0;

	(void)num_sources; (void)num_sinks;
	for (uint32_t f = 0; !ret && f < mod->in_block_frames; f++) {
		ret = adx_source_read(sources[0], frame, sizeof(frame));
		for (int c = 0; !ret && c < 2; c++) {
			sm->state[c] = 0.5f * frame[c] + 0.5f * sm->state[c];
			frame[c] = sm->state[c];
		}
		ret = ret ? ret : adx_sink_write(sinks[0], frame, sizeof(frame));
	}
	return ret;
}

static int nan_reset(struct adx_module *mod)
{
	memset(mod->priv, 0, sizeof(struct smoother));
	return 0;
}

static const struct adx_module_ops nan_ops = {
	.init = nan_init,
	.prepare = broken_prepare_stream,
	.process = nan_process,
	.reset = nan_reset,
	.free = adx_module_free_priv,
};

static const struct adx_module_driver nan_driver = {
	.name = "broken_nan_persists", .domain = ADX_DOMAIN_LL, .ops = &nan_ops,
};

static const struct adx_module_manifest nan_manifest = {
	ADX_MODULE_MANIFEST_HEADER, .driver = &nan_driver,
	.caps = { .formats = ADX_FORMAT_BIT(ADX_FMT_FLOAT32), .channel_mask = 1u << 2,
		  .rates = { 48000 } },
};

const struct adx_module_manifest *adx_module_entry(void)
{
	return &nan_manifest;
}
